"""When the caller has the floor: the VAD's events become barge-ins and finished
utterances, with a transcription started early, at the caller's first pause.

At a pause (`speculate_ms` of silence) the utterance so far is queued for transcription as
SPECULATIVE; if the caller then says nothing more, the utterance that ends at the hangover
holds the same speech windows and that transcription is kept, which saves the hangover's
wait. Any other speculation is cancelled: a stale one is not wanted, and a matching one
still queued as speculative is replaced by the turn's own urgent transcription.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from voice_gateway.audio.vad import VadEvent
from voice_gateway.pipeline.clock import Clock
from voice_gateway.services.priority_executor import Urgency
from voice_gateway.services.speech_models import Transcript


class Vad(Protocol):
    """voice_gateway.audio.vad.StreamingVad as the pipeline uses it."""

    @property
    def in_speech(self) -> bool: ...

    def feed(self, audio: np.ndarray) -> list[VadEvent]: ...


class Transcriber(Protocol):
    def start_transcription(self, audio: np.ndarray,
                            urgency: Urgency = Urgency.CALLER_WAITING) -> Future[Transcript]:
        """Queue a transcription; cancelling the future before it starts drops it."""


@dataclass(frozen=True)
class BargeIn:
    """The caller has spoken long enough to stop the bot (if it is speaking)."""


@dataclass(frozen=True)
class Utterance:
    """The caller finished saying something."""

    audio: np.ndarray
    ended_at: float  # the clock's time when the end of speech was detected
    transcript: Future[Transcript] | None  # the kept early transcription, if any


class TurnTaking:
    def __init__(self, vad: Vad, transcriber: Transcriber, clock: Clock) -> None:
        self.vad = vad
        self.transcriber = transcriber
        self.clock = clock
        self._speculation: tuple[int, Future[Transcript]] | None = None

    @property
    def in_speech(self) -> bool:
        return self.vad.in_speech

    def feed(self, audio: np.ndarray) -> list[BargeIn | Utterance]:
        """16 kHz float32 audio from the caller; what it means for the turn."""
        happened: list[BargeIn | Utterance] = []
        for event in self.vad.feed(audio):
            if event.kind == "barge_in":
                happened.append(BargeIn())
            elif event.kind == "pause" and event.audio is not None:
                self.drop_speculation()
                self._speculation = (event.speech_windows, self.transcriber.start_transcription(
                    event.audio, Urgency.SPECULATIVE))
            elif event.kind == "speech_end" and event.audio is not None:
                happened.append(Utterance(event.audio, self.clock.now(),
                                          self._kept_speculation(event.speech_windows)))
        return happened

    def _kept_speculation(self, speech_windows: int) -> Future[Transcript] | None:
        """The early transcription, if it heard these same words and has already started
        (see the module doc); any other is cancelled."""
        speculation, self._speculation = self._speculation, None
        if speculation is None:
            return None
        windows, future = speculation
        if future.cancel() or windows != speech_windows:
            return None
        return future

    def drop_speculation(self) -> None:
        """The caller went on speaking (or the call ended): the early transcription is no
        longer wanted."""
        if self._speculation:
            self._speculation[1].cancel()
            self._speculation = None
