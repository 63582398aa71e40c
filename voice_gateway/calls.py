"""The gateway's live calls, and the call state that every gateway must agree on.

A call's pipeline (`CallSession`) lives in the one gateway that serves its connection, as
long as the call. Two facts about a call may be asked for on another gateway behind a
balancer (`make run-scaled` runs two):

- that its Twilio stream was ended on purpose (the bot hung up): Twilio's
  `/twilio/stream-ended` callback then hangs up instead of reconnecting the caller;
- an AudioSocket call's caller number, registered by the dialplan
  (`POST /audiosocket/calls`) before the call connects.

They live in a `CallStateStore`: in this process for a single gateway, in Redis when
LOCK_STORE_URL is set, so that every gateway sees them. Entries expire: an ended call is
asked about within seconds, a registration is used when its call connects.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from helpdesk.config import VoiceSettings
from voice_gateway.pipeline.call_session import CallSession
from voice_gateway.pipeline.frames import CallTransport, TurnTiming
from voice_gateway.services.rasa_client import RasaClient
from voice_gateway.services.speech_models import SpeechModels

log = logging.getLogger(__name__)

ENDED_KEEP_S = 300.0  # Twilio asks <Connect action> right after the stream closed
CALLER_KEEP_S = 3600.0  # the dialplan registers a caller just before AudioSocket() connects


class CallStateUnavailable(Exception):
    """The shared store could not record something (Redis down)."""


class CallStateStore(Protocol):
    async def mark_ended(self, call_id: str) -> None:
        """This gateway ended CALL_ID's stream on purpose."""

    async def take_ended(self, call_id: str) -> bool:
        """Whether CALL_ID was ended on purpose (within ENDED_KEEP_S); asked once."""

    async def register_caller(self, call_id: str, number: str) -> None:
        """The dialplan's caller number of AudioSocket call CALL_ID; raises
        CallStateUnavailable when it could not be kept."""

    async def registered_caller(self, call_id: str) -> str | None: ...

    async def forget_caller(self, call_id: str) -> None: ...

    async def close(self) -> None: ...


class InMemoryCallStateStore:
    """One gateway's call state; at most `max_entries` of each kind are kept."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 ended_keep_s: float = ENDED_KEEP_S, caller_keep_s: float = CALLER_KEEP_S,
                 max_entries: int = 10_000) -> None:
        self.clock = clock
        self.ended_keep_s = ended_keep_s
        self.caller_keep_s = caller_keep_s
        self.max_entries = max_entries
        self._ended: OrderedDict[str, float] = OrderedDict()  # call -> when
        self._callers: OrderedDict[str, tuple[str, float]] = OrderedDict()  # -> number, when

    def _keep(self, entries: OrderedDict, key: str, value: object) -> None:
        entries[key] = value
        entries.move_to_end(key)
        while len(entries) > self.max_entries:
            entries.popitem(last=False)

    async def mark_ended(self, call_id: str) -> None:
        self._keep(self._ended, call_id, self.clock())

    async def take_ended(self, call_id: str) -> bool:
        at = self._ended.pop(call_id, None)
        return at is not None and self.clock() - at < self.ended_keep_s

    async def register_caller(self, call_id: str, number: str) -> None:
        self._keep(self._callers, call_id, (number, self.clock()))

    async def registered_caller(self, call_id: str) -> str | None:
        entry = self._callers.get(call_id)
        if entry is None or self.clock() - entry[1] >= self.caller_keep_s:
            return None
        return entry[0]

    async def forget_caller(self, call_id: str) -> None:
        self._callers.pop(call_id, None)

    async def close(self) -> None:
        return None


class RedisCallStateStore:
    """The call state of every gateway on one Redis, keys under PREFIX, each with its
    expiry. Redis being down is logged: an ended call then looks like a dropped stream
    (reconnected, at most MAX_RESUMES times), an AudioSocket call is anonymous, and a
    registration is refused (CallStateUnavailable)."""

    def __init__(self, url: str, prefix: str,
                 ended_keep_s: float = ENDED_KEEP_S, caller_keep_s: float = CALLER_KEEP_S,
                 timeout_s: float = 2.0) -> None:
        self.prefix = prefix
        self.ended_keep_s = ended_keep_s
        self.caller_keep_s = caller_keep_s
        # Connections are made on first use, in the loop that uses them (sanic's).
        self.redis = aioredis.Redis.from_url(
            url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s,
            retry=Retry(ExponentialBackoff(cap=1.0, base=0.1), retries=3),
            retry_on_error=[RedisConnectionError, RedisTimeoutError])

    def _key(self, kind: str, call_id: str) -> str:
        return f"{self.prefix}{kind}:{call_id}"

    async def mark_ended(self, call_id: str) -> None:
        try:
            await self.redis.set(self._key("ended", call_id), b"1",
                                 px=int(self.ended_keep_s * 1000))
        except RedisError:
            log.exception("call %s: could not record the end of the call in Redis", call_id)

    async def take_ended(self, call_id: str) -> bool:
        try:
            return await self.redis.getdel(self._key("ended", call_id)) is not None
        except RedisError:
            log.exception("call %s: could not ask Redis whether the call was ended", call_id)
            return False

    async def register_caller(self, call_id: str, number: str) -> None:
        try:
            await self.redis.set(self._key("caller", call_id), number.encode(),
                                 px=int(self.caller_keep_s * 1000))
        except RedisError as exc:
            raise CallStateUnavailable(str(exc)) from exc

    async def registered_caller(self, call_id: str) -> str | None:
        try:
            number = await self.redis.get(self._key("caller", call_id))
        except RedisError:
            log.exception("AudioSocket call %s: could not read its caller from Redis; the "
                          "call is anonymous", call_id)
            return None
        return number.decode() if number is not None else None

    async def forget_caller(self, call_id: str) -> None:
        try:
            await self.redis.delete(self._key("caller", call_id))
        except RedisError:
            log.warning("call %s: could not drop its caller registration (it expires)",
                        call_id)

    async def close(self) -> None:
        await self.redis.close()


def call_state_store(lock_store_url: str | None, stack_prefix: str = "helpdesk",
                     ) -> CallStateStore:
    """Redis at LOCK_STORE_URL when several gateways may serve one call (keys under the
    stack's LOCK_STORE_PREFIX), else in memory."""
    if lock_store_url:
        return RedisCallStateStore(lock_store_url, prefix=f"{stack_prefix}:voice:")
    return InMemoryCallStateStore()


class CallRegistry:
    """The calls this gateway serves now, over the call state shared with the others."""

    def __init__(self, models: SpeechModels, rasa: RasaClient, settings: VoiceSettings,
                 state: CallStateStore) -> None:
        self.models = models
        self.rasa = rasa
        self.settings = settings
        self.state = state
        self.calls: dict[str, CallSession] = {}
        self.finished_timings: list[TurnTiming] = []

    async def open(self, call_id: str, caller: str | None, transport: CallTransport,
                   resumed: bool = False, outbound_attempt: int | None = None) -> CallSession:
        """Start a call's session; `resumed` is a reconnection of a call whose stream
        dropped (its Rasa conversation goes on, so it is not greeted again);
        `outbound_attempt` the campaign attempt of a call the dialer placed."""
        if call_id in self.calls:
            await self.close(self.calls[call_id])
        session = CallSession(call_id, caller, transport, self.models, self.rasa, self.settings,
                              turn_model=self.models.turn_model,
                              outbound_attempt=outbound_attempt)
        self.calls[call_id] = session
        await session.start(resumed=resumed)
        return session

    async def close(self, session: CallSession) -> None:
        await session.stop()
        if self.calls.get(session.call_id) is session:
            del self.calls[session.call_id]
        await self.state.forget_caller(session.call_id)
        self.finished_timings = (self.finished_timings + session.timings)[-1000:]
