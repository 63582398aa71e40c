"""Twilio's wire formats (CONTRACT §6) ↔ the gateway's own: TwiML out, Media Streams
frames both ways. Parsing and formatting only: no I/O, no call policy.

Stream frames in: connected, start (callSid, streamSid, customParameters.From,
callerToken and resumed), media (base64 8 kHz mu-law), dtmf, mark, stop. Out: media,
mark, and clear on barge-in. Anything a caller's side can send parses to one of the event
classes below; nothing else escapes.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from voice_gateway.audio.codec import mulaw8k_to_pipeline, pipeline_to_mulaw8k
from voice_gateway.caller_trust import CALLER_TOKEN_PARAMETER

VOICE_PATH = "/twilio/voice"
STREAM_ENDED_PATH = "/twilio/stream-ended"
OUTBOUND_PATH = "/twilio/outbound"  # the TwiML of a call the campaign dialer placed
OUTBOUND_PARAMETER = "outbound"  # the <Stream> <Parameter> with the call's attempt id
MEDIA_PATH = "/twilio/media"
MAX_MEDIA_BYTES = 8000  # one second of 8 kHz mu-law; Twilio sends 160-byte (20 ms) frames
_TWIML_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"


# --- TwiML ----------------------------------------------------------------------------
def stream_url(public_url: str | None, host: str) -> str:
    """The media stream's URL for the TwiML: under PUBLIC_URL (HELPDESK_VOICE_PUBLIC_URL,
    ws/wss for http/https), else on HOST, the request's (a proxy's X-Forwarded-Host counts
    only with sanic's proxy settings)."""
    if public_url:
        base = public_url.rstrip("/")
        base = base.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
        return f"{base}{MEDIA_PATH}"
    return f"wss://{host}{MEDIA_PATH}"


def connect_twiml(url: str, caller: str | None, resumed: int = 0,
                  caller_token: str | None = None, outbound: int | None = None) -> str:
    """Connect the call to our media stream. When the stream ends, Twilio asks
    STREAM_ENDED_PATH what to do next (hang up, or reconnect after a gateway restart).
    CALLER_TOKEN (voice_gateway.caller_trust) vouches for the caller's number (on an
    OUTBOUND call, the callee's, and the attempt id with it)."""
    parameters = f"<Parameter name=\"From\" value={quoteattr(caller)} />" if caller else ""
    if outbound is not None:
        parameters += f"<Parameter name=\"{OUTBOUND_PARAMETER}\" value=\"{int(outbound)}\" />"
    if caller and caller_token:
        parameters += (f"<Parameter name=\"{CALLER_TOKEN_PARAMETER}\" "
                       f"value={quoteattr(caller_token)} />")
    if resumed:
        parameters += f"<Parameter name=\"resumed\" value=\"{resumed}\" />"
    action = f"{STREAM_ENDED_PATH}?resumed={resumed}" if resumed else STREAM_ENDED_PATH
    return (f"{_TWIML_HEAD}<Connect action={quoteattr(action)} method=\"POST\">"
            f"<Stream url={quoteattr(url)}>{parameters}</Stream></Connect></Response>")


def hangup_twiml() -> str:
    return f"{_TWIML_HEAD}<Hangup/></Response>"


def say_and_hang_up_twiml(sentence: str) -> str:
    return f"{_TWIML_HEAD}<Say>{escape(sentence)}</Say><Hangup/></Response>"


def say_and_reconnect_twiml(sentence: str, resumed: int) -> str:
    """Say SENTENCE and fetch the call's TwiML again as reconnection number RESUMED."""
    query = urlencode({"resumed": resumed})
    return (f"{_TWIML_HEAD}<Say>{escape(sentence)}</Say>"
            f"<Redirect method=\"POST\">{VOICE_PATH}?{escape(query)}</Redirect>"
            "</Response>")


def resume_count(value: object) -> int:
    """A `resumed` count from a query or stream parameter: 0 unless a small number
    (isdecimal, not isdigit: int() refuses "²"; short: int() refuses 5000 digits)."""
    text = value if isinstance(value, str) else ""
    return int(text) if text.isascii() and text.isdecimal() and len(text) <= 3 else 0


# --- stream frames in -----------------------------------------------------------------
@dataclass(frozen=True)
class Malformed:
    """Not a JSON object."""


@dataclass(frozen=True)
class Connected:
    pass


@dataclass(frozen=True)
class Start:
    call_sid: str
    stream_sid: str
    caller: str | None  # the claimed `From`, believed only as caller_trust says
    caller_token: str | None
    resumed: int  # 0 for a new call, n for the n-th reconnection
    outbound: int | None = None  # the claimed campaign attempt, believed as `caller` is


@dataclass(frozen=True)
class BadStart:
    reason: str  # for the log


@dataclass(frozen=True)
class Media:
    audio: np.ndarray  # 16 kHz float32


@dataclass(frozen=True)
class BadMedia:
    reason: str  # for the log


@dataclass(frozen=True)
class Dtmf:
    digit: str | None  # None: no usable digit


@dataclass(frozen=True)
class Mark:
    name: str | None  # None: no usable name


@dataclass(frozen=True)
class Stop:
    pass


@dataclass(frozen=True)
class OtherEvent:
    event: Any


StreamEvent = (Malformed | Connected | Start | BadStart | Media | BadMedia | Dtmf | Mark
               | Stop | OtherEvent)


def parse_frame(raw: str | bytes) -> StreamEvent:
    """One WebSocket frame from Twilio."""
    try:
        message = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: nesting beyond the limit
        return Malformed()
    if not isinstance(message, dict):
        return Malformed()
    event = message.get("event")
    parse = _PARSERS.get(event) if isinstance(event, str) else None
    return parse(message) if parse else OtherEvent(event)


def _start(message: dict[str, Any]) -> Start | BadStart:
    start = message.get("start")
    if not isinstance(start, dict):
        return BadStart("no start object")
    call_sid, stream_sid = start.get("callSid"), start.get("streamSid") or message.get(
        "streamSid")
    if not isinstance(call_sid, str) or not call_sid or not isinstance(stream_sid, str):
        return BadStart("no callSid or streamSid")
    media_format = start.get("mediaFormat")
    if isinstance(media_format, dict) and (
            media_format.get("encoding", "audio/x-mulaw") != "audio/x-mulaw"
            or media_format.get("sampleRate", 8000) not in (8000, "8000")):
        return BadStart(f"Twilio stream {call_sid}: unsupported media format {media_format}")
    params = start.get("customParameters")
    params = params if isinstance(params, dict) else {}
    caller, token = params.get("From"), params.get(CALLER_TOKEN_PARAMETER)
    return Start(call_sid, stream_sid, caller if isinstance(caller, str) else None,
                 token if isinstance(token, str) else None, resume_count(params.get("resumed")),
                 attempt_id(params.get(OUTBOUND_PARAMETER)))


def attempt_id(value: object) -> int | None:
    """A campaign attempt id from a query or stream parameter (None unless a small number)."""
    text = value if isinstance(value, str) else ""
    return int(text) if text.isascii() and text.isdecimal() and 0 < len(text) <= 10 \
        and 0 < int(text) < 2**31 else None


def _media(message: dict[str, Any]) -> Media | BadMedia:
    media = message.get("media")
    payload = media.get("payload") if isinstance(media, dict) else None
    if not isinstance(payload, str):
        return BadMedia("no media payload")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return BadMedia("media payload is not base64")
    if not data or len(data) > MAX_MEDIA_BYTES:
        return BadMedia(f"ignored a media frame of {len(data)} bytes")
    return Media(mulaw8k_to_pipeline(data))


def _dtmf(message: dict[str, Any]) -> Dtmf:
    dtmf = message.get("dtmf")
    digit = dtmf.get("digit") if isinstance(dtmf, dict) else None
    return Dtmf(digit if isinstance(digit, str) else None)


def _mark(message: dict[str, Any]) -> Mark:
    mark = message.get("mark")
    name = mark.get("name") if isinstance(mark, dict) else None
    return Mark(name if isinstance(name, str) else None)


_PARSERS = {
    "connected": lambda _: Connected(),
    "start": _start,
    "media": _media,
    "dtmf": _dtmf,
    "mark": _mark,
    "stop": lambda _: Stop(),
}


# --- stream frames out ----------------------------------------------------------------
def media_message(stream_sid: str, frame: np.ndarray) -> str:
    payload = base64.b64encode(pipeline_to_mulaw8k(frame)).decode()
    return json.dumps({"event": "media", "streamSid": stream_sid, "media": {"payload": payload}})


def mark_message(stream_sid: str, name: str) -> str:
    return json.dumps({"event": "mark", "streamSid": stream_sid, "mark": {"name": name}})


def clear_message(stream_sid: str) -> str:
    return json.dumps({"event": "clear", "streamSid": stream_sid})
