"""The browser microphone WebSocket (`/browser`), as an I/O loop; frames are parsed and
formatted by voice_gateway.serializers.browser. The page's caller number is a test aid:
anyone can type one, so it counts only with HELPDESK_TRUST_UNSIGNED_CALLER_ID=1. A call
starts at the page's `start` event, or at its first audio frame (anonymous)."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import numpy as np

from voice_gateway.caller_trust import CallerTrust
from voice_gateway.calls import CallRegistry
from voice_gateway.pipeline.call_session import CallSession
from voice_gateway.serializers import browser as wire

log = logging.getLogger(__name__)


class BrowserTransport:
    channel = "browser"

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.closed = False

    async def _send(self, data: str | bytes) -> None:
        if not self.closed:
            await self.ws.send(data)

    async def send_audio(self, frame: np.ndarray) -> None:
        await self._send(wire.audio_frame(frame))

    async def send_mark(self, name: str) -> None:
        await self._send(wire.event_frame({"event": "mark", "name": name}))

    async def clear(self) -> None:
        await self._send(wire.event_frame({"event": "clear"}))

    async def send_event(self, event: dict[str, Any]) -> None:
        await self._send(wire.event_frame(event))

    async def transfer(self, handoff: dict[str, Any]) -> bool:
        """A browser call cannot be transferred; the console takes it over (issue 6)."""
        await self._send(wire.event_frame({"event": "transfer",
                                           "reason": handoff.get("reason")}))
        return False

    async def hangup(self) -> None:
        await self._send(wire.event_frame({"event": "hangup"}))
        self.closed = True
        await self.ws.close()

    async def send_error(self, error: str) -> None:
        await self._send(wire.error_frame(error))


class BrowserStream:
    """One browser call's loop; its caller number is believed only as TRUST says."""

    def __init__(self, ws: Any, calls: CallRegistry, call_id: str,
                 trust: CallerTrust | None) -> None:
        self.ws = ws
        self.calls = calls
        self.call_id = call_id
        self.trust = trust
        self.transport = BrowserTransport(ws)
        self.session: CallSession | None = None

    async def serve(self) -> None:
        try:
            while (raw := await self.ws.recv()) is not None:
                if not await self._receive(raw):
                    break
        finally:
            self.transport.closed = True
            if self.session:
                await self.calls.close(self.session)

    async def _receive(self, raw: str | bytes) -> bool:
        """Handle one frame; False when the call is over."""
        event = wire.parse_frame(raw)
        if isinstance(raw, bytes) and self.session is None:
            self.session = await self.calls.open(self.call_id, None, self.transport)
        if isinstance(event, wire.Audio | wire.BadAudio):
            await self._audio(event)
        elif isinstance(event, wire.NotJson):
            await self.transport.send_error(event.error)
            return True
        elif isinstance(event, wire.Start | wire.BadStart) and self.session is None:
            if not await self._start(event):
                return False
        elif isinstance(event, wire.Dtmf) and self.session:
            self.session.feed_dtmf(event.digit)
        elif isinstance(event, wire.Stop):
            return False
        return not (self.session and self.session.ended)

    async def _audio(self, event: wire.Audio | wire.BadAudio) -> None:
        if isinstance(event, wire.BadAudio):
            await self.transport.send_error(event.error)
        elif self.session:
            self.session.feed_audio(event.audio)

    async def _start(self, event: wire.Start | wire.BadStart) -> bool:
        if isinstance(event, wire.BadStart):
            await self.transport.send_error(event.error)
            await self.ws.close(1003, "unsupported sample rate")
            return False
        caller = self.trust.browser_caller(event.caller_number) if self.trust else None
        self.session = await self.calls.open(self.call_id, caller, self.transport)
        return True


async def handle_browser_stream(ws: Any, calls: CallRegistry, call_id: str | None,
                                trust: CallerTrust | None = None) -> None:
    """Serve one browser call; its caller number is believed only as TRUST says."""
    await BrowserStream(ws, calls, call_id or f"browser-{uuid.uuid4().hex}", trust).serve()
