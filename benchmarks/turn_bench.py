"""End of turn: the fixed silence rule against the Smart Turn v3 model, in one run.

Each utterance of the caller corpus (tests/support/callers: voices that are not the bot's,
over telephone impairments, pauses inside digit strings) is streamed in 20 ms frames
through the real Silero StreamingVad and TurnTaking, built as the gateway builds them
(call_session.streaming_vad), once per rule. Times are audio time: "end of speech → turn
end decided" is when the Utterance comes out minus where the speech of the utterance's
last part ends. The model answers at once in audio time here; its compute time (on this
CPU, one thread) is reported beside it and is what the live gateway adds, rounded up to the
next 20 ms frame. A false cut-off is a turn ended before the caller finished (the bot
would answer "my order is one oh" without "four two").
"""

from __future__ import annotations

import dataclasses
import hashlib
import statistics
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
from faster_whisper.vad import get_vad_model

from benchmarks.chat_bench import percentile
from helpdesk.config import Settings, VoiceSettings, get_settings
from helpdesk.text.heard_digits import PIN_LENGTHS
from helpdesk.text.phone_numbers import national_length
from tests.support.callers.corpus import UTTERANCES, CallerUtterance, render
from tests.support.callers.impairments import IMPAIRMENTS, Impairment
from tests.support.callers.voices import VOICES, CallerVoice
from voice_gateway.audio.codec import PIPELINE_RATE
from voice_gateway.pipeline.call_session import streaming_vad
from voice_gateway.pipeline.listening import DIGITS_HINT
from voice_gateway.pipeline.turn_taking import (
    DigitWait,
    ModelRule,
    QuickEnd,
    TurnTaking,
    Utterance,
)
from voice_gateway.services.model_files import smart_turn_model_file
from voice_gateway.services.priority_executor import Urgency
from voice_gateway.services.speech_models import SpeechModels, Transcript
from voice_gateway.services.turn_model import TurnModel

FRAME = 320  # 20 ms at 16 kHz, one Twilio media packet
TAIL_S = 3.0  # silence after the speech: longer than the model rule's cap
IMPAIRMENT_NAMES = ("telephone", "noise-10dB")  # every voice over these lines
SHORT_CAP_MS = 1200  # a second cap measured beside the configured one: still > the pauses
DIGIT_WAIT_MS = 1500  # the digit wait measured when HELPDESK_VOICE_DIGIT_WAIT_MS is off
QUICK_END_MS = 300  # the quick end measured when HELPDESK_VOICE_QUICK_END_MS is off


class _NoTranscription:
    """The early transcriptions TurnTaking starts at a pause: not needed here."""

    def start_transcription(self, audio: np.ndarray,
                            urgency: Urgency = Urgency.CALLER_WAITING) -> Future[Transcript]:
        return Future()


class _TimedModel:
    """The real model, answered inline (audio time stands still), its compute time kept.
    The same audio gets the same answer, so a second cap costs no second question."""

    def __init__(self, model: TurnModel) -> None:
        self.model = model
        self.seconds: list[float] = []
        self._answers: dict[bytes, float] = {}

    def start(self, audio: np.ndarray) -> Future[float]:
        key = hashlib.sha1(np.ascontiguousarray(audio).tobytes()).digest()
        if key not in self._answers:
            started = time.perf_counter()
            self._answers[key] = self.model.probability_complete(audio)
            self.seconds.append(time.perf_counter() - started)
        answer: Future[float] = Future()
        answer.set_result(self._answers[key])
        return answer


class _AudioClock:
    def __init__(self) -> None:
        self.time = 0.0

    def now(self) -> float:
        return self.time


@dataclass
class RuleResult:
    """One rule over the corpus."""

    waits: list[float] = field(default_factory=list)  # end of speech → turn end decided
    cut_offs: int = 0  # utterances whose turn ended before the caller finished
    paused_cut_offs: int = 0  # of those, utterances with pauses inside (digit strings)
    missed: int = 0  # no turn end decided at all (the VAD heard no speech)
    at_cap: int = 0  # model rule: turns ended by the cap, the model never saying complete
    streams: int = 0


def turn_ends(turns: TurnTaking, clock: _AudioClock, audio: np.ndarray) -> list[float]:
    """Audio times at which TURNS ended a turn while AUDIO streamed in 20 ms frames."""
    ends: list[float] = []
    for start in range(0, audio.size, FRAME):
        clock.time += min(FRAME, audio.size - start) / PIPELINE_RATE
        ends += [clock.time for e in turns.feed(audio[start:start + FRAME])
                 if isinstance(e, Utterance)]
    return ends


class _TimedTranscriber:
    """The gateway's Whisper for the early transcriptions at a pause, answered inline
    (audio time stands still), its compute time kept; the same audio is transcribed once."""

    def __init__(self, models: SpeechModels) -> None:
        self.models = models
        self.seconds: list[float] = []
        self._texts: dict[bytes, Transcript] = {}

    def start_transcription(self, audio: np.ndarray,
                            urgency: Urgency = Urgency.CALLER_WAITING) -> Future[Transcript]:
        key = hashlib.sha1(np.ascontiguousarray(audio).tobytes()).digest()
        if key not in self._texts:
            self._texts[key] = self.models.transcribe_sync(audio, DIGITS_HINT)
            self.seconds.append(self._texts[key].seconds)
        heard: Future[Transcript] = Future()
        heard.set_result(self._texts[key])
        return heard


@dataclass(frozen=True)
class Rule:
    """How a turn is ended: the fixed silence (with the digit wait when DIGITS, the quick
    end when QUICK), or the turn-end model with SETTINGS' cap."""

    settings: VoiceSettings
    model: bool = False
    digits: bool = False
    quick: bool = False


def min_digits(utterance: CallerUtterance, settings: Settings) -> int | None:
    """What the bot asked for before the caller said UTTERANCE: the digits of an order
    number (after the greeting of a known caller, or asked), a PIN or a phone number."""
    if utterance.kind == "order_number":
        return min(len(u.value or "") for u in UTTERANCES if u.kind == "order_number")
    if utterance.kind == "pin":
        return min(PIN_LENGTHS)
    if utterance.kind == "phone":
        return national_length(settings.default_phone_region)
    return None


def stream(audio: np.ndarray, rule: Rule, model: _TimedModel,
           transcriber: _TimedTranscriber | None, wanted: int | None,
           email: bool = False) -> list[float]:
    models = SimpleNamespace(vad_session=get_vad_model().session)
    vad = streaming_vad(models, rule.settings, turn_model=rule.model)  # type: ignore[arg-type]
    decided = ModelRule(model, rule.settings.turn_threshold) if rule.model else None
    digits = DigitWait(rule.settings.digit_wait_ms, lambda: wanted) if rule.digits else None
    quick = QuickEnd(rule.settings.quick_end_ms, lambda: wanted, lambda: email) \
        if rule.quick else None
    transcribed = (rule.digits and wanted) or rule.quick
    speech = transcriber if transcribed and transcriber else _NoTranscription()
    clock = _AudioClock()
    return turn_ends(TurnTaking(vad, speech, clock, decided, digits, quick), clock, audio)


def score(result: RuleResult, utterance: CallerUtterance, ends: list[float],
          speech_end_s: float, cap_s: float | None) -> None:
    result.streams += 1
    if not ends:
        result.missed += 1
        return
    if ends[0] < speech_end_s:
        result.cut_offs += 1
        result.paused_cut_offs += len(utterance.said) > 1
    last = ends[-1] - speech_end_s
    result.waits.append(last)
    if cap_s is not None and last >= cap_s - 0.05:
        result.at_cap += 1


def digit_wait_ms(settings: VoiceSettings) -> int:
    """The digit wait measured: the configured one, or DIGIT_WAIT_MS while it is off."""
    return settings.digit_wait_ms or DIGIT_WAIT_MS


def quick_end_ms(settings: VoiceSettings) -> int:
    """The quick end measured: the configured one, or QUICK_END_MS while it is off."""
    return settings.quick_end_ms or QUICK_END_MS


def rules(settings: VoiceSettings) -> dict[str, Rule]:
    """The rules measured: the fixed one alone, with the digit wait, the model with the
    configured cap, and the model with a shorter cap."""
    measured = {f"fixed {settings.end_of_speech_ms} ms": Rule(settings),
                f"fixed {settings.end_of_speech_ms} ms + digit wait "
                f"{digit_wait_ms(settings)} ms": Rule(dataclasses.replace(
                    settings, digit_wait_ms=digit_wait_ms(settings)), digits=True),
                f"fixed {settings.end_of_speech_ms} ms + quick end "
                f"{quick_end_ms(settings)} ms": Rule(dataclasses.replace(
                    settings, quick_end_ms=quick_end_ms(settings)), quick=True),
                f"model, cap {settings.turn_cap_ms} ms": Rule(settings, model=True)}
    if settings.turn_cap_ms > SHORT_CAP_MS:
        measured[f"model, cap {SHORT_CAP_MS} ms"] = Rule(
            dataclasses.replace(settings, turn_cap_ms=SHORT_CAP_MS), model=True)
    return measured


def measure(voices: tuple[CallerVoice, ...], impairments: tuple[Impairment, ...],
            settings: VoiceSettings, model: _TimedModel, transcriber: _TimedTranscriber
            ) -> dict[tuple[str, str, str], RuleResult]:
    """(rule, voice, impairment) → its result over every utterance of the corpus."""
    results: dict[tuple[str, str, str], RuleResult] = {}
    everything = get_settings()
    for voice in voices:
        print(f"Turn end: {voice.name} ...", flush=True)
        for impairment in impairments:
            for utterance in UTTERANCES:
                rendered = render(utterance, voice, impairment, seed=0)
                audio = np.concatenate([rendered.audio, np.zeros(int(TAIL_S * PIPELINE_RATE),
                                                                 dtype=np.float32)])
                wanted = min_digits(utterance, everything)
                for name, rule in rules(settings).items():
                    result = results.setdefault((name, voice.name, impairment.name),
                                                RuleResult())
                    cap_s = rule.settings.turn_cap_ms / 1000 if rule.model else \
                        rule.settings.digit_wait_ms / 1000 if rule.digits else None
                    ends = stream(audio, rule, model, transcriber, wanted,
                                  utterance.kind == "email")
                    score(result, utterance, ends, rendered.speech_end_s, cap_s)
    return results


def merged(results: dict[tuple[str, str, str], RuleResult], rule: str, voice: str | None = None,
           impairment: str | None = None) -> RuleResult:
    total = RuleResult()
    for (r, v, i), result in results.items():
        if r == rule and voice in (None, v) and impairment in (None, i):
            total.waits += result.waits
            total.cut_offs += result.cut_offs
            total.paused_cut_offs += result.paused_cut_offs
            total.missed += result.missed
            total.at_cap += result.at_cap
            total.streams += result.streams
    return total


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def row(label: str, result: RuleResult, paused: int) -> str:
    return (f"| {label} | {ms(statistics.median(result.waits)) if result.waits else '–'} | "
            f"{ms(percentile(result.waits, 95))} | {result.cut_offs} / {result.streams} | "
            f"{result.paused_cut_offs} / {paused} | {result.at_cap} | {result.missed} |")


def comparison(results: dict[tuple[str, str, str], RuleResult], key: str,
               names: list[str], paused_per_group: int, rule_names: list[str]) -> list[str]:
    lines = [f"| {key} | rule | end of speech → turn end p50 | p95 | false cut-offs | "
             "of them in paused digit strings | ended by the cap | missed |",
             "|---|---|---|---|---|---|---|---|"]
    for name in names:
        for rule in rule_names:
            selected = merged(results, rule, **{key: name})
            lines.append(f"| {name} " + row(rule, selected, paused_per_group))
    return lines


def run(voices: tuple[CallerVoice, ...] = VOICES,
        impairment_names: tuple[str, ...] = IMPAIRMENT_NAMES) -> list[str]:
    settings = get_settings().voice
    model = _TimedModel(TurnModel(smart_turn_model_file()))
    model.model.probability_complete(np.zeros(PIPELINE_RATE, dtype=np.float32))  # warm-up
    speech_models = SpeechModels(settings)
    speech_models.warm_up()
    transcriber = _TimedTranscriber(speech_models)
    impairments = tuple(i for i in IMPAIRMENTS if i.name in impairment_names)
    try:
        results = measure(voices, impairments, settings, model, transcriber)
    finally:
        speech_models.close()
    paused = sum(len(u.said) > 1 for u in UTTERANCES)
    streams = len(voices) * len(impairments)
    compute = model.seconds
    lines = [
        "## End of turn: fixed silence rule vs the Smart Turn v3 model", "",
        f"{len(UTTERANCES)} caller utterances ({paused} with pauses of 600–900 ms inside a "
        f"digit string) × {len(voices)} voices × {len(impairments)} lines "
        f"({', '.join(i.name for i in impairments)}), streamed in 20 ms frames through the "
        "real Silero VAD and TurnTaking, audio time. Fixed rule: "
        f"{settings.end_of_speech_ms} ms of silence. Model: asked at a "
        f"{settings.turn_pause_ms} ms pause, p ≥ {settings.turn_threshold:.2f} ends the "
        f"turn, else {settings.turn_cap_ms} ms of silence do (and, measured beside it, "
        f"{SHORT_CAP_MS} ms). Digit wait (`HELPDESK_VOICE_DIGIT_WAIT_MS`): the fixed rule, "
        "but where the bot asked for digits (order numbers, PINs, phone numbers here) and "
        "the early transcription at the pause (the gateway's Whisper, with the digit "
        f"hotwords) ends in fewer digits than asked, {digit_wait_ms(settings)} ms of "
        "silence end the turn (\"ended by the cap\" counts these). Quick end "
        "(`HELPDESK_VOICE_QUICK_END_MS`): the fixed rule, but once "
        f"{quick_end_ms(settings)} ms of silence have passed and the early transcription "
        "of that pause reads as a whole turn (voice_gateway/pipeline/finished_words.py), "
        "the turn ends there; here the transcription is ready at once (audio time stands "
        "still), live it is ready when the figure below says. A false cut-off is a "
        "turn ended before the caller's speech ended.", "",
        "| rule | end of speech → turn end p50 | p95 | false cut-offs | of them in paused "
        "digit strings | ended by the cap | missed |", "|---|---|---|---|---|---|---|"]
    rule_names = list(rules(settings))
    for rule in rule_names:
        lines.append(row(rule, merged(results, rule), paused * streams))
    lines += ["", f"Model compute per question ({len(compute)} questions, one thread, this "
              f"CPU): p50 {ms(statistics.median(compute))}, p95 "
              f"{ms(percentile(compute, 95))}; the live gateway adds it to the model rule's "
              "times above (rounded up to a 20 ms frame). Early transcriptions for the "
              f"digit wait and the quick end ({len(transcriber.seconds)}): p50 "
              f"{ms(statistics.median(transcriber.seconds))}, p95 "
              f"{ms(percentile(transcriber.seconds, 95))}, started at the "
              f"{settings.speculate_ms} ms pause, so ready before the "
              f"{settings.end_of_speech_ms} ms silence when under "
              f"{settings.end_of_speech_ms - settings.speculate_ms} ms.", "",
              "The corpus speaks each part of a paused digit string as a sentence of its own "
              "(\"My order is one oh\" … \"four two.\"), so the speech before the pause "
              "ends with a sentence-final fall of pitch, which Smart Turn reads as finished; "
              "a person reading digits off a screen keeps the pitch up. The figures are "
              "those of synthetic callers, not of people.", "",
              "### Per voice", ""]
    lines += comparison(results, "voice", [v.name for v in voices],
                        paused * len(impairments), rule_names)
    lines += ["", "### Per line", ""]
    lines += comparison(results, "impairment", [i.name for i in impairments],
                        paused * len(voices), rule_names)
    model.model.close()
    return lines + [""]


if __name__ == "__main__":
    print("\n".join(run()))
