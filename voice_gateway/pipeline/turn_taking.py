"""When the caller has the floor: the VAD's events become barge-ins and finished
utterances, with a transcription started early, at the caller's first pause.

At a pause (`speculate_ms` of silence) the utterance so far is queued for transcription as
SPECULATIVE; if the caller then says nothing more, the utterance that ends at the hangover
holds the same speech windows and that transcription is kept, which saves the hangover's
wait. Any other speculation is cancelled: a stale one is not wanted, and a matching one
still queued as speculative is replaced by the turn's own urgent transcription.

Who decides that the turn is over: without a turn-end model, the VAD's hangover (a fixed
silence, 500 ms by default). With one (`ModelRule`, the VAD's pause then at
HELPDESK_VOICE_TURN_PAUSE_MS and its hangover at the cap), the model is asked at each
pause with the whole utterance so far: "complete" ends the turn at once, "incomplete"
(mid-sentence, mid-number) waits, and the turn ends at a later pause the model calls
complete or at the hangover, never later. The model runs on its own thread; its answer
counts only if the caller has said nothing since the pause it was asked about.

A number not finished (`DigitWait`, with the fixed rule): when the bot asked for digits
(a PIN, an order number, a phone number: its reply's `min_digits`) and the early
transcription at the pause ends in fewer digits ("my order is one oh", "five five five"),
the caller is reading a number out and has paused inside it: the turn then waits up to
`wait_ms` of silence instead of the fixed rule's, and goes back to the fixed rule as soon
as a later early transcription holds enough digits (or none at the end). While digits are
asked, the turn does not end before the early transcription is ready (up to `wait_ms`), so
the decision is the same whether audio comes in real time or faster.

A turn that reads as finished (`QuickEnd`, with the fixed rule): once `after_ms` of silence
have passed and the early transcription of that same pause is ready and reads as a whole
turn (voice_gateway.pipeline.finished_words: "Where is my parcel?", not "my order is one
oh" or "... and"), the turn ends there instead of at the hangover, with that transcription
kept. Where an email is asked (spelled out with pauses) it never ends early. Otherwise the
fixed rule stands: an early transcription not ready yet, words that lead on, a number too
short. The words the caller may still add after `after_ms` are the price, counted as false
cut-offs by `make bench`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from helpdesk.text.spoken_numbers import trailing_digit_count
from voice_gateway.audio.vad import WINDOW, VadEvent
from voice_gateway.pipeline.clock import Clock
from voice_gateway.pipeline.finished_words import sounds_finished
from voice_gateway.services.priority_executor import Urgency
from voice_gateway.services.speech_models import Transcript

log = logging.getLogger(__name__)


class Vad(Protocol):
    """voice_gateway.audio.vad.StreamingVad as the pipeline uses it."""

    end_of_speech_ms: int  # the hangover: silence that ends the utterance

    @property
    def in_speech(self) -> bool: ...

    def feed(self, audio: np.ndarray) -> list[VadEvent]: ...

    @property
    def speech_windows(self) -> int: ...

    @property
    def silence_ms(self) -> float: ...

    def end_utterance(self) -> VadEvent | None: ...


class TurnEndModel(Protocol):
    """voice_gateway.services.turn_model.TurnModel as turn taking uses it."""

    def start(self, audio: np.ndarray) -> Future[float]:
        """Queue the question: the probability that the turn in AUDIO is complete."""


@dataclass(frozen=True)
class ModelRule:
    """End the turn at a pause when MODEL says p(complete) >= THRESHOLD."""

    model: TurnEndModel
    threshold: float = 0.5


@dataclass(frozen=True)
class DigitWait:
    """Wait up to WAIT_MS of silence while the caller's words so far end in fewer digits
    than MIN_DIGITS() (what the bot's last reply asked for; None: no digits asked)."""

    wait_ms: int
    min_digits: Callable[[], int | None]


@dataclass(frozen=True)
class QuickEnd:
    """End the turn after AFTER_MS of silence when the early transcription reads as
    finished; MIN_DIGITS() as DigitWait's, EMAIL_ASKED(): the bot asked for an email."""

    after_ms: int
    min_digits: Callable[[], int | None]
    email_asked: Callable[[], bool]


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
    """RULE None: the VAD's hangover ends turns; else the turn-end model decides (above)."""

    def __init__(self, vad: Vad, transcriber: Transcriber, clock: Clock,
                 rule: ModelRule | None = None, digits: DigitWait | None = None,
                 quick: QuickEnd | None = None) -> None:
        self.vad = vad
        self.transcriber = transcriber
        self.clock = clock
        self.rule = rule
        self.digits = digits if rule is None else None  # the model judges numbers itself
        self.quick = quick if rule is None else None
        self._hangover_ms = vad.end_of_speech_ms
        self._speculation: tuple[int, Future[Transcript]] | None = None
        self._checked: Future[Transcript] | None = None  # the one DigitWait last read
        self._question: tuple[int, Future[float]] | None = None  # asked at a pause

    @property
    def in_speech(self) -> bool:
        return self.vad.in_speech

    def feed(self, audio: np.ndarray) -> list[BargeIn | Utterance]:
        """16 kHz float32 audio from the caller; what it means for the turn."""
        if self.rule is None and self.quick is None:
            happened = self._heard(audio)
            self._wait_for_digits()
            return happened
        happened: list[BargeIn | Utterance] = []
        # One VAD window at a time, so a decision about a pause (the model's answer, words
        # that read as finished) is applied where it was made, not after the rest of a long
        # chunk of audio.
        for start in range(0, audio.size, WINDOW):
            happened += self._heard(audio[start:start + WINDOW])
            if self.rule is not None:
                happened += self._answered(self.rule)
            elif self.quick is not None:
                self._wait_for_digits()
                happened += self._finished(self.quick)
        return happened

    def _heard(self, audio: np.ndarray) -> list[BargeIn | Utterance]:
        happened: list[BargeIn | Utterance] = []
        for event in self.vad.feed(audio):
            if event.kind == "barge_in":
                happened.append(BargeIn())
            elif event.kind == "pause" and event.audio is not None:
                self.drop_speculation()
                self._speculation = (event.speech_windows, self.transcriber.start_transcription(
                    event.audio, Urgency.SPECULATIVE))
                self._ask(event)
            elif event.kind == "speech_end" and event.audio is not None:
                self._drop_question()
                happened.append(self._utterance(event.audio, event.speech_windows))
            elif event.kind == "noise":
                self._drop_question()
            if event.kind in ("speech_end", "noise"):
                self.vad.end_of_speech_ms = self._hangover_ms
        return happened

    # --- a number not finished ------------------------------------------------------------
    def _wait_for_digits(self) -> None:
        """While digits are asked, the turn waits for the early transcription of the pause
        the caller is in (audio may come faster than it is transcribed: the decision must
        not depend on how fast), then waits longer if it ends mid-number, else keeps the
        fixed rule's hangover."""
        if self.digits is None or self._speculation is None:
            return
        wanted = self.digits.min_digits()
        windows, future = self._speculation
        if wanted is None or future is self._checked or windows != self.vad.speech_windows:
            return
        longer = max(self.digits.wait_ms, self._hangover_ms)
        if not future.done():
            self.vad.end_of_speech_ms = longer  # decided once it is heard
            return
        self._checked = future
        heard = 0 if future.cancelled() or future.exception() is not None else \
            trailing_digit_count(future.result().text)
        mid_number = 0 < heard < wanted
        self.vad.end_of_speech_ms = longer if mid_number else self._hangover_ms
        if mid_number:
            log.info("caller paused after %d of %d digits: waiting up to %d ms for the rest",
                     heard, wanted, longer)

    # --- a turn that reads as finished --------------------------------------------------
    def _finished(self, quick: QuickEnd) -> list[Utterance]:
        if self._speculation is None or self.vad.silence_ms < quick.after_ms:
            return []
        windows, future = self._speculation
        if windows != self.vad.speech_windows or not future.done() or future.cancelled() \
                or future.exception() is not None or quick.email_asked():
            return []
        text = future.result().text
        if not sounds_finished(text, quick.min_digits()):
            return []
        log.debug("turn reads as finished after %.0f ms of silence: %r", quick.after_ms, text)
        return self._end_now()

    def _end_now(self) -> list[Utterance]:
        """End the caller's turn before the hangover (the model or the words decided), with
        the hangover back at the rule's for the next turn."""
        ended = self.vad.end_utterance()
        self.vad.end_of_speech_ms = self._hangover_ms
        if ended is None or ended.audio is None:
            self.drop_speculation()
            return []
        return [self._utterance(ended.audio, ended.speech_windows)]

    def _utterance(self, audio: np.ndarray, speech_windows: int) -> Utterance:
        return Utterance(audio, self.clock.now(), self._kept_speculation(speech_windows))

    # --- the turn-end model ---------------------------------------------------------------
    def _ask(self, pause: VadEvent) -> None:
        if self.rule is None or pause.audio is None:
            return
        self._drop_question()
        self._question = (pause.speech_windows, self.rule.model.start(pause.audio))

    def _answered(self, rule: ModelRule) -> list[Utterance]:
        """The utterance, if the model has answered "complete" about the pause the caller
        is still in; nothing while it thinks, or when it says "incomplete"."""
        if self._question is None or not self._question[1].done():
            return []
        (windows, answer), self._question = self._question, None
        if answer.cancelled() or windows != self.vad.speech_windows:
            return []  # the caller spoke again since: a later pause asks anew
        if answer.exception() is not None:
            log.warning("turn model failed (%s): the silence rule ends this turn",
                        answer.exception())
            return []
        probability = answer.result()
        complete = probability >= rule.threshold
        log.debug("turn model: p(complete)=%.2f after %.0f ms of silence: %s", probability,
                  self.vad.silence_ms, "turn ends" if complete else "waiting")
        return self._end_now() if complete else []

    def _drop_question(self) -> None:
        if self._question:
            self._question[1].cancel()
            self._question = None

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

    def stop(self) -> None:
        """The call ended: nothing more is transcribed or asked."""
        self.drop_speculation()
        self._drop_question()
