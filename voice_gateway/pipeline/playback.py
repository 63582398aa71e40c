"""The bot's voice: a reply is synthesised sentence by sentence (the first while the caller
waits, the rest ahead of time as the first plays) and sent in 20 ms frames paced to real
time, PLAYBACK_LEAD_S ahead so the far end never starves, then a mark. Barge-in: the caller
speaking or keying over the bot stops the playback and clears what the far end buffered."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

import numpy as np

from voice_gateway.audio.codec import PIPELINE_RATE
from voice_gateway.pipeline.clock import Clock
from voice_gateway.pipeline.frames import CallTransport
from voice_gateway.services.priority_executor import Urgency
from voice_gateway.services.speech_models import speech_chunks

log = logging.getLogger(__name__)

FRAME_SAMPLES = PIPELINE_RATE // 50  # 20 ms
PLAYBACK_LEAD_S = 0.1  # audio sent ahead of real time, so the far end never starves


class Synthesizer(Protocol):
    async def synthesize(self, sentence: str,
                         urgency: Urgency = Urgency.CALLER_WAITING) -> np.ndarray:
        """16 kHz float32 audio of one sentence."""


class Playback:
    def __init__(self, call_id: str, transport: CallTransport, synthesizer: Synthesizer,
                 clock: Clock) -> None:
        self.call_id = call_id
        self.transport = transport
        self.synthesizer = synthesizer
        self.clock = clock
        self._task: asyncio.Task | None = None
        self._marks = 0

    @property
    def speaking(self) -> bool:
        return self._task is not None and not self._task.done()

    async def say(self, texts: list[str]) -> float | None:
        """Show TEXTS as the bot's transcript and play them; returns when the playback
        ended (played out or interrupted) with the clock's time of its first frame, or None
        when no frame went out."""
        for text in texts:
            await self.transport.send_event({"event": "transcript", "role": "bot", "text": text})
        first_frame: list[float] = []
        self._task = asyncio.create_task(self._play(texts, first_frame))
        await asyncio.wait([self._task])
        return first_frame[0] if first_frame else None

    async def interrupt(self, how: str) -> None:
        """Barge-in: stop the bot's audio and clear what the far end has buffered."""
        if self.speaking:
            assert self._task is not None
            self._task.cancel()
            await self.transport.clear()
            log.info("call %s: caller interrupted the bot (%s)", self.call_id, how)

    def stop(self) -> asyncio.Task | None:
        """Cancel the playback (the call ended); the task, to await."""
        if self._task and not self._task.done():
            self._task.cancel()
        return self._task

    async def _play(self, texts: list[str], first_frame: list[float]) -> None:
        ready: asyncio.Queue[np.ndarray | None] = asyncio.Queue(maxsize=2)

        async def synthesise() -> None:
            urgency = Urgency.CALLER_WAITING  # the caller waits for the first sentence only
            for chunk in speech_chunks(texts):
                await ready.put(await self.synthesizer.synthesize(chunk, urgency))
                urgency = Urgency.AHEAD
            await ready.put(None)

        producer = asyncio.create_task(synthesise())
        try:
            clock, sent = self.clock.now(), 0.0
            while (audio := await ready.get()) is not None:
                if sent < self.clock.now() - clock:  # synthesis fell behind: restart the clock
                    clock = self.clock.now() - sent
                for start in range(0, audio.size, FRAME_SAMPLES):
                    await self.transport.send_audio(audio[start:start + FRAME_SAMPLES])
                    if not first_frame:
                        first_frame.append(self.clock.now())
                    sent += FRAME_SAMPLES / PIPELINE_RATE
                    ahead = sent - (self.clock.now() - clock)
                    if ahead > PLAYBACK_LEAD_S:
                        await self.clock.sleep(ahead - PLAYBACK_LEAD_S)
            self._marks += 1
            await self.transport.send_mark(f"bot-{self._marks}")
            await self.clock.sleep(max(0.0, sent - (self.clock.now() - clock)))
        finally:
            producer.cancel()
