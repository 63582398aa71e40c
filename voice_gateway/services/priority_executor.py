"""Worker threads that run the most urgent speech job first.

With several calls on a small CPU, the speech models are the bottleneck, and not every job
is equally late: the transcription of a finished utterance and the first sentence of an
answer hold a caller in silence, while the later sentences of an answer have the playing
time of the earlier ones to spare. A plain thread pool runs jobs in arrival order, so one
call's third sentence could delay another caller's first word. Here jobs carry a priority
(lower runs first, equal ones in arrival order), and a job cancelled before it starts (a
speculative transcription made stale by more speech, an answer the caller talked over) is
dropped without running.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, TypeVar

T = TypeVar("T")


class Urgency(IntEnum):
    CALLER_WAITING = 0  # a finished utterance; the first sentence of an answer
    SPECULATIVE = 1  # a transcription started at a pause, before the caller has finished
    AHEAD = 2  # later sentences of an answer that is already playing


@dataclass(order=True)
class _Job:
    urgency: int
    order: int
    future: Future = field(compare=False)
    fn: Callable[..., Any] = field(compare=False)
    args: tuple[Any, ...] = field(compare=False)


class PriorityExecutor:
    """`workers` threads; with `express` > 0, that many of them take only jobs of a caller
    who is waiting, so long background sentences never occupy every worker."""

    def __init__(self, workers: int, name: str, express: int = 0) -> None:
        workers = max(1, workers)
        express = min(max(0, express), workers - 1)
        self._jobs: list[_Job] = []
        self._ready = threading.Condition()
        self._order = itertools.count()
        self._closed = False
        self._threads = []
        for index in range(workers):
            accepts = Urgency.CALLER_WAITING if index < express else max(Urgency)
            self._threads.append(threading.Thread(target=self._serve, args=(int(accepts),),
                                                  name=f"{name}-{index}", daemon=True))
        for thread in self._threads:
            thread.start()

    def submit(self, urgency: Urgency, fn: Callable[..., T], *args: Any) -> Future[T]:
        future: Future[T] = Future()
        with self._ready:
            if self._closed:
                raise RuntimeError("the speech workers are shut down")
            heapq.heappush(self._jobs, _Job(int(urgency), next(self._order), future, fn, args))
            self._ready.notify_all()
        return future

    async def run(self, urgency: Urgency, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(*args)` on a worker; cancelling the awaiting task drops a job not started."""
        return await asyncio.wrap_future(self.submit(urgency, fn, *args))

    def pending(self) -> int:
        with self._ready:
            return len(self._jobs)

    def _next(self, accepts: int) -> _Job | None:
        with self._ready:
            while not self._closed and not (self._jobs and self._jobs[0].urgency <= accepts):
                self._ready.wait()
            return None if self._closed else heapq.heappop(self._jobs)

    def _serve(self, accepts: int) -> None:
        while (job := self._next(accepts)) is not None:
            if not job.future.set_running_or_notify_cancel():
                continue
            try:
                job.future.set_result(job.fn(*job.args))
            except BaseException as exc:  # handed to the awaiting caller
                job.future.set_exception(exc)

    def shutdown(self) -> None:
        """Cancel queued jobs and let the workers end after their current job."""
        with self._ready:
            self._closed = True
            for job in self._jobs:
                job.future.cancel()
            self._jobs.clear()
            self._ready.notify_all()
