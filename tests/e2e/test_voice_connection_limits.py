"""Connection limits of the real voice gateway, per client address: a caller over the rate
of new connections or the cap on open ones is refused (HTTP 429 before the WebSocket
upgrade; an AudioSocket hang-up), each refusal is logged once, and every other call goes on.

Each test connects from its own loopback address (127.0.0.x), so the counters of one test
do not touch another's; the gateway runs with low limits set through the environment."""

from __future__ import annotations

import asyncio
import json
import struct
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
import websockets
from websockets.exceptions import InvalidStatusCode

from tests.e2e.conftest import GRACE
from tests.support.stacks import VoiceGatewayProcess, start_voice_gateway

pytestmark = pytest.mark.e2e

RATE, CAP = 5, 2


@pytest.fixture(scope="module")
def gateway(voice_stack, tmp_path_factory: pytest.TempPathFactory,
            ) -> Iterator[VoiceGatewayProcess]:
    bot, _ = voice_stack
    process = start_voice_gateway(bot.rasa_url, tmp_path_factory.mktemp("voice-limits"), {
        "HELPDESK_VOICE_CONNECT_RATE": f"{RATE}/minute",
        "HELPDESK_VOICE_CALLS_PER_CLIENT": str(CAP)})
    try:
        yield process
    finally:
        process.stop()


def run(coroutine: object) -> object:
    return asyncio.run(asyncio.wait_for(coroutine, 180))


def refusals(log: Path, client: str) -> list[str]:
    return [line for line in log.read_text().splitlines()
            if "voice connection refused" in line and f"from {client}," in line]


def connect(gateway: VoiceGatewayProcess, path: str, client: str) -> object:
    return websockets.connect(f"{gateway.ws_url}{path}", local_addr=(client, 0),
                              max_size=None, open_timeout=20)


@asynccontextmanager
async def twilio_call(gateway: VoiceGatewayProcess, client: str) -> AsyncIterator[object]:
    """A Twilio media stream from `client`, after the bot's greeting has been played."""
    async with connect(gateway, "/twilio/media", client) as ws:
        sid = f"CA{uuid.uuid4().hex}"
        await ws.send(json.dumps({"event": "start", "streamSid": "MZ1", "start": {
            "streamSid": "MZ1", "callSid": sid, "customParameters": {"From": GRACE}}}))
        await next_mark(ws)
        yield ws
        await ws.send(json.dumps({"event": "stop", "streamSid": "MZ1"}))


async def next_mark(ws: object, timeout: float = 60) -> str:
    """Wait until the bot finished saying something (its mark), echoing it as Twilio does."""
    async def read() -> str:
        while True:
            message = json.loads(await ws.recv())
            if message["event"] == "mark":
                await ws.send(json.dumps({"event": "mark", "streamSid": "MZ1",
                                          "mark": message["mark"]}))
                return message["mark"]["name"]

    return await asyncio.wait_for(read(), timeout)


async def refused_websocket(gateway: VoiceGatewayProcess, path: str, client: str) -> int:
    with pytest.raises(InvalidStatusCode) as refused:
        async with connect(gateway, path, client):
            pass
    return refused.value.status_code


async def audiosocket_answer(gateway: VoiceGatewayProcess, client: str) -> bytes:
    """What the gateway sends to a new AudioSocket connection before closing it (a refusal
    is a hang-up frame and the end of the stream), or b"open" when it stays open."""
    reader, writer = await asyncio.open_connection("127.0.0.1", gateway.audiosocket_port,
                                                   local_addr=(client, 0))
    writer.write(struct.pack(">BH", 0x01, 16) + uuid.uuid4().bytes)
    await writer.drain()
    try:
        return await asyncio.wait_for(reader.read(), 5)
    except asyncio.TimeoutError:
        return b"open"
    finally:
        writer.close()


def test_a_client_over_its_open_calls_cap_is_refused_and_its_calls_go_on(gateway) -> None:
    crowded, other = "127.0.0.11", "127.0.0.12"

    async def scenario() -> tuple[list[int], bytes, list[str], str, str]:
        async with twilio_call(gateway, crowded) as first, \
                connect(gateway, "/browser", crowded) as browser:
            codes = [await refused_websocket(gateway, "/twilio/media", crowded),
                     await refused_websocket(gateway, "/browser", crowded)]
            hung_up = await audiosocket_answer(gateway, crowded)
            logged = refusals(gateway.log, crowded)
            async with twilio_call(gateway, other):  # another client still gets through
                pass
            await first.send(json.dumps({"event": "dtmf", "streamSid": "MZ1",
                                         "dtmf": {"digit": "*"}}))  # "say that again"
            repeated = await next_mark(first)
            await browser.send(json.dumps({"event": "stop"}))
        # Both closed: the client's slots are free again.
        for _ in range(50):
            try:
                async with twilio_call(gateway, crowded):
                    return codes, hung_up, logged, repeated, "admitted again"
            except InvalidStatusCode:
                await asyncio.sleep(0.2)
        return codes, hung_up, logged, repeated, "still refused"

    codes, hung_up, lines, repeated, afterwards = run(scenario())
    assert codes == [429, 429]
    assert hung_up == struct.pack(">BH", 0x00, 0)  # hang up, then the connection ends
    assert repeated  # the first call was not disturbed
    assert afterwards == "admitted again"
    assert len(lines) == 3, lines  # each refusal logged once
    assert all("already 2 open" in line for line in lines)
    assert not refusals(gateway.log, other)


def test_a_client_over_its_connection_rate_is_refused_on_every_transport(gateway) -> None:
    hasty, other = "127.0.0.21", "127.0.0.22"

    async def scenario() -> tuple[int, bytes, int, bytes]:
        for _ in range(RATE):  # one after the other, under the cap of open connections
            async with connect(gateway, "/browser", hasty) as ws:
                await ws.send(json.dumps({"event": "stop"}))
            await asyncio.sleep(0.5)
        code = await refused_websocket(gateway, "/twilio/media", hasty)
        hung_up = await audiosocket_answer(gateway, hasty)
        async with connect(gateway, "/browser", other) as ws:
            await ws.send(json.dumps({"event": "start"}))
            await ws.send(json.dumps({"event": "stop"}))
        return code, hung_up, await refused_websocket(gateway, "/browser", hasty), \
            await audiosocket_answer(gateway, other)

    code, hung_up, again, other_answer = run(scenario())
    assert code == again == 429
    assert hung_up == struct.pack(">BH", 0x00, 0)
    assert other_answer == b"open"  # the other client's AudioSocket call was taken
    lines = refusals(gateway.log, hasty)
    assert len(lines) == 3, lines
    assert all("over 5 per 1 minute" in line for line in lines)
    health = httpx.get(f"{gateway.url}/health", timeout=10)
    assert health.status_code == 200
