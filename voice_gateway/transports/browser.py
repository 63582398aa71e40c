"""Browser microphone WebSocket (`/browser`): binary frames of 16 kHz 16-bit PCM both ways.

Text frames carry JSON: from the page `{"event": "start", "caller_number"?}` (optional,
first), `{"event": "dtmf", "digit"}`, `{"event": "stop"}`; to the page `transcript`,
`mark`, `clear`, `transfer` and `hangup` events. The page's caller number is a test aid:
anyone can type one, so it counts only with HELPDESK_TRUST_UNSIGNED_CALLER_ID=1.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

import numpy as np

from voice_gateway.audio.codec import (
    PIPELINE_RATE,
    AudioFormatError,
    pipeline_to_slin,
    slin_to_pipeline,
)
from voice_gateway.caller_trust import CallerTrust
from voice_gateway.calls import CallRegistry

log = logging.getLogger(__name__)

MAX_FRAME_BYTES = 64_000  # 2 s of audio


class BrowserTransport:
    channel = "browser"

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.closed = False

    async def _send(self, data: str | bytes) -> None:
        if not self.closed:
            await self.ws.send(data)

    async def send_audio(self, frame: np.ndarray) -> None:
        await self._send(pipeline_to_slin(frame, PIPELINE_RATE))

    async def send_mark(self, name: str) -> None:
        await self._send(json.dumps({"event": "mark", "name": name}))

    async def clear(self) -> None:
        await self._send(json.dumps({"event": "clear"}))

    async def send_event(self, event: dict[str, Any]) -> None:
        await self._send(json.dumps(event))

    async def transfer(self, handoff: dict[str, Any]) -> bool:
        """A browser call cannot be transferred; the console takes it over (issue 6)."""
        await self._send(json.dumps({"event": "transfer", "reason": handoff.get("reason")}))
        return False

    async def hangup(self) -> None:
        await self._send(json.dumps({"event": "hangup"}))
        self.closed = True
        await self.ws.close()


async def handle_browser_stream(ws: Any, calls: CallRegistry, call_id: str | None,
                                trust: CallerTrust | None = None) -> None:
    """Serve one browser call; its caller number is believed only as TRUST says."""
    transport = BrowserTransport(ws)
    session = None
    call_id = call_id or f"browser-{uuid.uuid4().hex}"
    try:
        while True:
            raw = await ws.recv()
            if raw is None:
                break
            if isinstance(raw, bytes):
                if session is None:
                    session = await calls.open(call_id, None, transport)
                if len(raw) > MAX_FRAME_BYTES:
                    await transport.send_event({"event": "error", "error": "audio frame too long"})
                    continue
                try:
                    session.feed_audio(slin_to_pipeline(raw, PIPELINE_RATE))
                except AudioFormatError as exc:
                    await transport.send_event({"event": "error", "error": str(exc)})
            else:
                message = _json_object(raw)
                if message is None:
                    await transport.send_event(
                        {"event": "error", "error": "text frames must be JSON objects"})
                    continue
                event = message.get("event")
                if event == "start" and session is None:
                    rate = message.get("sample_rate", PIPELINE_RATE)
                    if rate != PIPELINE_RATE:
                        await transport.send_event({"event": "error", "error": (
                            f"audio must be {PIPELINE_RATE} Hz 16-bit PCM, not {rate}")})
                        await ws.close(1003, "unsupported sample rate")
                        break
                    caller = trust.browser_caller(message.get("caller_number")) if trust \
                        else None
                    session = await calls.open(call_id, caller, transport)
                elif event == "dtmf" and session and isinstance(message.get("digit"), str):
                    session.feed_dtmf(message["digit"])
                elif event == "stop":
                    break
            if session and session.ended:
                break
    finally:
        transport.closed = True
        if session:
            await calls.close(session)


def _json_object(raw: str) -> dict[str, Any] | None:
    try:
        message = json.loads(raw)
    except ValueError:
        return None
    return message if isinstance(message, dict) else None
