"""Rate limits on chat messages (REST webhook and the widget): per conversation, so one
runaway client cannot flood a conversation, and per client address, so random
conversation ids do not get around it. Counted in memory, or in Redis when several Rasa
servers run (HELPDESK_RATE_LIMIT_STORAGE, else LOCK_STORE_URL)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from limits import RateLimitItem, parse, storage, strategies

from helpdesk.config import Settings

log = logging.getLogger(__name__)

RETRY_MESSAGE = "You're sending messages very quickly. Please wait a moment and try again."


@dataclass
class ChatRateLimiter:
    per_conversation: RateLimitItem
    per_client: RateLimitItem
    limiter: strategies.MovingWindowRateLimiter

    @classmethod
    def from_settings(cls, settings: Settings) -> ChatRateLimiter:
        counts = storage.storage_from_string(settings.rate_limit_storage)
        limiter = cls(parse(settings.chat.rate), parse(settings.chat.client_rate),
                      strategies.MovingWindowRateLimiter(counts))
        limiter._storage = counts  # the strategy keeps only a weak reference
        return limiter

    def allow(self, conversation_id: str, client: str) -> bool:
        """Count one message; False when either limit is exceeded (logged)."""
        try:
            ok_client = self.limiter.hit(self.per_client, "chat-client", client or "unknown")
            ok_conversation = self.limiter.hit(self.per_conversation, "chat-conversation",
                                               conversation_id)
        except Exception:  # the counter store is down: serve rather than refuse everyone
            log.exception("chat rate limit store unavailable; message allowed")
            return True
        if not (ok_client and ok_conversation):
            log.warning("chat rate limit: %s from %s refused",
                        "conversation" if ok_client else "client", client)
        return ok_client and ok_conversation
