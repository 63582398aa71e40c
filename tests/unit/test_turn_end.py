"""Who ends the caller's turn: the turn-end model at a pause, the cap of silence when the
model says the caller is not done, or (without a model) the fixed 500 ms rule. Audio time
throughout: the real Silero VAD on espeak-ng speech, or a scripted VAD, and fake models
whose answers the tests choose."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future

import numpy as np
import pytest
from faster_whisper.vad import get_vad_model

from tests.support.callers.voices import CallerVoice, speak
from voice_gateway.audio.codec import PIPELINE_RATE
from voice_gateway.audio.vad import StreamingVad, VadEvent
from voice_gateway.pipeline.finished_words import sounds_finished
from voice_gateway.pipeline.turn_taking import (
    DigitWait,
    ModelRule,
    QuickEnd,
    TurnTaking,
    Utterance,
)
from voice_gateway.services.priority_executor import Urgency
from voice_gateway.services.speech_models import Transcript

FRAME = 320  # 20 ms, as a phone sends it
CALLER = CallerVoice("espeak-ng en-us 150 wpm", "espeak-ng", "en-us", 150)  # not the bot


class AudioClock:
    """The time of the audio fed so far."""

    def __init__(self) -> None:
        self.time = 0.0

    def now(self) -> float:
        return self.time


class Transcriptions:
    def __init__(self) -> None:
        self.started: list[tuple[Future[Transcript], Urgency]] = []

    def start_transcription(self, audio: np.ndarray,
                            urgency: Urgency = Urgency.CALLER_WAITING) -> Future[Transcript]:
        future: Future[Transcript] = Future()
        self.started.append((future, urgency))
        return future


class ScriptedModel:
    """Answers the probabilities in ANSWERS, one per question (at once, unless HOLD)."""

    def __init__(self, *answers: float, hold: bool = False) -> None:
        self.answers = list(answers)
        self.hold = hold
        self.asked: list[np.ndarray] = []
        self.pending: list[Future[float]] = []

    def start(self, audio: np.ndarray) -> Future[float]:
        self.asked.append(audio)
        future: Future[float] = Future()
        if self.hold:
            self.pending.append(future)
        else:
            future.set_result(self.answers.pop(0))
        return future


class ScriptedVad:
    """Events scripted per feed; speech windows and silence as a test sets them."""

    def __init__(self) -> None:
        self.script: list[list[VadEvent]] = []
        self.in_speech = True
        self.speech_windows = 30
        self.silence_ms = 192.0
        self.ended = 0
        self.end_of_speech_ms = 2000

    def feed(self, audio: np.ndarray) -> list[VadEvent]:
        return self.script.pop(0) if self.script else []

    def end_utterance(self) -> VadEvent | None:
        self.ended += 1
        self.in_speech = False
        return VadEvent("speech_end", np.ones(100, np.float32), self.speech_windows)


def scripted(model: ScriptedModel, threshold: float = 0.5
             ) -> tuple[TurnTaking, ScriptedVad, Transcriptions]:
    vad, speech = ScriptedVad(), Transcriptions()
    return TurnTaking(vad, speech, AudioClock(), ModelRule(model, threshold)), vad, speech


def words() -> np.ndarray:
    return np.full(PIPELINE_RATE, 0.3, dtype=np.float32)


def frame() -> np.ndarray:
    return np.zeros(FRAME, dtype=np.float32)


# --- turn taking over a scripted VAD ---------------------------------------------------------
def test_complete_at_the_pause_ends_the_turn_at_once_and_keeps_the_early_transcription(
        ) -> None:
    model = ScriptedModel(0.9)
    turns, vad, speech = scripted(model)
    pause = VadEvent("pause", words(), 30)
    vad.script = [[pause]]
    (heard,) = turns.feed(frame())
    assert isinstance(heard, Utterance) and vad.ended == 1
    assert len(model.asked) == 1 and model.asked[0] is pause.audio
    (early, urgency), = speech.started
    assert urgency is Urgency.SPECULATIVE and early.cancelled()  # not started: the turn's own
    assert heard.transcript is None


def test_a_started_early_transcription_is_kept_when_the_model_ends_the_turn() -> None:
    turns, vad, speech = scripted(ScriptedModel(0.9, hold=True))
    vad.script = [[VadEvent("pause", words(), 30)]]
    assert turns.feed(frame()) == []  # the model is still thinking
    early, _ = speech.started[0]
    early.set_running_or_notify_cancel()
    turns.rule.model.pending[0].set_result(0.8)  # type: ignore[union-attr]
    (heard,) = turns.feed(frame())
    assert heard.transcript is early


def test_incomplete_keeps_waiting_and_the_vad_cap_ends_the_turn() -> None:
    turns, vad, _ = scripted(ScriptedModel(0.2))
    vad.script = [[VadEvent("pause", words(), 30)], [], [VadEvent("speech_end", words(), 30)]]
    assert turns.feed(frame()) == [] and turns.feed(frame()) == []
    assert vad.ended == 0
    (heard,) = turns.feed(frame())
    assert isinstance(heard, Utterance)


def test_a_late_answer_about_a_pause_the_caller_spoke_after_is_ignored() -> None:
    model = ScriptedModel(hold=True)
    turns, vad, _ = scripted(model)
    vad.script = [[VadEvent("pause", words(), 30)]]
    turns.feed(frame())
    vad.speech_windows = 34  # the caller went on
    model.pending[0].set_result(0.95)
    assert turns.feed(frame()) == [] and vad.ended == 0


def test_a_failed_model_leaves_the_turn_to_the_cap() -> None:
    model = ScriptedModel(hold=True)
    turns, vad, _ = scripted(model)
    vad.script = [[VadEvent("pause", words(), 30)]]
    turns.feed(frame())
    model.pending[0].set_exception(RuntimeError("onnx failed"))
    assert turns.feed(frame()) == [] and vad.ended == 0


def test_the_threshold_is_the_rules() -> None:
    turns, vad, _ = scripted(ScriptedModel(0.6), threshold=0.7)
    vad.script = [[VadEvent("pause", words(), 30)]]
    assert turns.feed(frame()) == [] and vad.ended == 0


# --- the real VAD on real speech, in audio time ------------------------------------------------
def stream(turns: TurnTaking, clock: AudioClock, audio: np.ndarray) -> list[Utterance]:
    heard: list[Utterance] = []
    for start in range(0, audio.size, FRAME):
        clock.time += FRAME / PIPELINE_RATE
        heard += [e for e in turns.feed(audio[start:start + FRAME]) if isinstance(e, Utterance)]
    return heard


def caller(text: str) -> np.ndarray:
    return np.array(speak(CALLER, text))


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * PIPELINE_RATE), dtype=np.float32)


def end_after_speech(model: ScriptedModel | None, audio: np.ndarray, speech_s: float,
                     pause_ms: int = 200, cap_ms: int = 2000) -> tuple[list[Utterance], float]:
    """The turns heard in AUDIO, and how long after SPEECH_S (the end of speech) the
    first was decided."""
    if model is None:  # the fixed rule, as the gateway builds it without a model
        vad = StreamingVad(get_vad_model().session)
        turns = TurnTaking(vad, Transcriptions(), clock := AudioClock())
    else:
        vad = StreamingVad(get_vad_model().session, speculate_ms=pause_ms,
                           end_of_speech_ms=cap_ms)
        turns = TurnTaking(vad, Transcriptions(), clock := AudioClock(), ModelRule(model))
    heard = stream(turns, clock, audio)
    return heard, (heard[0].ended_at - speech_s) if heard else float("inf")


def spoken(text: str, after: float = 2.5) -> tuple[np.ndarray, float]:
    speech = caller(text)
    audio = np.concatenate([silence(0.5), speech, silence(after)])
    loud = np.nonzero(np.abs(audio) > 0.01)[0]
    return audio, (loud[-1] + 1) / PIPELINE_RATE


def test_complete_ends_the_turn_at_the_pause_sooner_than_the_fixed_rule() -> None:
    audio, speech_s = spoken("Where is my order?")
    model = ScriptedModel(0.9)
    heard, model_wait = end_after_speech(model, audio, speech_s)
    assert len(heard) == 1 and len(model.asked) == 1
    _, fixed_wait = end_after_speech(None, audio, speech_s)
    assert 0.15 < model_wait < 0.45, model_wait  # the 200 ms pause (+ the VAD's own lag)
    assert 0.45 < fixed_wait < 0.75, fixed_wait  # 500 ms of silence
    assert model_wait < fixed_wait - 0.2


def test_incomplete_waits_up_to_the_cap_and_never_longer() -> None:
    audio, speech_s = spoken("My order number is one oh", after=3.0)
    heard, wait = end_after_speech(ScriptedModel(0.1), audio, speech_s, cap_ms=2000)
    assert len(heard) == 1
    assert 1.95 < wait < 2.3, wait


def test_a_pause_inside_a_number_then_the_rest_is_one_turn() -> None:
    first, rest = caller("My order number is one oh"), caller("four two.")
    audio = np.concatenate([silence(0.5), first, silence(0.8), rest, silence(2.5)])
    loud = np.nonzero(np.abs(audio) > 0.01)[0]
    speech_s = (loud[-1] + 1) / PIPELINE_RATE
    model = ScriptedModel(0.1, 0.9)  # mid-number: wait; after "four two.": done
    heard, wait = end_after_speech(model, audio, speech_s)
    assert len(heard) == 1 and len(model.asked) == 2
    assert heard[0].audio.size > first.size + rest.size  # both parts, one utterance
    assert model.asked[1].size > model.asked[0].size + rest.size  # asked with all of it
    assert wait < 0.45
    # the fixed rule cuts the caller off inside the number
    fixed, _ = end_after_speech(None, audio, speech_s)
    assert len(fixed) == 2


def test_the_gateway_builds_the_vad_for_the_rule_in_use() -> None:
    from types import SimpleNamespace

    from helpdesk.config import Settings
    from voice_gateway.pipeline.call_session import streaming_vad

    settings = Settings.from_env({"HELPDESK_VOICE_TURN_PAUSE_MS": "250",
                                  "HELPDESK_VOICE_TURN_CAP_MS": "1800"}).voice
    models = SimpleNamespace(vad_session=get_vad_model().session)
    fixed = streaming_vad(models, settings)  # type: ignore[arg-type]
    assert (fixed.speculate_ms, fixed.end_of_speech_ms) == (150, 500)
    decided = streaming_vad(models, settings, turn_model=True)  # type: ignore[arg-type]
    assert (decided.speculate_ms, decided.end_of_speech_ms) == (250, 1800)


def test_a_call_with_the_model_answers_at_the_pause_it_calls_complete() -> None:
    import asyncio
    from types import SimpleNamespace

    from tests.unit.test_pipeline_stages import (
        FakeClock,
        FakeRasa,
        FakeSpeech,
        FakeTransport,
        settle,
    )
    from voice_gateway.pipeline.call_session import CallSession

    clock, vad, rasa = FakeClock(), ScriptedVad(), FakeRasa()
    transport = FakeTransport(clock)
    settings = SimpleNamespace(silence_timeout_s=8.0, silence_reprompts=2, dtmf_timeout_s=2.5,
                               turn_threshold=0.5, digit_wait_ms=1500, quick_end_ms=300)
    call = CallSession("CA1", "+15559870100", transport, FakeSpeech(heard="where is my order"),
                       rasa, settings, clock=clock, vad=vad,  # type: ignore[arg-type]
                       turn_model=ScriptedModel(0.93))

    async def run() -> None:
        await call.start()
        await settle(lambda: len(transport.marks) == 1)
        vad.script = [[VadEvent("pause", words(), 30)]]
        call.feed_audio(frame())  # no speech_end from the VAD: the model ended the turn
        await settle(lambda: len(rasa.sent) == 2)
        await call.stop()

    asyncio.run(run())
    assert vad.ended == 1 and rasa.sent[-1][1] == "where is my order"


# --- a number not finished (the fixed rule, digits asked) -------------------------------------
class HeardAs:
    """Early transcriptions answered at once with what WORDS(audio) says was heard."""

    def __init__(self, words: Callable[[np.ndarray], str]) -> None:
        self.words = words
        self.texts: list[str] = []

    def start_transcription(self, audio: np.ndarray,
                            urgency: Urgency = Urgency.CALLER_WAITING) -> Future[Transcript]:
        future: Future[Transcript] = Future()
        self.texts.append(self.words(audio))
        future.set_result(Transcript(self.texts[-1], 0.1, 0.9))
        return future


def with_digit_wait(audio: np.ndarray, words: Callable[[np.ndarray], str],
                    min_digits: int | None,
                    wait_ms: int = 1500) -> tuple[list[Utterance], AudioClock]:
    """The turns of AUDIO under the fixed rule, the bot having asked for MIN_DIGITS digits."""
    vad = StreamingVad(get_vad_model().session)  # the gateway's fixed rule: 150 / 500 ms
    turns = TurnTaking(vad, HeardAs(words), clock := AudioClock(),
                       digits=DigitWait(wait_ms, lambda: min_digits))
    return stream(turns, clock, audio), clock


def paused_order_number(pause_s: float = 0.8) -> tuple[np.ndarray, int]:
    """'My order number is one oh' … 'four two.', and where its first part ends."""
    first, rest = caller("My order number is one oh"), caller("four two.")
    audio = np.concatenate([silence(0.5), first, silence(pause_s), rest, silence(2.5)])
    return audio, int(0.5 * PIPELINE_RATE) + first.size


def test_a_pause_inside_an_asked_for_number_does_not_end_the_turn() -> None:
    audio, first_ends = paused_order_number()

    def heard(speech: np.ndarray) -> str:  # the words so far, as Whisper writes them
        return "My order number is 10" if speech.size < first_ends else \
            "My order number is 1042."

    turns, _ = with_digit_wait(audio, heard, min_digits=4)
    assert len(turns) == 1
    assert turns[0].audio.size > first_ends  # the whole number, one utterance
    cut, _ = with_digit_wait(audio, heard, min_digits=None)  # no digits asked: cut off
    assert len(cut) == 2


def test_a_finished_number_ends_the_turn_at_the_fixed_silence() -> None:
    audio, speech_s = spoken("My order number is one oh four two.")
    turns, _ = with_digit_wait(audio, lambda _: "My order number is 1042.", min_digits=4)
    assert len(turns) == 1
    assert 0.45 < turns[0].ended_at - speech_s < 0.75  # 500 ms of silence, no longer


def test_a_number_left_unfinished_waits_the_digit_wait_and_no_longer() -> None:
    audio, speech_s = spoken("My order number is one oh", after=3.0)
    turns, _ = with_digit_wait(audio, lambda _: "My order number is 10", min_digits=4,
                               wait_ms=1500)
    assert len(turns) == 1
    assert 1.45 < turns[0].ended_at - speech_s < 1.75, turns[0].ended_at - speech_s


class HeldTranscriptions(Transcriptions):
    """Early transcriptions that finish only when the test says."""

    def finish(self, text: str) -> None:
        for future, _ in self.started:
            if not future.done():
                future.set_result(Transcript(text, 0.1, 0.9))


def test_while_digits_are_asked_the_turn_waits_for_the_early_transcription() -> None:
    """Audio faster than it is transcribed: the fixed silence passes before the words are
    known; the turn ends when they are, as it would have in real time."""
    audio, speech_s = spoken("My order number is one oh four two.")
    speech = HeldTranscriptions()
    turns = TurnTaking(StreamingVad(get_vad_model().session), speech, clock := AudioClock(),
                       digits=DigitWait(1500, lambda: 4))
    first_half = int((speech_s + 1.0) * PIPELINE_RATE)
    assert stream(turns, clock, audio[:first_half]) == []  # 1 s of silence: still waiting
    speech.finish("My order number is 1042.")
    heard = stream(turns, clock, audio[first_half:])
    assert len(heard) == 1 and heard[0].ended_at - speech_s < 1.1  # at once, once heard
    assert heard[0].transcript is not None  # the early transcription is the turn's own


# --- a turn that reads as finished (the fixed rule, quick end) --------------------------------
def with_quick_end(audio: np.ndarray, words: Callable[[np.ndarray], str] | Transcriptions,
                   min_digits: int | None = None, email: bool = False,
                   after_ms: int = 300) -> list[Utterance]:
    """The turns of AUDIO under the fixed rule (150 / 500 ms) with a quick end."""
    speech = words if isinstance(words, Transcriptions) else HeardAs(words)
    turns = TurnTaking(StreamingVad(get_vad_model().session), speech, clock := AudioClock(),
                       quick=QuickEnd(after_ms, lambda: min_digits, lambda: email))
    return stream(turns, clock, audio)


def test_a_finished_question_ends_the_turn_at_the_quick_silence_with_its_transcription() -> None:
    audio, speech_s = spoken("Where is my parcel?")
    turns = with_quick_end(audio, lambda _: "Where is my parcel?")
    assert len(turns) == 1
    assert 0.28 < turns[0].ended_at - speech_s < 0.45  # 300 ms, not the fixed 500
    assert turns[0].transcript is not None and turns[0].transcript.done()
    fixed, _ = end_after_speech(None, audio, speech_s)
    assert fixed[0].ended_at - speech_s > 0.45  # what the fixed rule alone waits


def paused_sentence(pause_s: float = 0.4) -> tuple[np.ndarray, int]:
    """'I want to ask about my order and' … 'when it will arrive.': a pause shorter than the
    fixed rule's, longer than the quick end's; and where its first part ends."""
    first = caller("I want to ask about my order and")
    first = first[: np.nonzero(np.abs(first) > 0.01)[0][-1] + 1]  # the words, not the tail
    rest = caller("when it will arrive.")
    audio = np.concatenate([silence(0.5), first, silence(pause_s), rest, silence(2.5)])
    return audio, int(0.5 * PIPELINE_RATE) + first.size


def test_words_that_lead_on_keep_the_fixed_rule_across_a_pause() -> None:
    audio, first_ends = paused_sentence()

    def heard_as(so_far: str) -> Callable[[np.ndarray], str]:
        return lambda speech: so_far if speech.size < first_ends else \
            "I want to ask about my order and when it will arrive."

    led_on = with_quick_end(audio, heard_as("I want to ask about my order and"))
    assert len(led_on) == 1 and led_on[0].audio.size > first_ends  # one turn, all of it
    finished = with_quick_end(audio, heard_as("I want to ask about my order."))
    assert len(finished) == 2  # what a sentence end at that pause does: the quick end's price


def test_no_quick_end_while_an_email_is_asked_or_before_the_words_are_known() -> None:
    audio, speech_s = spoken("ada dot moreno at example dot com")
    spelled = with_quick_end(audio, lambda _: "Ada.Moreno at example.com.", email=True)
    assert len(spelled) == 1 and spelled[0].ended_at - speech_s > 0.45
    audio, speech_s = spoken("Where is my parcel?")
    unheard = with_quick_end(audio, HeldTranscriptions())  # never transcribed in time
    assert len(unheard) == 1 and unheard[0].ended_at - speech_s > 0.45


def test_an_asked_for_number_ends_quickly_only_when_it_is_long_enough() -> None:
    audio, speech_s = spoken("five five five one two three")
    short = with_quick_end(audio, lambda _: "555 123.", min_digits=10)
    assert short[0].ended_at - speech_s > 0.45
    audio, speech_s = spoken("two four six eight")
    pin = with_quick_end(audio, lambda _: "2468.", min_digits=4)
    assert pin[0].ended_at - speech_s < 0.45


@pytest.mark.parametrize(("text", "min_digits", "finished"), [
    ("Where is my parcel?", None, True),
    ("Yes.", None, True),
    ("Order 1042.", None, True),
    ("Agent!", None, True),
    ("My order number is", None, False),
    ("My order number is 10.", None, False),
    ("I want to cancel and.", None, False),
    ("Um.", None, False),
    ("Where is my...", None, False),
    ("Where is my parcel,", None, False),
    ("", None, False),
    ("2468.", 4, True),
    ("It's 555 123.", 10, False),
    ("I don't know it.", 4, False),  # a number asked: words without one wait the fixed rule
    ("My order is one oh four two.", None, True),
])
def test_which_words_read_as_a_finished_turn(text: str, min_digits: int | None,
                                             finished: bool) -> None:
    assert sounds_finished(text, min_digits) is finished
