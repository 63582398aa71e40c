"""Test-side callers: real speech in, real transcription (Whisper) of what comes back.

The callers speak with voices that are not the bot's (tests/support/callers): espeak-ng
over a telephone line by default; a test may choose another voice and line (flite, noise).

`TwilioCaller` plays Twilio's side of a call: it fetches the TwiML from `/twilio/voice`
and opens the Media Stream with the <Stream> parameters it got, signing each request with
X-Twilio-Signature as Twilio does. `AudioSocketCaller` plays Asterisk's side. Audio is sent
faster than real time: the gateway counts audio time, not wall time.
"""

from __future__ import annotations

import asyncio
import base64
import json
import struct
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import httpx
import numpy as np
import websockets
from twilio.request_validator import RequestValidator

from helpdesk.security.twilio_signatures import SIGNATURE_HEADER
from tests.support.callers.corpus import ad_hoc, render
from tests.support.callers.impairments import TELEPHONE, Impairment
from tests.support.callers.voices import DEFAULT_VOICE, CallerVoice
from voice_gateway.audio.codec import (
    PIPELINE_RATE,
    mulaw8k_to_pipeline,
    pipeline_to_mulaw8k,
    pipeline_to_slin,
    slin_to_pipeline,
)

TWILIO_AUTH_TOKEN = "secret-token"  # the test gateways' (tests/e2e/conftest.py voice_stack)
# How the bot reads back an order number it heard unsurely on a call (helpdesk/wording.py
# VOICE_CONFIRM_ORDER, VOICE_CONFIRM_MATCHED_ORDER): the caller answers "yes" or "no".
READ_BACKS = ("is that right?", "did you mean order")
# The line after a caller's words, longer than the fixed rule's 500 ms; the test callers
# stop sending after it (a phone line would go on: a longer wait, the digit wait or the
# turn model's cap, needs a caller that keeps the line open).
TRAILING_SILENCE_S = 1.2


async def settle_order_number(caller: Any, last_bot_text: str, read_as: str,
                              number: str) -> np.ndarray | None:
    """After the caller said order NUMBER: when the bot read a number back or asked for it
    again (heard unsurely, a digit off, or no number heard at all), answer as a caller
    would: "yes" when it read back READ_AS ("five oh oh one"), else "no" to a read-back and
    key the number in. The next answer's audio, or None when the bot had simply answered."""
    read_back = any(r in last_bot_text for r in READ_BACKS)
    asked_again = "keypad" in last_bot_text or "key in the order number" in last_bot_text
    if not (read_back or asked_again):
        return None
    if read_back and f"order {read_as}" in last_bot_text:
        await caller.say("Yes.")
    else:
        if read_back and "keypad" not in last_bot_text:
            await caller.say("No.")
            await caller.next_answer()
        await caller.press(f"{number}#")
    return await caller.next_answer()


def twilio_signature(url: str, params: dict[str, str] | None = None,
                     auth_token: str = TWILIO_AUTH_TOKEN) -> str:
    """X-Twilio-Signature of a request to URL with form PARAMS, as Twilio computes it."""
    return RequestValidator(auth_token).compute_signature(url, params or {})


def twilio_media_connect(ws_url: str, auth_token: str | None = TWILIO_AUTH_TOKEN,
                         **kwargs: Any) -> Any:
    """`websockets.connect` to the gateway's media stream, signed as Twilio signs it
    (AUTH_TOKEN None: unsigned)."""
    url = f"{ws_url}/twilio/media"
    headers = {SIGNATURE_HEADER: twilio_signature(url, auth_token=auth_token)} \
        if auth_token else {}
    return websockets.connect(url, extra_headers=headers, **kwargs)


@lru_cache(maxsize=1)
def _whisper() -> Any:
    from faster_whisper import WhisperModel

    from voice_gateway.services.model_files import whisper_model_dir

    return WhisperModel(str(whisper_model_dir("tiny")), device="cpu", compute_type="int8",
                        cpu_threads=2)


@lru_cache(maxsize=256)
def speech(text: str, voice: CallerVoice = DEFAULT_VOICE, impairment: Impairment = TELEPHONE,
           tail_silence_s: float = 0.1) -> np.ndarray:
    """The caller saying `text` as 16 kHz float32, as the line delivers it: a voice that is
    not the bot's (espeak-ng by default) over `impairment` (a telephone line by default),
    0.2 s of line before the speech and `tail_silence_s` after it (noise goes on there)."""
    rendered = render(ad_hoc(text), voice, impairment, lead_silence_s=0.2,
                      tail_silence_s=tail_silence_s)
    rendered.audio.flags.writeable = False  # shared by the tests that say the same
    return rendered.audio


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * PIPELINE_RATE), dtype=np.float32)


def transcribe(audio: np.ndarray) -> str:
    if audio.size == 0:
        return ""
    segments, _ = _whisper().transcribe(audio, language="en", beam_size=5, temperature=0.0)
    return " ".join(s.text for s in segments).strip()


@dataclass
class TwilioCaller:
    """Twilio's side of a call and its bidirectional Media Stream.

    With `fetch_twiml` (the default) it first posts the call to `/twilio/voice` and takes
    the <Stream> parameters of the answer (`From` and its signed token); `parameters` are
    added over them. Requests are signed with `auth_token` (None: unsigned)."""

    url: str
    caller: str | None = None
    auth_token: str | None = TWILIO_AUTH_TOKEN
    fetch_twiml: bool = True
    call_sid: str = field(default_factory=lambda: f"CA{uuid.uuid4().hex}")
    stream_sid: str = field(default_factory=lambda: f"MZ{uuid.uuid4().hex}")
    received: list[np.ndarray] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    before_start: list[str] = field(default_factory=list)  # raw frames sent before "start"
    parameters: dict[str, str] = field(default_factory=dict)  # more <Stream> <Parameter>s
    voice: CallerVoice = DEFAULT_VOICE  # who speaks in `say`, over which line
    impairment: Impairment = TELEPHONE
    _ws: Any = None
    _reader: asyncio.Task | None = None
    _marks: asyncio.Queue = field(default_factory=asyncio.Queue)

    async def twiml_parameters(self) -> dict[str, str]:
        """Post the call to the voice webhook as Twilio does; the <Stream> parameters."""
        http_url = self.url.replace("ws://", "http://", 1).replace("wss://", "https://", 1)
        resumed = self.parameters.get("resumed")
        url = f"{http_url}/twilio/voice" + (f"?resumed={resumed}" if resumed else "")
        form = {"CallSid": self.call_sid, "AccountSid": "ACtest",
                **({"From": self.caller} if self.caller else {})}
        headers = {SIGNATURE_HEADER: twilio_signature(url, form, self.auth_token)} \
            if self.auth_token else {}
        async with httpx.AsyncClient(timeout=30) as client:
            reply = await client.post(url, data=form, headers=headers)
        reply.raise_for_status()
        stream = ET.fromstring(reply.text).find("Connect/Stream")
        assert stream is not None, reply.text
        return {p.get("name", ""): p.get("value", "") for p in stream.findall("Parameter")}

    async def __aenter__(self) -> TwilioCaller:
        if self.fetch_twiml:
            parameters = {**await self.twiml_parameters(), **self.parameters}
        else:
            parameters = {**({"From": self.caller} if self.caller else {}), **self.parameters}
        self._ws = await twilio_media_connect(self.url, self.auth_token, max_size=None)
        await self._ws.send(json.dumps({"event": "connected", "protocol": "Call",
                                        "version": "1.0.0"}))
        for raw in self.before_start:
            await self._ws.send(raw)
        start = {"event": "start", "sequenceNumber": "1", "streamSid": self.stream_sid,
                 "start": {"streamSid": self.stream_sid, "callSid": self.call_sid,
                           "accountSid": "ACtest", "tracks": ["inbound"],
                           "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000,
                                           "channels": 1},
                           "customParameters": parameters}}
        await self._ws.send(json.dumps(start))
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if not self.closed.is_set():
            await self._ws.send(json.dumps({"event": "stop", "streamSid": self.stream_sid}))
            await self._ws.close()
        if self._reader:
            await asyncio.wait([self._reader], timeout=5)

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                message = json.loads(raw)
                self.events.append(message)
                if message["event"] == "media":
                    data = base64.b64decode(message["media"]["payload"])
                    self.received.append(mulaw8k_to_pipeline(data))
                elif message["event"] == "mark":
                    # Twilio echoes a mark once the audio before it has played.
                    await self._ws.send(json.dumps({"event": "mark", "streamSid": self.stream_sid,
                                                    "mark": message["mark"]}))
                    await self._marks.put(message["mark"]["name"])
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed.set()
            await self._marks.put(None)

    async def send_audio(self, audio: np.ndarray) -> None:
        mulaw = pipeline_to_mulaw8k(audio)
        for start in range(0, len(mulaw), 160):
            payload = base64.b64encode(mulaw[start:start + 160]).decode()
            await self._ws.send(json.dumps({"event": "media", "streamSid": self.stream_sid,
                                            "media": {"track": "inbound", "payload": payload}}))
            if start % 3200 == 0:
                await asyncio.sleep(0.001)

    async def say(self, text: str, trailing_silence: float = TRAILING_SILENCE_S) -> None:
        await self.send_audio(speech(text, self.voice, self.impairment, trailing_silence))

    async def press(self, digits: str) -> None:
        for digit in digits:
            await self._ws.send(json.dumps({"event": "dtmf", "streamSid": self.stream_sid,
                                            "dtmf": {"track": "inbound_track", "digit": digit}}))

    async def send_raw(self, raw: str) -> None:
        await self._ws.send(raw)

    async def next_answer(self, timeout: float = 60) -> np.ndarray:
        """Wait for the end of the bot's next answer (its mark); return the audio so far."""
        name = await asyncio.wait_for(self._marks.get(), timeout)
        if name is None:
            raise ConnectionError("the gateway closed the stream")
        return self.take_audio()

    def take_audio(self) -> np.ndarray:
        audio = np.concatenate(self.received) if self.received else silence(0)
        self.received.clear()
        return audio

    def count(self, event: str) -> int:
        return sum(1 for e in self.events if e.get("event") == event)


@dataclass
class AudioSocketCaller:
    """Asterisk's side of an AudioSocket connection."""

    port: int
    call_uuid: str = field(default_factory=lambda: str(uuid.uuid4()))
    voice: CallerVoice = DEFAULT_VOICE  # who speaks in `say`, over which line
    impairment: Impairment = TELEPHONE
    received: list[np.ndarray] = field(default_factory=list)
    hung_up: asyncio.Event = field(default_factory=asyncio.Event)
    _reader: asyncio.StreamReader | None = None
    _writer: asyncio.StreamWriter | None = None
    _task: asyncio.Task | None = None

    async def __aenter__(self) -> AudioSocketCaller:
        self._reader, self._writer = await asyncio.open_connection("127.0.0.1", self.port)
        await self.frame(0x01, uuid.UUID(self.call_uuid).bytes)
        self._task = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if not self.hung_up.is_set():
            await self.frame(0x00)
        self._writer.close()
        if self._task:
            await asyncio.wait([self._task], timeout=5)

    async def frame(self, kind: int, payload: bytes = b"") -> None:
        self._writer.write(struct.pack(">BH", kind, len(payload)) + payload)
        await self._writer.drain()

    async def _read(self) -> None:
        try:
            while True:
                kind, length = struct.unpack(">BH", await self._reader.readexactly(3))
                payload = await self._reader.readexactly(length)
                if kind == 0x10:
                    self.received.append(slin_to_pipeline(payload, 8000))
                elif kind in (0x00, 0xFF):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.hung_up.set()

    async def send_audio(self, audio: np.ndarray) -> None:
        slin = pipeline_to_slin(audio, 8000)
        for start in range(0, len(slin), 320):
            await self.frame(0x10, slin[start:start + 320])
            if start % 6400 == 0:
                await asyncio.sleep(0.001)

    async def say(self, text: str, trailing_silence: float = TRAILING_SILENCE_S) -> None:
        await self.send_audio(speech(text, self.voice, self.impairment, trailing_silence))

    async def wait_for_audio(self, min_seconds: float, timeout: float = 60) -> np.ndarray:
        """Wait until the bot has sent audio and then paused for half a second."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last_size, quiet_since = -1, loop.time()
        while loop.time() < deadline:
            size = sum(a.size for a in self.received)
            if size != last_size:
                last_size, quiet_since = size, loop.time()
            elif size >= min_seconds * PIPELINE_RATE and loop.time() - quiet_since > 0.6:
                break
            await asyncio.sleep(0.05)
        audio = np.concatenate(self.received) if self.received else silence(0)
        self.received.clear()
        return audio
