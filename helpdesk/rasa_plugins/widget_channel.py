"""The website widget's channel: Rasa's socket.io channel, made safe and fixed.

- Rasa 3.6 calls python-socketio 5's coroutine `enter_room` without awaiting it, so with
  session persistence a browser never joins its conversation's room and never hears the
  bot. Here it is awaited.
- Every conversation is the browser's `session_id` (kept across reloads); malformed events
  are answered with an `error` event instead of an exception in the server log.
- HELPDESK_WIDGET_ORIGINS limits the sites that may embed the widget (socket.io checks the
  Origin of every connection).
- Only the widget's own metadata key passes (`customer_token`): a browser cannot claim a
  caller number or any other identity; the action server checks the token's signature.
- Bot messages keep the agent's name and the time, so the widget can label and stamp them.
- With several Rasa servers (LOCK_STORE_URL is Redis), socket.io messages go through the
  same Redis, so a reply or an agent message made on one server reaches a browser
  connected to another.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from helpdesk.config import get_settings
from helpdesk.rasa_plugins.channels import CLIENT_METADATA_KEYS, MAX_MESSAGE_CHARS, client_metadata
from helpdesk.rasa_plugins.chat_limits import RETRY_MESSAGE, ChatRateLimiter
from helpdesk.wording import TEMPORARY_PROBLEM

logger = logging.getLogger(__name__)

MAX_SESSION_ID_CHARS = 128
WIDGET_METADATA_KEYS = CLIENT_METADATA_KEYS  # the same rule as the REST webhook's


class WidgetOutput(SocketIOOutput):
    """socket.io output whose text messages carry `agent_name` (during a handoff) and a
    timestamp."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in text.strip().split("\n\n"):
            await self._send_message(recipient_id, _with_extras({"text": part}, kwargs))

    async def send_text_with_buttons(self, recipient_id: str, text: str,
                                     buttons: list[dict[str, Any]], **kwargs: Any) -> None:
        parts = text.strip().split("\n\n") or [text]
        messages = [{"text": part, "quick_replies": []} for part in parts]
        messages[-1]["quick_replies"] = [
            {"content_type": "text", "title": b.get("title", ""), "payload": b.get("payload", "")}
            for b in buttons]
        for message in messages:
            await self._send_message(recipient_id, _with_extras(message, kwargs))

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any],
                               **kwargs: Any) -> None:
        """Call-control messages (hang up, transfer) are for the phone, not the widget."""
        logger.debug("custom message to %s not sent to the widget: %s", recipient_id,
                     sorted(json_message))


def _with_extras(message: dict[str, Any], extras: dict[str, Any]) -> dict[str, Any]:
    if extras.get("agent_name"):
        message["agent_name"] = str(extras["agent_name"])
    message["timestamp"] = extras.get("timestamp") or time.time()
    return message


def widget_metadata(raw: Any) -> dict[str, str]:
    """The widget's metadata, reduced to the keys it may send (`customer_token`)."""
    return client_metadata(raw)


def valid_session_id(value: Any) -> str | None:
    if isinstance(value, str) and 0 < len(value) <= MAX_SESSION_ID_CHARS and value.isprintable():
        return value
    return None


class WidgetSocketIOInput(SocketIOInput):
    """The `socketio` channel of credentials.yml, for the website widget."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def get_output_channel(self) -> WidgetOutput | None:
        if self.sio is None:
            return None
        return WidgetOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        settings = get_settings()
        sio = AsyncServer(async_mode="sanic",
                          cors_allowed_origins=list(settings.chat.widget_origins),
                          client_manager=shared_client_manager(settings.lock_store_url,
                                                               settings.lock_store_prefix))
        webhook = SocketBlueprint(sio, self.socketio_path, "widget_socketio", __name__)
        self.sio = sio
        limits = ChatRateLimiter.from_settings(settings)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            logger.debug("widget %s connected", sid)
            return True

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            asked = data.get("session_id") if isinstance(data, dict) else None
            session_id = valid_session_id(asked) or uuid.uuid4().hex
            await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            problem = _message_problem(data)
            if problem:
                logger.info("widget %s sent a bad message: %s", sid, problem)
                await sio.emit("error", {"error": problem}, room=sid, namespace=self.namespace)
                return
            session_id = data["session_id"]
            environ = sio.get_environ(sid, namespace=self.namespace) or {}
            client = environ.get("REMOTE_ADDR") or ""
            if not limits.allow(session_id, client):
                await sio.emit("error", {"error": RETRY_MESSAGE}, room=sid,
                               namespace=self.namespace)
                await sio.emit(self.bot_message_evt, {"text": RETRY_MESSAGE,
                                                      "timestamp": time.time()},
                               room=sid, namespace=self.namespace)
                return
            # A reconnected socket may send before its session_request is answered.
            await sio.enter_room(sid, session_id, namespace=self.namespace)
            message = UserMessage(
                data["message"].replace("\x00", ""),
                WidgetOutput(sio, self.bot_message_evt),
                session_id,
                input_channel=self.name(),
                metadata=widget_metadata(data.get(self.metadata_key)),
            )
            try:
                await on_new_message(message)
            except Exception:
                logger.exception("widget message of %s failed", session_id)
                await sio.emit(self.bot_message_evt, {
                    "text": TEMPORARY_PROBLEM, "timestamp": time.time()},
                    room=session_id, namespace=self.namespace)

        return webhook


def shared_client_manager(url: str | None, prefix: str) -> AsyncRedisManager | None:
    """Redis pub/sub between the Rasa servers when they share a Redis lock store
    (LOCK_STORE_URL; the channel is named after LOCK_STORE_PREFIX)."""
    if not url or not url.startswith(("redis://", "rediss://")):
        return None
    logger.info("socket.io rooms are shared between Rasa servers through Redis")
    return AsyncRedisManager(url, channel=f"{prefix}-socketio")


def _message_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return "a message must be an object with 'message' and 'session_id'"
    if valid_session_id(data.get("session_id")) is None:
        return "'session_id' must be the id from session_confirm"
    text = data.get("message")
    if not isinstance(text, str) or not text.strip():
        return "'message' must be a non-empty string"
    if len(text) > MAX_MESSAGE_CHARS:
        return f"'message' must be at most {MAX_MESSAGE_CHARS} characters"
    return None
