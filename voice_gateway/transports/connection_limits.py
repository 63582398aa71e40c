"""Admission of voice connections per client address: new connections within a moving
window (HELPDESK_VOICE_CONNECT_RATE) and connections open at once
(HELPDESK_VOICE_CALLS_PER_CLIENT), for the Twilio and browser WebSockets and AudioSocket.

The rate is counted with `limits` (in memory, or in Redis shared by several gateways, as
the chat limits are); open connections are counted here, since a call lives in one gateway.
Every refusal is logged once, as a warning.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from limits import RateLimitItem, parse, storage, strategies

from helpdesk.config import VoiceSettings

log = logging.getLogger(__name__)


@dataclass
class Admission:
    """One admitted connection; `release()` when it ends (more calls are harmless)."""

    limits: ConnectionLimits
    client: str
    released: bool = False

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.limits.release(self.client)


@dataclass
class ConnectionLimits:
    rate: RateLimitItem
    calls_per_client: int
    limiter: strategies.MovingWindowRateLimiter
    counts: storage.Storage  # the strategy keeps only a weak reference
    open_calls: Counter[str] = field(default_factory=Counter)

    @classmethod
    def from_settings(cls, settings: VoiceSettings) -> ConnectionLimits:
        counts = storage.storage_from_string(settings.rate_limit_storage)
        return cls(parse(settings.connect_rate), settings.calls_per_client,
                   strategies.MovingWindowRateLimiter(counts), counts)

    def admit(self, client: str, kind: str) -> Admission | None:
        """Count a new connection of `kind` (twilio, browser, audiosocket) from `client`;
        None when the client is over its rate or has too many connections open."""
        client = client or "unknown"
        if self.open_calls[client] >= self.calls_per_client:
            log.warning("voice connection refused: %s from %s, already %d open", kind, client,
                        self.open_calls[client])
            return None
        try:  # only connections that would be admitted count towards the rate
            within_rate = self.limiter.hit(self.rate, "voice-connect", client)
        except Exception:  # the counter store is down: serve rather than refuse everyone
            log.exception("voice connection rate store unavailable; connection allowed")
            within_rate = True
        if not within_rate:
            log.warning("voice connection refused: %s from %s, over %s", kind, client,
                        self.rate)
            return None
        self.open_calls[client] += 1
        return Admission(self, client)

    def release(self, client: str) -> None:
        self.open_calls[client] -= 1
        if self.open_calls[client] <= 0:
            del self.open_calls[client]
