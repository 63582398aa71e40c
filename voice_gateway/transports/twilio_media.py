"""Twilio Media Streams: the bidirectional WebSocket of one call (CONTRACT §6), as an I/O
loop. Frames are parsed and formatted by voice_gateway.serializers.twilio; the stream's
`From` is believed only as voice_gateway.caller_trust says. When the bot hangs up, the call
is recorded as ended on purpose in the shared call state (voice_gateway.calls), so that
Twilio's stream-ended callback hangs up on whichever gateway it lands."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from helpdesk.config import VoiceSettings
from voice_gateway.caller_trust import CallerTrust
from voice_gateway.calls import CallRegistry, CallStateStore
from voice_gateway.pipeline.call_session import CallSession
from voice_gateway.serializers import twilio as wire
from voice_gateway.services.twilio_rest import redirect_call
from voice_gateway.transports.frame_budget import BadFrameBudget

log = logging.getLogger(__name__)

MAX_BAD_FRAMES = 50  # a stream that keeps sending garbage is closed
_EVENT_NAMES = {wire.Connected: "connected", wire.Start: "start", wire.BadStart: "start",
                wire.Media: "media", wire.BadMedia: "media", wire.Dtmf: "dtmf",
                wire.Mark: "mark", wire.Stop: "stop"}


def _event_name(event: wire.StreamEvent) -> Any:
    return event.event if isinstance(event, wire.OtherEvent) else _EVENT_NAMES.get(type(event))


class TwilioTransport:
    channel = "twilio"

    def __init__(self, ws: Any, settings: VoiceSettings, stream_sid: str, call_sid: str,
                 call_state: CallStateStore) -> None:
        self.ws = ws
        self.settings = settings
        self.stream_sid = stream_sid
        self.call_sid = call_sid
        self.call_state = call_state
        self.closed = False

    async def _send(self, message: str) -> None:
        if not self.closed:
            await self.ws.send(message)

    async def send_audio(self, frame: np.ndarray) -> None:
        await self._send(wire.media_message(self.stream_sid, frame))

    async def send_mark(self, name: str) -> None:
        await self._send(wire.mark_message(self.stream_sid, name))

    async def clear(self) -> None:
        await self._send(wire.clear_message(self.stream_sid))

    async def send_event(self, event: dict[str, Any]) -> None:
        """Twilio has no channel for transcripts; they are in the Rasa tracker."""

    async def transfer(self, handoff: dict[str, Any]) -> bool:
        """Redirect the call; Twilio then ends this stream, and so do we."""
        if not await redirect_call(self.settings, self.call_sid):
            return False
        self.closed = True
        await self.ws.close()
        return True

    async def hangup(self) -> None:
        """Closing the stream ends <Connect>; its action (the stream-ended callback, on any
        gateway) hangs up, since the call is recorded as ended on purpose first."""
        await self.call_state.mark_ended(self.call_sid)
        self.closed = True
        await self.ws.close()


async def handle_media_stream(ws: Any, calls: CallRegistry, settings: VoiceSettings,
                              trust: CallerTrust | None = None) -> None:
    """Serve one media stream. Its caller number is believed only as TRUST says (no TRUST:
    the call is anonymous)."""
    await MediaStream(ws, calls, settings, trust).serve()


class MediaStream:
    """One media stream's loop: frames in, the call's session fed; the session is opened
    at `start` and closed when the stream ends, however it ends."""

    def __init__(self, ws: Any, calls: CallRegistry, settings: VoiceSettings,
                 trust: CallerTrust | None) -> None:
        self.ws = ws
        self.calls = calls
        self.settings = settings
        self.trust = trust
        self.transport: TwilioTransport | None = None
        self.session: CallSession | None = None
        self.bad_frames = BadFrameBudget(MAX_BAD_FRAMES)

    async def serve(self) -> None:
        try:
            while (raw := await self.ws.recv()) is not None:
                if not await self._receive(wire.parse_frame(raw)):
                    break
        finally:
            await self._teardown()

    async def _receive(self, event: wire.StreamEvent) -> bool:
        """Handle one frame; False when the stream is over."""
        if isinstance(event, wire.Malformed):
            log.warning("Twilio stream: ignored a frame that is not a JSON object")
            return await self._bad_frame()
        if self.session is None:
            return await self._before_start(event)
        return await self._in_call(self.session, event) and not self.session.ended

    async def _bad_frame(self) -> bool:
        if self.bad_frames.spend():
            return True
        await self.ws.close(1003, "too many malformed frames")
        return False

    async def _before_start(self, event: wire.StreamEvent) -> bool:
        if isinstance(event, wire.BadStart):
            log.warning("Twilio stream: refused its start: %s", event.reason)
            await self.ws.close(1003, "start needs start.callSid, start.streamSid and "
                                      "8 kHz audio/x-mulaw")
            return False
        if isinstance(event, wire.Start):
            self.session = await self._open(event)
            return not self.session.ended
        if not isinstance(event, wire.Connected):
            log.info("Twilio stream: ignored %r before start", _event_name(event))
        return True

    async def _open(self, start: wire.Start) -> CallSession:
        caller, outbound = (self.trust.stream_identity(start.call_sid, start.caller,
                                                       start.caller_token, start.outbound)
                            if self.trust else (None, None))
        self.transport = TwilioTransport(self.ws, self.settings, start.stream_sid,
                                         start.call_sid, self.calls.state)
        return await self.calls.open(start.call_sid, caller, self.transport,
                                     resumed=start.resumed > 0, outbound_attempt=outbound)

    async def _in_call(self, session: CallSession, event: wire.StreamEvent) -> bool:
        if isinstance(event, wire.Media):
            session.feed_audio(event.audio)
        elif isinstance(event, wire.BadMedia):
            log.warning("Twilio stream %s: %s", session.call_id, event.reason)
            return await self._bad_frame()
        elif isinstance(event, wire.Dtmf):
            if event.digit is not None:
                session.feed_dtmf(event.digit)
        elif isinstance(event, wire.Mark):
            if event.name is not None:
                session.on_mark(event.name)
        elif isinstance(event, wire.Stop):
            return False
        elif not isinstance(event, wire.Connected):
            log.info("Twilio stream %s: ignored unknown event %r", session.call_id,
                     _event_name(event))
        return True

    async def _teardown(self) -> None:
        if self.transport:
            self.transport.closed = True
        if self.session:
            await self.calls.close(self.session)
