"""Streaming end-of-speech detection with faster-whisper's bundled Silero VAD model.

`faster_whisper.vad.SileroVADModel` scores whole recordings; a call needs the model's
recurrent state carried from one 32 ms window to the next, which `StreamingVad` keeps.

The state is forgotten when an utterance ends and after every RESET_IDLE_S of audio outside
speech (as Pipecat's Silero analyser does every few seconds): carried over from one
utterance to the next, it drifts until some voices are heard as short noise only. Piper's
joe voice, the second thing it said in a call, scored above the threshold for half a
second at a time and its turn never started (benchmarks/RESULTS.md, 2026-12-02: that
voice's answers "came" 6 s late, the silence prompt's).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from voice_gateway.audio.codec import PIPELINE_RATE

WINDOW = 512  # samples at 16 kHz = 32 ms, what Silero expects
CONTEXT = 64
RESET_IDLE_S = 5.0


@dataclass
class VadEvent:
    kind: str  # "speech_start", "barge_in", "pause", "speech_end", "noise"
    audio: np.ndarray | None = None  # the utterance so far (pause) or all of it (speech_end)
    speech_windows: int = 0  # speech heard so far: a pause and an end with the same count
    # hold the same words, so a transcription started at the pause can be kept


@dataclass
class StreamingVad:
    """Feeds 16 kHz audio, yields speech_start / barge_in / speech_end (with the utterance).

    Times are counted in audio, not wall-clock, so the result does not depend on how fast
    frames arrive.
    """

    session: object
    threshold: float = 0.5
    end_of_speech_ms: int = 500
    speculate_ms: int = 150
    min_speech_ms: int = 200
    barge_in_ms: int = 300
    max_utterance_s: float = 20.0
    pre_roll_ms: int = 300
    _pending: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    _context: np.ndarray = field(default_factory=lambda: np.zeros(CONTEXT, dtype=np.float32))
    _state: np.ndarray = field(default_factory=lambda: np.zeros((2, 1, 128), dtype=np.float32))
    _utterance: list[np.ndarray] = field(default_factory=list)
    _pre_roll: list[np.ndarray] = field(default_factory=list)
    _in_speech: bool = False
    _speech_windows: int = 0
    _silent_windows: int = 0
    _barge_in_sent: bool = False
    _idle_windows: int = 0
    windows_seen: int = 0

    @property
    def in_speech(self) -> bool:
        return self._in_speech

    @property
    def speech_windows(self) -> int:
        """Speech windows of the current utterance: it grows only when the caller speaks."""
        return self._speech_windows if self._in_speech else 0

    @property
    def silence_ms(self) -> float:
        """The silence at the end of the current utterance so far (0 outside one)."""
        return self._ms(self._silent_windows) if self._in_speech else 0.0

    def end_utterance(self) -> VadEvent | None:
        """End the current utterance now, before the hangover (turn taking decided the
        caller has finished): its speech_end (or noise) event; None outside speech."""
        return self._end() if self._in_speech else None

    def _probability(self, window: np.ndarray) -> float:
        batch = np.concatenate([self._context, window])[None, :].astype(np.float32)
        out, h, c = self.session.run(None, {"input": batch, "h": self._state[0:1],
                                            "c": self._state[1:2]})
        self._state = np.concatenate([h, c])
        self._context = window[-CONTEXT:]
        return float(np.asarray(out).reshape(-1)[0])

    def feed(self, audio: np.ndarray) -> list[VadEvent]:
        events: list[VadEvent] = []
        self._pending = np.concatenate([self._pending, audio.astype(np.float32)])
        while self._pending.size >= WINDOW:
            window, self._pending = self._pending[:WINDOW], self._pending[WINDOW:]
            events += self._step(window)
        return events

    @staticmethod
    def _windows(ms: int) -> int:
        return max(1, round(ms * PIPELINE_RATE / 1000 / WINDOW))

    def _ms(self, windows: int) -> float:
        return windows * WINDOW * 1000 / PIPELINE_RATE

    def _step(self, window: np.ndarray) -> list[VadEvent]:
        self.windows_seen += 1
        speech = self._probability(window) >= self.threshold
        events: list[VadEvent] = []
        if not self._in_speech:
            self._idle_windows += 1
            if self._idle_windows >= self._windows(int(RESET_IDLE_S * 1000)):
                self.reset_state()
            self._pre_roll.append(window)
            max_pre = max(1, int(self.pre_roll_ms * PIPELINE_RATE / 1000 / WINDOW))
            del self._pre_roll[:-max_pre]
            if speech:
                self._in_speech = True
                self._utterance = list(self._pre_roll)
                self._speech_windows, self._silent_windows = 1, 0
                self._barge_in_sent = False
                events.append(VadEvent("speech_start"))
            return events
        self._utterance.append(window)
        if speech:
            self._speech_windows += 1
            self._silent_windows = 0
            if not self._barge_in_sent and self._ms(self._speech_windows) >= self.barge_in_ms:
                self._barge_in_sent = True
                events.append(VadEvent("barge_in"))
        else:
            self._silent_windows += 1
            if self._silent_windows == self._windows(self.speculate_ms) and self._ms(
                    self._speech_windows) >= self.min_speech_ms:
                events.append(VadEvent("pause", np.concatenate(self._utterance),
                                       self._speech_windows))
        too_long = self._ms(len(self._utterance)) >= self.max_utterance_s * 1000
        if self._ms(self._silent_windows) >= self.end_of_speech_ms or too_long:
            events.append(self._end())
        return events

    def reset_state(self) -> None:
        """Forget the model's recurrent state (the silence before the next utterance)."""
        self._state = np.zeros((2, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)
        self._idle_windows = 0

    def _end(self) -> VadEvent:
        self._in_speech = False
        self._pre_roll = []
        self.reset_state()
        utterance, self._utterance = self._utterance, []
        if self._ms(self._speech_windows) >= self.min_speech_ms:
            return VadEvent("speech_end", np.concatenate(utterance), self._speech_windows)
        return VadEvent("noise")
