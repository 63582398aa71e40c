"""The time source of the call pipeline's stages, so that tests can run them on a fake
clock. The keypad's pause and the playback's pacing use it; silence and end of speech are
counted in audio time instead (see silence.py, voice_gateway.audio.vad)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Protocol


class Timer(Protocol):
    def cancel(self) -> None: ...


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic clock."""

    async def sleep(self, seconds: float) -> None: ...

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer:
        """Run CALLBACK once, DELAY seconds from now, unless cancelled first."""


class SystemClock:
    """The real clock: perf_counter, asyncio's sleep and the running loop's timers."""

    def now(self) -> float:
        return time.perf_counter()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer:
        return asyncio.get_running_loop().call_later(delay, callback)
