"""One Rasa turn for a call: POST the caller's words to Rasa's `voice` channel
(`/webhooks/voice/webhook`, the REST body, with the internal secret as X-Helpdesk-Secret:
the only channel whose caller number the bot believes), and sort the bot's reply into what
to say, the keypad menu and call control."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, cast

import httpx

from helpdesk.conversation.contracts import (
    EXPECT_KEY,
    HANDOFF_KEY,
    HANGUP_KEY,
    VOICE_CHANNEL,
    ExpectedSpeech,
    HandoffControl,
    VoiceMetadata,
)
from helpdesk.security.internal_auth import INTERNAL_SECRET_HEADER
from helpdesk.wording import VOICE_UNAVAILABLE

log = logging.getLogger(__name__)

UNAVAILABLE = VOICE_UNAVAILABLE  # said when a Rasa turn fails


@dataclass
class BotReply:
    texts: list[str] = field(default_factory=list)
    buttons: list[dict[str, str]] = field(default_factory=list)
    handoff: HandoffControl | None = None  # the call-control contract
    hangup: bool = False
    failed: bool = False
    expected: list[ExpectedSpeech] = field(default_factory=list)  # what it listens for next


def parse_reply(messages: list[dict[str, Any]]) -> BotReply:
    reply = BotReply()
    for message in messages:
        if not isinstance(message, dict):
            continue
        if isinstance(message.get("text"), str) and message["text"].strip():
            reply.texts.append(message["text"].strip())
        if isinstance(message.get("buttons"), list):
            reply.buttons = [b for b in message["buttons"]
                             if isinstance(b, dict) and isinstance(b.get("payload"), str)]
        custom = message.get("custom")
        if isinstance(custom, dict):
            if isinstance(custom.get(HANDOFF_KEY), dict):
                reply.handoff = cast(HandoffControl, custom[HANDOFF_KEY])
            if custom.get(HANGUP_KEY):
                reply.hangup = True
            if isinstance(custom.get(EXPECT_KEY), dict):
                reply.expected.append(cast(ExpectedSpeech, custom[EXPECT_KEY]))
    return reply


class RasaClient:
    """Shared by all calls of the gateway (one HTTP connection pool)."""

    def __init__(self, rasa_url: str, secret: str, timeout_s: float = 30.0) -> None:
        self.webhook = f"{rasa_url.rstrip('/')}/webhooks/{VOICE_CHANNEL}/webhook"
        self._client = httpx.AsyncClient(timeout=timeout_s,
                                         headers={INTERNAL_SECRET_HEADER: secret})
        if not secret:
            log.error("HELPDESK_INTERNAL_SECRET is not set: Rasa's voice channel will "
                      "refuse every call turn")

    async def send(self, sender: str, text: str, metadata: VoiceMetadata) -> BotReply:
        body = {"sender": sender, "message": text, "metadata": metadata}
        try:
            response = await self._client.post(self.webhook, json=body)
            response.raise_for_status()
            return parse_reply(response.json())
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("Rasa turn for call %s failed: %s", sender, exc)
            return BotReply(texts=[UNAVAILABLE], failed=True)

    async def close(self) -> None:
        await self._client.aclose()
