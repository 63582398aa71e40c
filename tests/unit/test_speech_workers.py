"""The speech workers run the most urgent job first, drop cancelled ones, and reuse spoken
sentences."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from voice_gateway.services.priority_executor import PriorityExecutor, Urgency


def test_urgent_jobs_overtake_queued_background_jobs_and_cancelled_ones_never_run() -> None:
    pool = PriorityExecutor(1, "test")
    gate = threading.Event()
    ran: list[str] = []
    try:
        blocker = pool.submit(Urgency.AHEAD, gate.wait, 5)  # occupies the only worker
        while not blocker.running():
            time.sleep(0.01)
        later = [pool.submit(Urgency.AHEAD, ran.append, f"ahead-{i}") for i in range(3)]
        guess = pool.submit(Urgency.SPECULATIVE, ran.append, "speculative")
        stale = pool.submit(Urgency.SPECULATIVE, ran.append, "stale")
        waiting = pool.submit(Urgency.CALLER_WAITING, ran.append, "caller")
        assert stale.cancel()
        gate.set()
        for future in (blocker, *later, guess, waiting):
            future.result(5)
        assert ran == ["caller", "speculative", "ahead-0", "ahead-1", "ahead-2"]
        assert stale.cancelled()
    finally:
        pool.shutdown()


def test_the_express_worker_stays_free_for_a_waiting_caller() -> None:
    pool = PriorityExecutor(2, "test", express=1)
    gate = threading.Event()
    try:
        background = [pool.submit(Urgency.AHEAD, gate.wait, 5) for _ in range(3)]
        while not background[0].running():
            time.sleep(0.01)
        started = time.perf_counter()
        assert pool.submit(Urgency.CALLER_WAITING, lambda: "first words").result(2) == \
            "first words"
        assert time.perf_counter() - started < 1.5  # not behind the three background jobs
        gate.set()
        assert all(f.result(5) for f in background)
    finally:
        pool.shutdown()


def test_errors_reach_the_awaiting_call_and_shutdown_cancels_what_is_queued() -> None:
    pool = PriorityExecutor(1, "test")

    async def failing() -> None:
        await pool.run(Urgency.CALLER_WAITING, int, "not a number")

    with pytest.raises(ValueError):
        asyncio.run(failing())
    gate = threading.Event()
    pool.submit(Urgency.AHEAD, gate.wait, 5)
    queued = pool.submit(Urgency.AHEAD, str, 1)
    pool.shutdown()
    gate.set()
    assert queued.cancelled()
    with pytest.raises(RuntimeError):
        pool.submit(Urgency.AHEAD, str, 1)


def test_spoken_sentences_are_reused_and_the_oldest_is_forgotten() -> None:
    from collections import OrderedDict
    from types import SimpleNamespace

    import numpy as np

    from voice_gateway.services.speech_models import SpeechModels

    synthesised: list[str] = []

    def synthesize_sync(sentence: str) -> np.ndarray:
        synthesised.append(sentence)
        return np.full(4, len(sentence), dtype=np.float32)

    models = SpeechModels.__new__(SpeechModels)  # the cache only, without loading models
    models.settings = SimpleNamespace(tts_cache_sentences=2)
    models.synthesize_sync = synthesize_sync
    models._tts_pool = PriorityExecutor(1, "test")
    models._spoken = OrderedDict()

    async def say(*sentences: str) -> list[np.ndarray]:
        return [await models.synthesize(s) for s in sentences]

    try:
        first, again = asyncio.run(say("Your PIN, please.", "Your PIN, please."))
        assert first is again and not again.flags.writeable  # shared, so read-only
        asyncio.run(say("Hello.", "Goodbye.", "Hello.", "Your PIN, please."))
        assert synthesised == ["Your PIN, please.", "Hello.", "Goodbye.", "Your PIN, please."]
    finally:
        models._tts_pool.shutdown()
