"""Properties of the voice gateway's wire formats: mu-law survives a round trip, and any bytes
or messages a caller's side can send either parse or are refused the documented way
(AudioFormatError, ProtocolError, end of stream, a close frame): nothing else escapes."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from voice_gateway.audio.codec import (
    AudioFormatError,
    mulaw_to_pcm16,
    pcm16_bytes_to_float,
    pcm16_to_mulaw,
    pipeline_to_mulaw8k,
    slin_to_pipeline,
)
from voice_gateway.calls import InMemoryCallStateStore
from voice_gateway.serializers import browser as browser_wire
from voice_gateway.serializers import twilio as twilio_wire
from voice_gateway.serializers.audiosocket import (
    KIND_AUDIO,
    KIND_DTMF,
    KIND_UUID,
    MAX_PAYLOAD,
    ProtocolError,
    encode_frame,
)
from voice_gateway.transports import twilio_media
from voice_gateway.transports.audiosocket import read_frame, serve_connection

SAMPLES = st.lists(st.integers(min_value=-32768, max_value=32767), max_size=400)


# --- G.711 mu-law ---------------------------------------------------------------------
@given(st.binary(max_size=400))
def test_mulaw_decoding_then_encoding_gives_the_same_sound(data: bytes) -> None:
    samples = mulaw_to_pcm16(data)
    again = pcm16_to_mulaw(samples)
    # 0x7f and 0xff are both silence; every other code comes back as it was
    assert again == data.replace(b"\x7f", b"\xff")
    assert np.array_equal(mulaw_to_pcm16(again), samples)


@given(SAMPLES)
def test_pcm_through_mulaw_stays_close(values: list[int]) -> None:
    samples = np.array(values, dtype=np.int16)
    back = mulaw_to_pcm16(pcm16_to_mulaw(samples)).astype(np.int32)
    error = np.abs(back - samples.astype(np.int32))
    assert np.all(error <= np.maximum(16, np.abs(samples.astype(np.int32)) / 16))


@given(st.binary(max_size=2000))
def test_pcm_bytes_parse_or_raise_audio_format_error(data: bytes) -> None:
    try:
        samples = pcm16_bytes_to_float(data)
    except AudioFormatError:
        assert len(data) % 2 == 1
        return
    assert samples.dtype == np.float32 and len(samples) == len(data) // 2
    assert np.all(samples >= -1.0) and np.all(samples < 1.0)
    try:
        resampled = slin_to_pipeline(data, 8000)
    except AudioFormatError:  # pragma: no cover - same rule as above
        raise AssertionError("even-length PCM was refused") from None
    assert resampled.dtype == np.float32


@given(st.lists(st.floats(min_value=-4, max_value=4, width=32), max_size=400))
def test_any_pipeline_audio_encodes(values: list[float]) -> None:
    encoded = pipeline_to_mulaw8k(np.array(values, dtype=np.float32))
    assert isinstance(encoded, bytes) and len(encoded) <= len(values) // 2 + 1


# --- AudioSocket frames -----------------------------------------------------------------
def read_all(data: bytes) -> tuple[list[tuple[int, bytes]], BaseException | None]:
    """Every frame in `data`, and what stopped the reading."""

    async def run() -> tuple[list[tuple[int, bytes]], BaseException | None]:
        reader = asyncio.StreamReader()
        reader.feed_data(data)
        reader.feed_eof()
        frames: list[tuple[int, bytes]] = []
        while True:
            try:
                frames.append(await read_frame(reader))
            except (ProtocolError, asyncio.IncompleteReadError) as exc:
                return frames, exc

    return asyncio.run(run())


@given(st.binary(max_size=3000))
@example(b"\x10\xff\xff")
def test_any_bytes_are_frames_or_a_protocol_error(data: bytes) -> None:
    frames, stop = read_all(data)
    assert all(0 <= kind <= 255 and len(payload) <= MAX_PAYLOAD for kind, payload in frames)
    consumed = sum(3 + len(payload) for _, payload in frames)
    assert consumed <= len(data)
    if isinstance(stop, ProtocolError):
        assert len(data) - consumed >= 3


@given(st.lists(st.tuples(st.integers(0, 255), st.binary(max_size=MAX_PAYLOAD)), max_size=8))
def test_encoded_frames_read_back(frames: list[tuple[int, bytes]]) -> None:
    read, stop = read_all(b"".join(encode_frame(kind, payload) for kind, payload in frames))
    assert read == frames and isinstance(stop, asyncio.IncompleteReadError)


class FakeSession:
    """What the gateway feeds a call, checked for type."""

    def __init__(self, call_id: str) -> None:
        self.call_id = call_id
        self.ended = False
        self.fed: list[Any] = []

    def feed_audio(self, audio: np.ndarray) -> None:
        assert isinstance(audio, np.ndarray) and audio.dtype == np.float32
        self.fed.append(audio)

    def feed_dtmf(self, digit: str) -> None:
        assert isinstance(digit, str)

    def on_mark(self, name: str) -> None:
        assert isinstance(name, str)


class FakeCalls:
    def __init__(self) -> None:
        self.state = InMemoryCallStateStore()
        self.opened: list[FakeSession] = []
        self.closed: list[FakeSession] = []

    async def open(self, call_id: str, caller: str | None, transport: Any,
                   **_: Any) -> FakeSession:
        assert isinstance(call_id, str) and (caller is None or isinstance(caller, str))
        self.opened.append(FakeSession(call_id))
        return self.opened[-1]

    async def close(self, session: FakeSession) -> None:
        self.closed.append(session)


class FakeWriter:
    def __init__(self) -> None:
        self.sent = b""
        self.closing = False

    def get_extra_info(self, _: str) -> tuple[str, int]:
        return ("127.0.0.1", 40000)

    def write(self, data: bytes) -> None:
        self.sent += data

    async def drain(self) -> None:
        return None

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    async def wait_closed(self) -> None:
        return None


@settings(max_examples=60)
@given(st.binary(max_size=16), st.lists(st.tuples(st.sampled_from(
    [0x00, KIND_UUID, KIND_DTMF, KIND_AUDIO, 0xFF, 0x42]), st.binary(max_size=700)),
    max_size=6), st.binary(max_size=20))
def test_an_audiosocket_connection_survives_any_bytes(call_uuid: bytes,
                                                      frames: list[tuple[int, bytes]],
                                                      tail: bytes) -> None:
    data = encode_frame(KIND_UUID, call_uuid) + b"".join(
        encode_frame(kind, payload) for kind, payload in frames) + tail
    calls, writer = FakeCalls(), FakeWriter()

    async def run() -> None:
        reader = asyncio.StreamReader()
        reader.feed_data(data)
        reader.feed_eof()
        await serve_connection(reader, writer, calls)  # type: ignore[arg-type]

    asyncio.run(run())
    assert writer.closing and calls.closed == calls.opened
    assert len(calls.opened) == (1 if len(call_uuid) == 16 else 0)


# --- Twilio Media Streams ---------------------------------------------------------------
class FakeWebSocket:
    def __init__(self, frames: list[str | bytes]) -> None:
        self.frames = list(frames)
        self.closed_with: tuple[Any, ...] | None = None

    async def recv(self) -> str | bytes | None:
        return self.frames.pop(0) if self.frames else None

    async def send(self, _: str) -> None:
        return None

    async def close(self, *args: Any) -> None:
        self.closed_with = args


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=4)
# Anything in place of a field: cheap to generate, unlike JSON_VALUES
ODD = (st.none() | st.booleans() | st.integers() | st.text(max_size=6)
       | st.lists(st.integers(), max_size=2) | st.dictionaries(st.text(max_size=3), st.integers(),
                                                              max_size=2))
PAYLOADS = st.one_of(st.binary(max_size=400).map(lambda b: base64.b64encode(b).decode()),
                     st.text(max_size=40), JSON_VALUES)


@st.composite
def twilio_messages(draw: st.DrawFn) -> str | bytes:
    """A frame as Twilio sends it, with any field changed to anything, or plain garbage."""
    event = draw(st.sampled_from(["connected", "start", "media", "dtmf", "mark", "stop",
                                  "other"]) | ODD)
    message: dict[str, Any] = {"event": event, "streamSid": draw(st.text(max_size=8))}
    if draw(st.booleans()):
        message["start"] = draw(st.fixed_dictionaries({
            "callSid": st.text(max_size=12) | ODD,
            "streamSid": st.text(max_size=12) | ODD,
            "customParameters": st.dictionaries(st.sampled_from(["From", "resumed"]),
                                                st.text(max_size=12) | ODD),
            "mediaFormat": st.fixed_dictionaries({
                "encoding": st.sampled_from(["audio/x-mulaw", "audio/l16"]) | ODD,
                "sampleRate": st.sampled_from([8000, "8000", 16000]) | ODD})
        }) | ODD)
    message["media"] = draw(st.fixed_dictionaries({"payload": PAYLOADS}) | ODD)
    message["dtmf"] = draw(st.fixed_dictionaries({"digit": st.text(max_size=3)}) | ODD)
    message["mark"] = draw(st.fixed_dictionaries({"name": st.text(max_size=8)}) | ODD)
    text = json.dumps(message)
    return draw(st.sampled_from([text, text.encode()]) | st.text(max_size=60)
                | st.binary(max_size=60))


START = json.dumps({"event": "start", "start": {"callSid": "CA1", "streamSid": "MZ1"}})


def stream(frames: list[str | bytes]) -> tuple[FakeWebSocket, FakeCalls]:
    ws, calls = FakeWebSocket(frames), FakeCalls()
    asyncio.run(twilio_media.handle_media_stream(ws, calls, None))  # type: ignore[arg-type]
    return ws, calls


@settings(max_examples=80)
@given(st.lists(twilio_messages(), max_size=6), st.booleans())
@example([json.dumps({"event": "start", "start": {
    "callSid": "CA1", "streamSid": "MZ1", "customParameters": {"resumed": "²"}}})], False)
@example(["[" * 100_000], True)
def test_a_twilio_stream_survives_any_frames(frames: list[str | bytes], started: bool) -> None:
    ws, calls = stream(([START] if started else []) + frames)
    assert calls.closed == calls.opened and len(calls.opened) <= 1
    if ws.closed_with is not None:
        assert ws.closed_with[0] == 1003


@given(PAYLOADS)
def test_media_payloads_give_audio_or_a_bad_frame(payload: Any) -> None:
    event = twilio_wire.parse_frame(json.dumps({"event": "media", "media": {"payload": payload}}))
    assert isinstance(event, twilio_wire.Media | twilio_wire.BadMedia)
    if isinstance(event, twilio_wire.Media):
        assert isinstance(event.audio, np.ndarray) and event.audio.dtype == np.float32


@given(st.lists(twilio_messages(), max_size=1))
def test_any_twilio_frame_parses_to_an_event(frames: list[str | bytes]) -> None:
    for raw in frames:
        assert isinstance(twilio_wire.parse_frame(raw), twilio_wire.StreamEvent)


@pytest.mark.parametrize("raw", [
    "[" * 100_000,  # found by fuzzing: nesting deeper than the recursion limit escaped
    json.dumps({"event": "start", "start": {"callSid": "CA1", "streamSid": "MZ1",
                                            "customParameters": {"resumed": "²"}}}),
])
def test_frames_that_broke_the_stream_handler(raw: str) -> None:
    ws, calls = stream([START, raw, raw] if raw.startswith("[") else [raw])
    assert calls.closed == calls.opened


@pytest.mark.parametrize("raw", ["[" * 100_000, '{"a":' * 100_000, "not json", "[1, 2]"])
def test_browser_frames_nested_too_deep_or_not_objects_are_not_json(raw: str) -> None:
    """Nesting beyond the recursion limit is bad JSON for the browser stream too (it
    escaped its parser as a RecursionError and ended the call)."""
    assert isinstance(browser_wire.parse_frame(raw), browser_wire.NotJson)
