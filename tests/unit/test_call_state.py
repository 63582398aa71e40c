"""The call state gateways share (voice_gateway.calls): calls ended on purpose and AudioSocket
caller registrations, in memory (one gateway) and on the machine's real Redis (several
gateways: two store instances here stand for two gateway processes), and the transports
that write and read it."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
import redis

from voice_gateway.calls import (
    CallStateUnavailable,
    InMemoryCallStateStore,
    RedisCallStateStore,
    call_state_store,
)
from voice_gateway.serializers.audiosocket import KIND_HANGUP, KIND_UUID, encode_frame
from voice_gateway.transports.audiosocket import serve_connection
from voice_gateway.transports.twilio_media import TwilioTransport

REDIS_URL = "redis://127.0.0.1:6379/5"
SID = f"CA{uuid.uuid4().hex}"


class Clock:
    def __init__(self) -> None:
        self.time = 1000.0

    def __call__(self) -> float:
        return self.time


def test_in_memory_an_ended_call_is_told_once_and_forgotten_after_a_while() -> None:
    clock = Clock()
    store = InMemoryCallStateStore(clock, ended_keep_s=300)

    async def check() -> None:
        assert not await store.take_ended(SID)
        await store.mark_ended(SID)
        assert await store.take_ended(SID)
        assert not await store.take_ended(SID)  # asked once
        await store.mark_ended(SID)
        clock.time += 301
        assert not await store.take_ended(SID)

    asyncio.run(check())


def test_in_memory_registrations_expire_and_are_bounded() -> None:
    clock = Clock()
    store = InMemoryCallStateStore(clock, caller_keep_s=60, max_entries=2)

    async def check() -> None:
        await store.register_caller("a", "+15550001")
        assert await store.registered_caller("a") == "+15550001"
        assert await store.registered_caller("a") == "+15550001"  # read, not taken
        clock.time += 60
        assert await store.registered_caller("a") is None
        for call in ("b", "c", "d"):
            await store.register_caller(call, f"+1555000{call}")
        assert await store.registered_caller("b") is None  # the oldest made room
        await store.forget_caller("c")
        assert await store.registered_caller("c") is None
        assert await store.registered_caller("d") == "+1555000d"

    asyncio.run(check())


def test_without_lock_store_url_the_state_is_the_process_own() -> None:
    assert isinstance(call_state_store(None), InMemoryCallStateStore)
    assert isinstance(call_state_store("redis://127.0.0.1:6379/5"), RedisCallStateStore)


@pytest.fixture
def prefix() -> Any:
    prefix = f"test{uuid.uuid4().hex[:8]}:voice:"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def test_redis_two_gateways_see_each_others_call_state(prefix: str) -> None:
    async def check() -> None:
        first = RedisCallStateStore(REDIS_URL, prefix)
        second = RedisCallStateStore(REDIS_URL, prefix)
        other_stack = RedisCallStateStore(REDIS_URL, f"other{prefix}")
        try:
            await first.mark_ended(SID)
            assert not await other_stack.take_ended(SID)
            assert await second.take_ended(SID)
            assert not await first.take_ended(SID)  # asked once, on any gateway
            call = str(uuid.uuid4())
            await first.register_caller(call, "+15559870100")
            assert await second.registered_caller(call) == "+15559870100"
            await second.forget_caller(call)
            assert await first.registered_caller(call) is None
        finally:
            for store in (first, second, other_stack):
                await store.close()

    asyncio.run(check())


def test_redis_entries_expire(prefix: str) -> None:
    async def check() -> None:
        store = RedisCallStateStore(REDIS_URL, prefix, ended_keep_s=0.2, caller_keep_s=0.2)
        try:
            await store.mark_ended(SID)
            await store.register_caller("call", "+15550001")
            await asyncio.sleep(0.4)
            assert not await store.take_ended(SID)
            assert await store.registered_caller("call") is None
        finally:
            await store.close()

    asyncio.run(check())


def test_redis_down_a_call_is_not_ended_and_a_registration_is_refused() -> None:
    async def check() -> None:
        store = RedisCallStateStore("redis://127.0.0.1:9/0", "down:", timeout_s=0.2)
        try:
            await store.mark_ended(SID)  # logged, not raised: the call still hangs up
            assert not await store.take_ended(SID)
            assert await store.registered_caller("call") is None
            with pytest.raises(CallStateUnavailable):
                await store.register_caller("call", "+15550001")
        finally:
            await store.close()

    asyncio.run(check())


# --- the transports that write and read it ----------------------------------------------------
class FakeWebSocket:
    def __init__(self) -> None:
        self.closed_with: tuple[Any, ...] | None = None

    async def close(self, *args: Any) -> None:
        self.closed_with = args


class FakeWriter:
    def get_extra_info(self, _: str) -> tuple[str, int]:
        return ("127.0.0.1", 40000)

    def write(self, data: bytes) -> None:
        return None

    async def drain(self) -> None:
        return None

    def is_closing(self) -> bool:
        return False

    def close(self) -> None:
        return None

    async def wait_closed(self) -> None:
        return None


class FakeSession:
    def __init__(self, call_id: str) -> None:
        self.call_id = call_id
        self.ended = False


class FakeCalls:
    """CallRegistry's face to a transport: the shared state, open and close."""

    def __init__(self) -> None:
        self.state = InMemoryCallStateStore()
        self.opened: list[tuple[str, str | None]] = []

    async def open(self, call_id: str, caller: str | None, transport: Any,
                   **_: Any) -> FakeSession:
        self.opened.append((call_id, caller))
        return FakeSession(call_id)

    async def close(self, session: FakeSession) -> None:
        return None


def test_a_twilio_hang_up_records_the_call_as_ended_before_closing() -> None:
    store = InMemoryCallStateStore()
    ws = FakeWebSocket()

    class Watching(InMemoryCallStateStore):
        async def mark_ended(self, call_id: str) -> None:
            assert ws.closed_with is None  # recorded first: the callback may come at once
            await store.mark_ended(call_id)

    transport = TwilioTransport(ws, None, "MZ1", SID, Watching())  # type: ignore[arg-type]

    async def check() -> None:
        await transport.hangup()
        assert ws.closed_with is not None and transport.closed
        assert await store.take_ended(SID)

    asyncio.run(check())


def test_an_audiosocket_call_gets_the_caller_registered_for_it() -> None:
    registered, unknown = str(uuid.uuid4()), uuid.uuid4()
    calls = FakeCalls()

    async def connect(call: uuid.UUID) -> None:
        reader = asyncio.StreamReader()
        reader.feed_data(encode_frame(KIND_UUID, call.bytes) + encode_frame(KIND_HANGUP))
        reader.feed_eof()
        await serve_connection(reader, FakeWriter(), calls)  # type: ignore[arg-type]

    async def check() -> None:
        await calls.state.register_caller(registered, "+15559870100")
        await connect(uuid.UUID(registered))
        await connect(unknown)

    asyncio.run(check())
    assert calls.opened == [(registered, "+15559870100"), (str(unknown), None)]
