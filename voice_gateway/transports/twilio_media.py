"""Twilio Media Streams: the TwiML webhook and the bidirectional WebSocket (CONTRACT §6).

In: connected, start (callSid, streamSid, customParameters.From and callerToken), media
(base64 8 kHz mu-law), dtmf, mark, stop. Out: media, mark, and clear on barge-in.
The stream's `From` is believed only as voice_gateway.caller_trust says.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import time
from collections import OrderedDict
from typing import Any
from urllib.parse import urlencode
from xml.sax.saxutils import escape, quoteattr

import numpy as np
from sanic.request import Request

from helpdesk.wording import VOICE_GIVE_UP, VOICE_RECONNECTING
from voice_gateway.audio.codec import mulaw8k_to_pipeline, pipeline_to_mulaw8k
from voice_gateway.caller_trust import CALLER_TOKEN_PARAMETER, CallerTrust
from voice_gateway.calls import CallRegistry
from voice_gateway.services.twilio_rest import redirect_call
from voice_gateway.voice_settings import VoiceSettings

log = logging.getLogger(__name__)

MAX_BAD_FRAMES = 50  # a stream that keeps sending garbage is closed
MAX_MEDIA_BYTES = 8000  # one second of 8 kHz mu-law; Twilio sends 160-byte (20 ms) frames


VOICE_PATH = "/twilio/voice"
STREAM_ENDED_PATH = "/twilio/stream-ended"
MEDIA_PATH = "/twilio/media"


def stream_url(request: Request, settings: VoiceSettings) -> str:
    """The media stream's URL for the TwiML: under HELPDESK_VOICE_PUBLIC_URL, else on the
    request's host (a proxy's X-Forwarded-Host counts only with sanic's proxy settings)."""
    if settings.public_url:
        base = settings.public_url.rstrip("/")
        base = base.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
        return f"{base}{MEDIA_PATH}"
    return f"wss://{request.host}{MEDIA_PATH}"


MAX_RESUMES = 3  # a call whose stream keeps dropping is ended politely, not looped
_TWIML_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"


def connect_twiml(url: str, caller: str | None, resumed: int = 0,
                  caller_token: str | None = None) -> str:
    """Connect the call to our media stream. When the stream ends, Twilio asks
    STREAM_ENDED_PATH what to do next (hang up, or reconnect after a gateway restart).
    CALLER_TOKEN (voice_gateway.caller_trust) vouches for the caller's number."""
    parameters = f"<Parameter name=\"From\" value={quoteattr(caller)} />" if caller else ""
    if caller and caller_token:
        parameters += (f"<Parameter name=\"{CALLER_TOKEN_PARAMETER}\" "
                       f"value={quoteattr(caller_token)} />")
    if resumed:
        parameters += f"<Parameter name=\"resumed\" value=\"{resumed}\" />"
    action = f"{STREAM_ENDED_PATH}?resumed={resumed}" if resumed else STREAM_ENDED_PATH
    return (f"{_TWIML_HEAD}<Connect action={quoteattr(action)} method=\"POST\">"
            f"<Stream url={quoteattr(url)}>{parameters}</Stream></Connect></Response>")


class EndedCalls:
    """Call SIDs whose stream this gateway ended on purpose (hang-up), kept a few minutes
    for Twilio's <Connect action> request; anything else is a dropped stream."""

    def __init__(self, keep_s: float = 300.0, max_calls: int = 10_000) -> None:
        self.keep_s = keep_s
        self.max_calls = max_calls
        self._ended: OrderedDict[str, float] = OrderedDict()

    def add(self, call_sid: str) -> None:
        self._ended[call_sid] = time.monotonic()
        self._ended.move_to_end(call_sid)
        while len(self._ended) > self.max_calls:
            self._ended.popitem(last=False)

    def pop(self, call_sid: str) -> bool:
        at = self._ended.pop(call_sid, None)
        return at is not None and time.monotonic() - at < self.keep_s


ENDED_CALLS = EndedCalls()


def stream_ended_twiml(call_sid: str | None, resumes: int) -> str:
    """What Twilio does once our stream ended: hang up when we ended it; otherwise (this
    or another gateway restarted, the connection dropped) apologise and reconnect, at most
    MAX_RESUMES times."""
    if not call_sid or ENDED_CALLS.pop(call_sid):
        return f"{_TWIML_HEAD}<Hangup/></Response>"
    if resumes >= MAX_RESUMES:
        log.warning("call %s: stream dropped %d times, ending the call", call_sid, resumes)
        return (f"{_TWIML_HEAD}<Say>{escape(VOICE_GIVE_UP)}</Say><Hangup/></Response>")
    log.warning("call %s: stream dropped, reconnecting (attempt %d)", call_sid, resumes + 1)
    query = urlencode({"resumed": resumes + 1})
    return (f"{_TWIML_HEAD}<Say>{escape(VOICE_RECONNECTING)}</Say>"
            f"<Redirect method=\"POST\">{VOICE_PATH}?{escape(query)}</Redirect>"
            "</Response>")


class TwilioTransport:
    channel = "twilio"

    def __init__(self, ws: Any, settings: VoiceSettings, stream_sid: str, call_sid: str) -> None:
        self.ws = ws
        self.settings = settings
        self.stream_sid = stream_sid
        self.call_sid = call_sid
        self.closed = False

    async def _send(self, message: dict[str, Any]) -> None:
        if not self.closed:
            await self.ws.send(json.dumps(message))

    async def send_audio(self, frame: np.ndarray) -> None:
        payload = base64.b64encode(pipeline_to_mulaw8k(frame)).decode()
        await self._send({"event": "media", "streamSid": self.stream_sid,
                          "media": {"payload": payload}})

    async def send_mark(self, name: str) -> None:
        await self._send({"event": "mark", "streamSid": self.stream_sid, "mark": {"name": name}})

    async def clear(self) -> None:
        await self._send({"event": "clear", "streamSid": self.stream_sid})

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
        """Closing the stream ends <Connect>; its action (stream_ended_twiml) hangs up."""
        ENDED_CALLS.add(self.call_sid)
        self.closed = True
        await self.ws.close()


def _start_fields(message: dict[str, Any],
                  ) -> tuple[str, str, str | None, str | None] | None:
    """(callSid, streamSid, From, callerToken) of a start message; None when unusable."""
    start = message.get("start")
    if not isinstance(start, dict):
        return None
    call_sid, stream_sid = start.get("callSid"), start.get("streamSid") or message.get(
        "streamSid")
    if not isinstance(call_sid, str) or not call_sid or not isinstance(stream_sid, str):
        return None
    media_format = start.get("mediaFormat")
    if isinstance(media_format, dict) and (
            media_format.get("encoding", "audio/x-mulaw") != "audio/x-mulaw"
            or media_format.get("sampleRate", 8000) not in (8000, "8000")):
        log.warning("Twilio stream %s: unsupported media format %s", call_sid, media_format)
        return None
    params = start.get("customParameters")
    params = params if isinstance(params, dict) else {}
    caller, token = params.get("From"), params.get(CALLER_TOKEN_PARAMETER)
    return (call_sid, stream_sid, caller if isinstance(caller, str) else None,
            token if isinstance(token, str) else None)


def resume_count(value: object) -> int:
    """A `resumed` count from a query or stream parameter: 0 unless a small number
    (isdecimal, not isdigit: int() refuses "²"; short: int() refuses 5000 digits)."""
    text = value if isinstance(value, str) else ""
    return int(text) if text.isascii() and text.isdecimal() and len(text) <= 3 else 0


def resumed_attempt(message: dict[str, Any]) -> int:
    """The `resumed` stream parameter: 0 for a new call, n for the n-th reconnection."""
    params = (message.get("start") or {}).get("customParameters")
    return resume_count(params.get("resumed") if isinstance(params, dict) else None)


async def handle_media_stream(ws: Any, calls: CallRegistry, settings: VoiceSettings,
                              trust: CallerTrust | None = None) -> None:
    """Serve one media stream. Its caller number is believed only as TRUST says (no TRUST:
    the call is anonymous)."""
    transport: TwilioTransport | None = None
    session = None
    bad_frames = 0
    try:
        while True:
            raw = await ws.recv()
            if raw is None:
                break
            try:
                message = json.loads(raw)
                if not isinstance(message, dict):
                    raise ValueError("not an object")
            except (ValueError, RecursionError):  # RecursionError: nesting beyond the limit
                bad_frames += 1
                log.warning("Twilio stream: ignored a frame that is not a JSON object")
                if bad_frames > MAX_BAD_FRAMES:
                    await ws.close(1003, "too many malformed frames")
                    break
                continue
            event = message.get("event")
            if event == "start" and session is None:
                fields = _start_fields(message)
                if fields is None:
                    await ws.close(1003, "start needs start.callSid, start.streamSid and "
                                         "8 kHz audio/x-mulaw")
                    break
                call_sid, stream_sid, claimed, token = fields
                caller = trust.stream_caller(call_sid, claimed, token) if trust else None
                transport = TwilioTransport(ws, settings, stream_sid, call_sid)
                session = await calls.open(call_sid, caller, transport,
                                           resumed=resumed_attempt(message) > 0)
            elif session is None:
                if event != "connected":
                    log.info("Twilio stream: ignored %r before start", event)
                continue
            elif event == "media":
                audio = _media_audio(message)
                if audio is None:
                    bad_frames += 1
                    if bad_frames > MAX_BAD_FRAMES:
                        await ws.close(1003, "too many malformed frames")
                        break
                    continue
                session.feed_audio(audio)
            elif event == "dtmf":
                digit = (message.get("dtmf") or {}).get("digit") if isinstance(
                    message.get("dtmf"), dict) else None
                if isinstance(digit, str):
                    session.feed_dtmf(digit)
            elif event == "mark":
                mark = message.get("mark")
                if isinstance(mark, dict) and isinstance(mark.get("name"), str):
                    session.on_mark(mark["name"])
            elif event == "stop":
                break
            elif event != "connected":
                log.info("Twilio stream %s: ignored unknown event %r", session.call_id, event)
            if session.ended:
                break
    finally:
        if transport:
            transport.closed = True
        if session:
            await calls.close(session)


def _media_audio(message: dict[str, Any]) -> np.ndarray | None:
    media = message.get("media")
    payload = media.get("payload") if isinstance(media, dict) else None
    if not isinstance(payload, str):
        return None
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        log.warning("Twilio stream: media payload is not base64")
        return None
    if not data or len(data) > MAX_MEDIA_BYTES:
        log.warning("Twilio stream: ignored a media frame of %d bytes", len(data))
        return None
    return mulaw8k_to_pipeline(data)
