"""A call's turns run one at a time, in the order they came (an utterance, a keypad entry,
a re-prompt); `pending` counts the ones queued or running, so the silence watch knows the
caller is waiting for the bot. A turn that fails is logged and the next one runs; the
worker stops once the call has ended."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from voice_gateway.pipeline.frames import Job

log = logging.getLogger(__name__)


class JobQueue:
    def __init__(self, call_id: str, run: Callable[[Job], Awaitable[None]],
                 ended: Callable[[], bool]) -> None:
        self.call_id = call_id
        self.run = run
        self.ended = ended
        self.pending = 0
        self._jobs: asyncio.Queue[Job] = asyncio.Queue()
        self._worker: asyncio.Task | None = None

    def put(self, job: Job) -> None:
        self.pending += 1
        self._jobs.put_nowait(job)

    def start(self) -> None:
        self._worker = asyncio.create_task(self._work())

    def stop(self) -> asyncio.Task | None:
        """Cancel the worker (the call ended); the task, to await."""
        if self._worker and not self._worker.done():
            self._worker.cancel()
        return self._worker

    async def _work(self) -> None:
        while True:
            job = await self._jobs.get()
            try:
                await self.run(job)
            except Exception:
                log.exception("call %s: turn failed", self.call_id)
            finally:
                self.pending -= 1
            if self.ended():
                return
