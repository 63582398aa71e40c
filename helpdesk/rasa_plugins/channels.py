"""Rasa input channels: the REST webhook with input validation, the voice gateway's own
channel, and GET /health.

Identity comes only from trusted channels (CONTRACT §4): a REST client's `input_channel`
is ignored and its metadata is reduced to `customer_token` (signed, checked by the action
server), so no client can claim a caller number or pose as a call. The `voice` channel
(`/webhooks/voice/webhook`) answers only the voice gateway, which proves itself with the
internal secret (`X-Helpdesk-Secret`); its metadata (caller number, keypad digits) passes
as sent.
"""

from __future__ import annotations

import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.config import get_settings
from helpdesk.rasa_plugins import action_calls, action_fallback, typed_payloads
from helpdesk.rasa_plugins.chat_limits import RETRY_MESSAGE, ChatRateLimiter
from helpdesk.security.internal_auth import INTERNAL_SECRET_HEADER, is_internal_request
from helpdesk.wording import RETRY_AFTER_SECONDS, SLOW_ANSWER, TEMPORARY_PROBLEM

logger = logging.getLogger(__name__)
# Rasa loads this module at start: see helpdesk.rasa_plugins.action_fallback
action_fallback.install()
# typed `/...` payloads not offered: see helpdesk.rasa_plugins.typed_payloads
typed_payloads.install()
# the action round trip: see helpdesk.rasa_plugins.action_calls
if not get_settings().stock_action_calls:
    action_calls.install()

MAX_MESSAGE_CHARS = 20_000
MAX_SENDER_CHARS = 255
MAX_TOKEN_CHARS = 4096
# What a chat client (REST or the widget) may put in a message's metadata: only the signed
# customer token, which proves itself. Caller numbers, channels and any other identity
# claim are dropped.
CLIENT_METADATA_KEYS = ("customer_token",)


def _error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def _unavailable(message: str) -> HTTPResponse:
    """503 with the polite message and when to retry (the same as nginx sends when no Rasa
    server is up)."""
    return response.json({"error": message}, status=503,
                         headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def validate_rest_body(body: Any) -> tuple[str, str, dict[str, Any] | None] | str:
    """Return (sender, text, metadata) of a webhook body, or the reason it is rejected."""
    if not isinstance(body, dict):
        return "the body must be a JSON object with 'sender' and 'message'"
    sender, text, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if not isinstance(sender, str) or not sender.strip():
        return "'sender' must be a non-empty string"
    if len(sender) > MAX_SENDER_CHARS:
        return f"'sender' must be at most {MAX_SENDER_CHARS} characters"
    if text is None:
        text = ""
    if not isinstance(text, str):
        return "'message' must be a string"
    if len(text) > MAX_MESSAGE_CHARS:
        return f"'message' must be at most {MAX_MESSAGE_CHARS} characters"
    if metadata is not None and not isinstance(metadata, dict):
        return "'metadata' must be a JSON object"
    return sender, text.replace("\x00", ""), metadata


def client_metadata(raw: Any) -> dict[str, str]:
    """A chat client's metadata reduced to the keys it may send (CLIENT_METADATA_KEYS)."""
    if not isinstance(raw, dict):
        return {}
    return {key: raw[key] for key in CLIENT_METADATA_KEYS
            if isinstance(raw.get(key), str) and 0 < len(raw[key]) <= MAX_TOKEN_CHARS}


class ValidatedRestInput(RestInput):
    """Rasa's REST channel (same URL and replies) that answers bad requests with 400 JSON.
    The message's input channel is always this channel's name, and the client's metadata
    keeps only `customer_token`."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def refusal(self, request: Request) -> HTTPResponse | None:
        """A response that refuses REQUEST before its body is read, or None to go on."""
        return None

    def message_metadata(self, metadata: dict[str, Any] | None) -> dict[str, Any] | None:
        """The metadata the message carries into Rasa."""
        return client_metadata(metadata) if metadata is not None else None

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webhook = Blueprint(f"validated_{self.name()}_webhook", __name__)
        limits = ChatRateLimiter.from_settings(get_settings())

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refused = self.refusal(request)
            if refused is not None:
                return refused
            try:
                body = request.json
            except Exception:  # sanic raises InvalidUsage on undecodable JSON
                return _error(400, "the body is not valid UTF-8 JSON")
            checked = validate_rest_body(body)
            if isinstance(checked, str):
                return _error(400, checked)
            sender, text, metadata = checked
            if not limits.allow(sender, request.remote_addr or request.ip or ""):
                return _error(429, RETRY_MESSAGE)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(
                    text, collector, sender, input_channel=self.name(),
                    metadata=self.message_metadata(metadata),
                ))
            except CancelledError:
                logger.error("message from %s timed out", sender)
                return _unavailable(SLOW_ANSWER)
            except Exception:
                logger.exception("message from %s failed", sender)
                return _unavailable(TEMPORARY_PROBLEM)
            return response.json(collector.messages)

        return webhook


class VoiceInput(ValidatedRestInput):
    """The voice gateway's channel, `POST /webhooks/voice/webhook`: the REST body and
    replies, for requests carrying the internal secret only (403 otherwise). Its messages
    are the only ones whose call metadata (`caller_number`, `dtmf`, ...) the actions trust."""

    @classmethod
    def name(cls) -> str:
        return "voice"

    def refusal(self, request: Request) -> HTTPResponse | None:
        if is_internal_request(request.headers):
            return None
        logger.warning("voice channel: refused a request without a valid %s header from %s",
                       INTERNAL_SECRET_HEADER, request.remote_addr or request.ip)
        return _error(403, "this channel serves only the voice gateway")

    def message_metadata(self, metadata: dict[str, Any] | None) -> dict[str, Any] | None:
        return metadata


class HealthInput(InputChannel):
    """Serves GET /health: 200 once a model is loaded, 503 before."""

    @classmethod
    def name(cls) -> str:
        return "health"

    def url_prefix(self) -> str:
        return "/"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        health = Blueprint("helpdesk_health", __name__)

        @health.route("/health", methods=["GET"])
        async def status(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            ready = bool(agent is not None and agent.is_ready())
            body = {"status": "ok" if ready else "loading", "service": "rasa"}
            return response.json(body, status=200 if ready else 503)

        return health
