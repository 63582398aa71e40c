"""Bad input never takes the voice gateway down: each case is logged, the call either goes
on or ends cleanly, and other calls are unaffected."""

from __future__ import annotations

import asyncio
import base64
import json
import struct
import time
import uuid

import httpx
import numpy as np
import pytest
import websockets

from tests.e2e.conftest import GRACE
from tests.support.stacks import BotStack, VoiceGatewayProcess
from tests.support.voice_calls import (
    SIGNATURE_HEADER,
    AudioSocketCaller,
    TwilioCaller,
    silence,
    speech,
    twilio_media_connect,
    twilio_signature,
)
from voice_gateway.audio.codec import pipeline_to_slin

pytestmark = pytest.mark.e2e


def run(coroutine: object) -> object:
    return asyncio.run(asyncio.wait_for(coroutine, 240))


def bot_texts(bot: BotStack, sender: str) -> str:
    return " ".join(e["text"] for e in bot.tracker(sender)["events"]
                    if e["event"] == "bot" and e["text"])


def pbx(gateway: VoiceGatewayProcess) -> dict[str, str]:
    """The header the dialplan sends with an AudioSocket registration."""
    return {"Authorization": f"Bearer {gateway.audiosocket_secret}"}


def active_calls(gateway: VoiceGatewayProcess) -> int:
    health = httpx.get(f"{gateway.url}/health", timeout=10)
    assert health.status_code == 200
    return health.json()["active_calls"]


def wait_until_no_calls(gateway: VoiceGatewayProcess, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while active_calls(gateway) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert active_calls(gateway) == 0


async def good_call(gateway: VoiceGatewayProcess) -> str:
    """A normal call that asks for order 5001 and hears the answer."""
    async with TwilioCaller(gateway.ws_url, caller=GRACE) as caller:
        await caller.next_answer()
        await caller.say("Where is my order five zero zero one?")
        await caller.next_answer()
        return caller.call_sid


def test_garbage_on_a_twilio_stream_is_ignored_and_the_call_goes_on(voice_stack) -> None:
    bot, gateway = voice_stack

    async def call() -> str:
        caller = TwilioCaller(gateway.ws_url, caller=GRACE, before_start=[
            json.dumps({"event": "media", "media": {"payload": "//8="}}),
            json.dumps({"event": "surprise"}), "not json at all", "[1, 2, 3]"])
        async with caller:
            await caller.send_raw(json.dumps({"event": "media", "media": {"payload": "%%%not64"}}))
            huge = base64.b64encode(b"\xff" * 9000).decode()
            await caller.send_raw(json.dumps({"event": "media", "media": {"payload": huge}}))
            await caller.send_raw(json.dumps({"event": "media", "media": None}))
            await caller.send_raw(json.dumps({"event": "dtmf", "dtmf": {"digit": "x"}}))
            await caller.send_raw(json.dumps({"event": "mark", "mark": {}}))
            await caller.send_raw(json.dumps({"event": "teleport", "to": "mars"}))
            await caller.next_answer()
            await caller.say("Where is my order five zero zero one?")
            await caller.next_answer()
            return caller.call_sid

    call_sid = run(call())
    assert "5001" in bot_texts(bot, call_sid)
    wait_until_no_calls(gateway)


def test_a_flood_of_malformed_frames_closes_only_that_stream(voice_stack) -> None:
    bot, gateway = voice_stack

    async def flood() -> bool:
        async with TwilioCaller(gateway.ws_url, caller=GRACE) as caller:
            try:
                for _ in range(80):
                    await caller.send_raw("\x00garbage\x00")
            except websockets.ConnectionClosed:
                pass
            await asyncio.wait_for(caller.closed.wait(), 30)
            return caller.closed.is_set()

    async def both() -> tuple[bool, str]:
        return await asyncio.gather(flood(), good_call(gateway))

    closed, good_sid = run(both())
    assert closed
    assert "5001" in bot_texts(bot, good_sid)
    wait_until_no_calls(gateway)


@pytest.mark.parametrize("media_format", [
    {"encoding": "audio/x-mulaw", "sampleRate": 16000},
    {"encoding": "audio/x-l16", "sampleRate": 8000},
    {"encoding": "audio/x-mulaw", "sampleRate": "fast"},
])
def test_an_unsupported_media_format_is_refused_cleanly(voice_stack, media_format) -> None:
    _, gateway = voice_stack

    async def call() -> int:
        async with twilio_media_connect(gateway.ws_url) as ws:
            await ws.send(json.dumps({"event": "start", "start": {
                "callSid": f"CA{uuid.uuid4().hex}", "streamSid": "MZ1",
                "mediaFormat": media_format}}))
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 10)
            return closed.value.code

    assert run(call()) == 1003
    assert active_calls(gateway) == 0


def test_a_noise_only_stretch_does_not_break_the_call(voice_stack) -> None:
    bot, gateway = voice_stack
    noise = np.random.default_rng(7).normal(0, 0.2, 16000 * 4).astype(np.float32)

    async def call() -> str:
        async with TwilioCaller(gateway.ws_url, caller=GRACE) as caller:
            await caller.next_answer()
            await caller.send_audio(np.concatenate([noise, silence(1.0)]))
            await asyncio.sleep(3)  # whatever the noise caused is said (or nothing is)
            await caller.say("Where is my order five zero zero one?")
            deadline = asyncio.get_running_loop().time() + 60
            while "5001" not in bot_texts(bot, caller.call_sid):
                assert asyncio.get_running_loop().time() < deadline
                await asyncio.sleep(0.5)
            return caller.call_sid

    run(call())
    wait_until_no_calls(gateway)


def test_a_caller_who_vanishes_mid_sentence_is_cleaned_up(voice_stack) -> None:
    bot, gateway = voice_stack

    async def vanish() -> None:
        caller = TwilioCaller(gateway.ws_url, caller=GRACE)
        await caller.__aenter__()
        await caller.next_answer()
        half = speech("Where is my order five zero zero one?")
        await caller.send_audio(half[: half.size // 2])
        caller._ws.transport.abort()  # no stop event, no close frame
        if caller._reader:
            await asyncio.wait([caller._reader], timeout=5)

    async def both() -> tuple[None, str]:
        return await asyncio.gather(vanish(), good_call(gateway))

    _, good_sid = run(both())
    assert "5001" in bot_texts(bot, good_sid)
    wait_until_no_calls(gateway)


def test_audiosocket_bad_frames(voice_stack) -> None:
    bot, gateway = voice_stack

    async def audio_before_uuid() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", gateway.audiosocket_port)
        writer.write(struct.pack(">BH", 0x10, 320) + b"\x00" * 320)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 15)
        writer.close()
        return answer

    async def oversized_length() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", gateway.audiosocket_port)
        writer.write(struct.pack(">BH", 0x01, 16) + uuid.uuid4().bytes)
        writer.write(struct.pack(">BH", 0x10, 65000))
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 30)
        writer.close()
        return answer

    async def odd_frames_then_a_question() -> str:
        caller = AudioSocketCaller(gateway.audiosocket_port)
        httpx.post(f"{gateway.url}/audiosocket/calls",
                   json={"uuid": caller.call_uuid, "caller_number": GRACE},
                   headers=pbx(gateway))
        async with caller:
            await caller.wait_for_audio(2)
            await caller.frame(0x10, b"\x01\x02\x03")  # odd length: not 16-bit audio
            await caller.frame(0x42, b"unknown kind")
            await caller.frame(0x03, b"")  # DTMF without a digit
            await caller.say("Where is my order five zero zero two?")
            await caller.wait_for_audio(2)
        return caller.call_uuid

    assert run(audio_before_uuid())[:1] == b"\xff"
    run(oversized_length())
    call_uuid = run(odd_frames_then_a_question())
    assert "5002" in bot_texts(bot, call_uuid)
    wait_until_no_calls(gateway)


def test_browser_stream_bad_frames(voice_stack) -> None:
    _, gateway = voice_stack

    async def wrong_rate() -> list:
        async with websockets.connect(f"{gateway.ws_url}/browser") as ws:
            await ws.send(json.dumps({"event": "start", "sample_rate": 44100}))
            events = []
            try:
                while True:
                    events.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
            except websockets.ConnectionClosed:
                return events

    async def odd_frame() -> dict:
        async with websockets.connect(f"{gateway.ws_url}/browser") as ws:
            await ws.send(json.dumps({"event": "start"}))
            await ws.send(b"\x00\x01\x02")
            await ws.send(pipeline_to_slin(silence(0.1), 16000) * 25)  # far too long
            while True:
                raw = await asyncio.wait_for(ws.recv(), 30)
                if isinstance(raw, str) and json.loads(raw).get("event") == "error":
                    return json.loads(raw)

    events = run(wrong_rate())
    assert events and "16000 Hz" in events[0]["error"]
    assert "even number of bytes" in run(odd_frame())["error"]
    wait_until_no_calls(gateway)


@pytest.mark.parametrize("body", ["not json", "[]", '{"uuid": "nope", "caller_number": "+1"}',
                                  '{"uuid": 5, "caller_number": null}'])
def test_audiosocket_registration_rejects_bad_bodies(voice_stack, body: str) -> None:
    _, gateway = voice_stack
    reply = httpx.post(f"{gateway.url}/audiosocket/calls", content=body,
                       headers={"Content-Type": "application/json", **pbx(gateway)})
    assert reply.status_code == 400 and "error" in reply.json()


def test_twilio_webhook_without_a_caller_number(voice_stack) -> None:
    _, gateway = voice_stack
    url = f"{gateway.url}/twilio/voice"
    reply = httpx.post(url, content=b"\xff\xfe garbage",
                       headers={SIGNATURE_HEADER: twilio_signature(url)})
    assert reply.status_code == 200 and "<Parameter" not in reply.text
