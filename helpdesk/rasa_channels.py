"""Rasa input channels: the REST webhook with input validation, and GET /health."""

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

from helpdesk import action_fallback
from helpdesk.chat_limits import RETRY_MESSAGE, ChatRateLimiter
from helpdesk.service_messages import RETRY_AFTER_SECONDS, SLOW_ANSWER, TEMPORARY_PROBLEM

logger = logging.getLogger(__name__)
action_fallback.install()  # Rasa loads this module at start: see helpdesk.action_fallback

MAX_MESSAGE_CHARS = 20_000
MAX_SENDER_CHARS = 255


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


class ValidatedRestInput(RestInput):
    """Rasa's REST channel (same URL and replies) that answers bad requests with 400 JSON."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webhook = Blueprint("validated_rest_webhook", __name__)
        limits = ChatRateLimiter.from_env()

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
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
            input_channel = body.get("input_channel") if isinstance(
                body.get("input_channel"), str) else self.name()
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(
                    text, collector, sender, input_channel=input_channel, metadata=metadata
                ))
            except CancelledError:
                logger.error("message from %s timed out", sender)
                return _unavailable(SLOW_ANSWER)
            except Exception:
                logger.exception("message from %s failed", sender)
                return _unavailable(TEMPORARY_PROBLEM)
            return response.json(collector.messages)

        return webhook


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
