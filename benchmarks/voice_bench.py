"""Voice benchmarks: latency per caller voice and phone line, transcription speed and
accuracy, simultaneous calls with and without the sentence cache, memory.

Calls go through the real gateway (Twilio Media Streams protocol) in real time
(benchmarks/bench_calls.py): speech is sent as 20 ms frames at the pace a phone sends
them, so "caller stops speaking → first answer audio" includes the end-of-turn wait. The
callers are the caller corpus's voices that are not the bot's (tests/support/callers) over
impaired lines; Piper's joe, the bot's own voice and the only caller of the figures before
the corpus, stays as one row. Baselines, measured in the same run on the same audio: bare
faster-whisper (its defaults, 30 s window) for transcription, the naive pipeline
(transcribe, Rasa turn, synthesise the whole answer) for latency, and the gateway with its
sentence cache for the gateway that synthesises every sentence.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from faster_whisper import WhisperModel
from rapidfuzz.distance import Levenshtein

from benchmarks import caller_bench
from benchmarks.bench_calls import (
    ANSWER_WAIT_S,
    CALLER,
    Call,
    Level,
    Spoken,
    level,
    one_call,
    spoken_audio,
    spoken_by,
)
from benchmarks.chat_bench import percentile
from benchmarks.voice_utterances import UTTERANCES
from helpdesk.config import PROJECT_ROOT, VoiceSettings, get_settings
from helpdesk.text.spoken_numbers import extract_order_number, normalize_numbers
from tests.support.callers.corpus import UTTERANCES as CORPUS
from tests.support.callers.corpus import CallerUtterance
from tests.support.callers.impairments import IMPAIRMENTS, TELEPHONE, Impairment
from tests.support.callers.voices import (
    BOT_VOICE,
    DEFAULT_VOICE,
    ESPEAK_VOICE,
    SECOND_VOICE,
    VOICES,
    CallerVoice,
)
from tests.support.stacks import BotStack, VoiceGatewayProcess, start_voice_gateway
from voice_gateway.audio.codec import mulaw8k_to_pipeline, pipeline_to_mulaw8k
from voice_gateway.services.model_files import whisper_model_dir
from voice_gateway.services.speech_models import SpeechModels

WORK = PROJECT_ROOT / "var" / "bench" / "voice"
# The bench's calls are unsigned Twilio streams (no TWILIO_AUTH_TOKEN): the local-testing
# switch lets their caller ID through, so every call is greeted and served as Ada.
TRUST_CALLER = {"HELPDESK_TRUST_UNSIGNED_CALLER_ID": "1"}
QUICK_END_ENV = "HELPDESK_VOICE_QUICK_END_MS"  # 0: the fixed silence rule alone
TURNS_PER_MODEL = 20
CALL_QUESTIONS = ["Where is my order ten forty two?", "Has my parcel shipped?",
                  "What is my store credit balance?", "Thank you.", "Are you a bot?"]
# What each caller voice asks in its call (caller-corpus ids): questions a caller known by
# caller ID is answered (the balance with the PIN question) without saying a PIN (a
# misheard one would lock Ada's account for the calls after), and nothing that ends the
# call or hands it over.
CALL_SCRIPT = ("order-ten-forty-two", "balance", "parcel", "faq-hours")
LOAD_VOICES = (DEFAULT_VOICE, SECOND_VOICE, ESPEAK_VOICE, BOT_VOICE)
LATENCY_LINE_VOICE = DEFAULT_VOICE  # the voice of the per-line latency rows
ACCURACY_VOICES = (DEFAULT_VOICE, ESPEAK_VOICE)  # tiny against base on the caller corpus
CONCURRENCY = (1, 2, 4, 6)
MIN_TURNS_PER_LEVEL = 24  # answers timed at each level, so its p95 is not just its maximum
MIN_TURNS_PER_CALL = 6
P95_GOAL_S = 1.5
ONE_CALL_P50_GOAL_S = 0.7


def turns_per_call(calls: int) -> int:
    return max(MIN_TURNS_PER_CALL, -(-MIN_TURNS_PER_LEVEL // calls))


def log_dir(gateway: str) -> Path:
    """Each gateway of the run logs to its own folder, to explain its figures afterwards."""
    folder = WORK / gateway
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def phone_audio(models: SpeechModels, text: str) -> np.ndarray:
    return mulaw8k_to_pipeline(pipeline_to_mulaw8k(models.synthesize_sync(text)))


def script() -> list[CallerUtterance]:
    by_id = {u.id: u for u in CORPUS}
    return [by_id[uid] for uid in CALL_SCRIPT]


def naive_pipeline(models: SpeechModels, bare: WhisperModel, stack: BotStack,
                   speech: np.ndarray) -> float:
    """Baseline: bare faster-whisper, one Rasa turn, synthesise the whole answer."""
    sender = f"bench-naive-{time.time_ns()}"
    stack.send_voice(sender, "/greet", metadata={"caller_number": CALLER})
    started = time.perf_counter()
    segments, _ = bare.transcribe(speech, language="en")
    text = " ".join(s.text for s in segments)
    reply = stack.send_voice(sender, text, metadata={"caller_number": CALLER})
    models.synthesize_sync(" ".join(m.get("text", "") for m in reply))
    return time.perf_counter() - started


def accuracy(models: SpeechModels, bare: WhisperModel, audio: list[np.ndarray]) -> dict:
    """WER and order-number accuracy of the gateway's transcription on Piper's speech, its
    speed against bare faster-whisper; and its WER and order numbers on the caller corpus
    (ACCURACY_VOICES over the telephone line)."""
    ours_s, bare_s, errors, total, orders_right, orders = [], [], 0, 0, 0, 0
    for (text, order), speech in zip(UTTERANCES, audio, strict=True):
        heard = models.transcribe_sync(speech)
        ours_s.append(heard.seconds)
        started = time.perf_counter()
        list(bare.transcribe(speech, language="en")[0])
        bare_s.append(time.perf_counter() - started)
        reference = caller_bench.words(text)
        errors += Levenshtein.distance(reference, caller_bench.words(heard.text))
        total += len(reference)
        if order:
            orders += 1
            orders_right += extract_order_number(normalize_numbers(heard.text)) == order
    callers = [caller_bench.measure(models, voice, TELEPHONE, models.settings.end_of_speech_ms
                                    / 1000) for voice in ACCURACY_VOICES]
    return {"wer": errors / total, "orders": f"{orders_right}/{orders}",
            "ours_s": statistics.median(ours_s), "bare_s": statistics.median(bare_s),
            "callers": callers}


def measure_model(stack: BotStack, model: str, audio: list[np.ndarray],
                  questions: list[np.ndarray], callers: list[Spoken]) -> dict:
    """One STT model: Piper-spoken turns on the gateway with its sentence cache, the naive
    baseline and the transcription figures; for the configured model also the
    simultaneous calls of the caller voices, cached and uncached (`uncached`)."""
    gateway = start_voice_gateway(stack.rasa_url, log_dir(model),
                                  {"HELPDESK_STT_MODEL": model, **TRUST_CALLER})
    settings = get_settings().voice
    models = SpeechModels(VoiceSettings(**{**settings.__dict__, "stt_model": model}))
    bare = WhisperModel(str(whisper_model_dir(model)), device="cpu", compute_type="int8",
                        cpu_threads=settings.cpu_threads)
    try:
        turns = [spoken_audio(questions[i % len(questions)]) for i in range(TURNS_PER_MODEL)]
        call = one_call(gateway, turns)
        naive = [naive_pipeline(models, bare, stack, q) for q in questions]
        result = {"latency": call.latencies, "naive": naive, **accuracy(models, bare, audio)}
        if model == settings.stt_model:
            print("Voice: simultaneous calls, sentence cache on ...", flush=True)
            result["concurrency"] = concurrency(gateway, callers)
    finally:
        gateway.stop()
        models.close()
    return result


def concurrency(gateway: VoiceGatewayProcess, callers: list[Spoken]) -> dict[int, Level]:
    return {count: level(gateway, count, callers, turns_per_call(count))
            for count in CONCURRENCY}


@dataclass(frozen=True)
class LatencyRow:
    voice: CallerVoice
    line: Impairment
    call: Call


def latency_matrix() -> list[tuple[CallerVoice, Impairment]]:
    """Every voice on the telephone line, then LATENCY_LINE_VOICE on each impairment."""
    return [(voice, TELEPHONE) for voice in VOICES] + [
        (LATENCY_LINE_VOICE, line) for line in IMPAIRMENTS if line != TELEPHONE]


def calls_by(gateway: VoiceGatewayProcess, matrix: list[tuple[CallerVoice, Impairment]],
             rule: str) -> list[LatencyRow]:
    rows = []
    for voice, line in matrix:
        print(f"Voice ({rule}): a call by {voice.name} over {line.name} ...", flush=True)
        said = [spoken_by(u, voice, line, seed) for seed, u in enumerate(script())]
        rows.append(LatencyRow(voice, line, one_call(gateway, said)))
    return rows


def uncached(stack: BotStack, callers: list[Spoken]) -> dict:
    """The gateways that synthesise every sentence: with the fixed silence rule alone
    (quick end off, the turn taking before it) one call per voice on the telephone line;
    with the defaults one call per voice and line of `latency_matrix`, then the
    simultaneous calls."""
    every = {"HELPDESK_TTS_CACHE": "0", **TRUST_CALLER}
    fixed = start_voice_gateway(stack.rasa_url, log_dir("uncached-fixed-rule"),
                                {**every, QUICK_END_ENV: "0"})
    try:
        fixed_rows = calls_by(fixed, [(voice, TELEPHONE) for voice in VOICES], "fixed rule")
    finally:
        fixed.stop()
    gateway = start_voice_gateway(stack.rasa_url, log_dir("uncached"), every)
    try:
        rows = calls_by(gateway, latency_matrix(), "defaults")
        print("Voice: simultaneous calls, every sentence synthesised ...", flush=True)
        return {"rows": rows, "fixed_rows": fixed_rows,
                "concurrency": concurrency(gateway, callers)}
    finally:
        gateway.stop()


def meets(result: Level) -> str:
    return "yes" if result.p95 <= P95_GOAL_S else "no"


def supported(levels: dict[int, Level]) -> int:
    """The most calls at once whose p95 meets the goal, counting up until one misses."""
    best = 0
    for count, result in levels.items():
        if result.p95 > P95_GOAL_S:
            break
        best = count
    return best


def ms(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def latency_table(rows: list[LatencyRow], label: Callable[[LatencyRow], str],
                  first: str) -> list[str]:
    lines = [f"| {first} | p50 | p95 | answers timed | false cut-offs | not answered |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        times = row.call.latencies
        lines.append(f"| {label(row)} | {_ms_of(times, 50)} | {_ms_of(times, 95)} | "
                     f"{len(times)} / {len(CALL_SCRIPT)} | {row.call.cut_offs} | "
                     f"{row.call.unanswered} |")
    return lines


def _ms_of(times: list[float], q: int) -> str:
    return ms(percentile(times, q)) if times else "–"


def not_the_bot(rows: list[LatencyRow]) -> tuple[list[float], int]:
    """The answer times and false cut-offs of the calls by voices other than the bot's."""
    return ([t for r in rows if r.voice != BOT_VOICE for t in r.call.latencies],
            sum(r.call.cut_offs for r in rows if r.voice != BOT_VOICE))


def rule_comparison(fixed_rows: list[LatencyRow], rows: list[LatencyRow]) -> list[str]:
    """Per voice, the fixed silence rule alone against the defaults (quick end on)."""
    settings = get_settings().voice
    quick_ms = settings.quick_end_ms
    quick = {r.voice.name: r for r in rows if r.line == TELEPHONE}
    lines = ["#### Fixed silence rule alone vs with the quick end (telephone line, same run)",
             "", f"The fixed rule: every turn ends after {settings.end_of_speech_ms}"
             f" ms of silence (`{QUICK_END_ENV}=0`, the turn taking before). Quick end (the "
             f"default, {quick_ms} ms): a turn whose early transcription reads as finished "
             "(voice_gateway/pipeline/finished_words.py) ends after that much silence.", "",
             "| voice | fixed rule p50 | p95 | false cut-offs | quick end p50 | p95 | "
             "false cut-offs |", "|---|---|---|---|---|---|---|"]
    for row in fixed_rows:
        other = quick.get(row.voice.name)
        if other is None:
            continue
        lines.append(f"| {row.voice.name} | {_ms_of(row.call.latencies, 50)} | "
                     f"{_ms_of(row.call.latencies, 95)} | {row.call.cut_offs} | "
                     f"{_ms_of(other.call.latencies, 50)} | "
                     f"{_ms_of(other.call.latencies, 95)} | {other.call.cut_offs} |")
    before, before_cut = not_the_bot(fixed_rows)
    after, after_cut = not_the_bot([r for r in rows if r.line == TELEPHONE])
    lines += ["", f"Voices other than the bot's: fixed rule p50 **{_ms_of(before, 50)}**, p95 "
              f"{_ms_of(before, 95)}, {before_cut} false cut-offs over {len(before)} answers; "
              f"quick end p50 **{_ms_of(after, 50)}**, p95 {_ms_of(after, 95)}, {after_cut} "
              f"false cut-offs over {len(after)} answers.", ""]
    return lines


def caller_sections(rows: list[LatencyRow], fixed_rows: list[LatencyRow]) -> list[str]:
    per_voice = [r for r in rows if r.line == TELEPHONE]
    per_line = [r for r in rows if r.voice == LATENCY_LINE_VOICE]
    others, cut = not_the_bot(per_voice)
    bot = next(r for r in per_voice if r.voice == BOT_VOICE).call.latencies
    p50 = statistics.median(others)
    return [
        "### Caller stops speaking → first answer audio, per caller voice and line "
        "(every sentence synthesised)", "",
        f"One call per row through the gateway without the sentence cache "
        f"(`HELPDESK_TTS_CACHE=0`), Ada known by caller ID, saying the caller corpus's "
        f"{', '.join(CALL_SCRIPT)} (line audio as in \"Caller voices and phone lines\"; line "
        "noise continues after the speech). A false cut-off is an answer that started "
        "before the caller's speech ended (that turn is not timed); not answered: no answer "
        f"audio within {ANSWER_WAIT_S:.0f} s (the bot heard nothing it could answer).", "",
        "#### Per voice (telephone line)", "",
        *latency_table(per_voice, lambda r: r.voice.name, "voice"), "",
        f"#### Per line ({LATENCY_LINE_VOICE.name})", "",
        *latency_table(per_line, lambda r: r.line.name, "line"), "",
        f"Voices other than the bot's, telephone line: p50 **{ms(p50)}**, p95 "
        f"{ms(percentile(others, 95))} over {len(others)} answers, {cut} false cut-offs "
        f"(goal p50 ≤ "
        f"{ms(ONE_CALL_P50_GOAL_S)}: {'met' if p50 <= ONE_CALL_P50_GOAL_S else 'missed'}); "
        f"the bot's own voice: p50 {ms(statistics.median(bot))}, p95 "
        f"{ms(percentile(bot, 95))}.", "",
        *rule_comparison(fixed_rows, rows),
    ]


def model_sections(results: dict[str, dict]) -> list[str]:
    lines = [f"### Caller stops speaking → first answer audio, Piper's voice "
             f"({TURNS_PER_MODEL} turns per model, sentence cache on)", "",
             "The figures before the caller corpus: the caller speaks with the bot's own "
             "voice, and repeated prompts come from the cache.", "",
             "| STT model | p50 | p95 | naive pipeline p50 (no VAD wait) |", "|---|---|---|---|"]
    for model, r in results.items():
        lines.append(f"| whisper {model} | {ms(statistics.median(r['latency']))} | "
                     f"{ms(percentile(r['latency'], 95))} | {ms(statistics.median(r['naive']))} |")
    voices = " / ".join(v.name for v in ACCURACY_VOICES)
    lines += ["", "Goal: p50 ≤ 700 ms, p95 ≤ 1200 ms. The naive baseline (bare faster-whisper, "
              "Rasa, whole answer synthesised) is timed from the end of the audio, without "
              "any end-of-speech wait.", "",
              "### Transcription: Piper's voice, and the caller corpus", "",
              f"| STT model | Piper: WER ({len(UTTERANCES)} utterances) | order numbers right | "
              f"gateway STT p50 | bare faster-whisper p50 | ratio | callers ({voices}): WER "
              "| order numbers | PINs |", "|---|---|---|---|---|---|---|---|---|"]
    for model, r in results.items():
        callers = r["callers"]
        wer = " / ".join(c.cells()[0] for c in callers)
        orders = " / ".join(c.cells()[1] for c in callers)
        pins = " / ".join(c.cells()[2] for c in callers)
        lines.append(f"| whisper {model} | {r['wer'] * 100:.1f} % | {r['orders']} | "
                     f"{ms(r['ours_s'])} | {ms(r['bare_s'])} | {r['ours_s'] / r['bare_s']:.2f}× "
                     f"| {wer} | {orders} | {pins} |")
    lines += ["", "Goal: gateway / bare ≤ 1.10×. WER counts words after number normalisation "
              "(\"ten forty two\" and \"1042\" are the same word). Piper's test speech is "
              "synthesised afresh in each run and Piper samples noise, so its counts move by "
              "a few utterances from one run to the next; the caller corpus is the "
              "\"Caller voices and phone lines\" corpus (its utterances whole, telephone "
              "line).", ""]
    return lines


def concurrency_section(model: str, cached: dict[int, Level],
                        every: dict[int, Level]) -> list[str]:
    voices = ", ".join(v.name for v in LOAD_VOICES)
    lines = [f"### Simultaneous calls (whisper {model}, at least {MIN_TURNS_PER_LEVEL} "
             "answers timed per row, starts spread over 2 s)", "",
             f"Each call says utterances drawn at random from the call script above spoken "
             f"by {voices} over the telephone line, in real time. The default gateway keeps "
             "sentences it has spoken (`HELPDESK_TTS_CACHE`), so repeated prompts cost "
             "nothing; the second gateway, measured in the same run, synthesises every "
             "sentence (`HELPDESK_TTS_CACHE=0`), the worst case of answers that never "
             "repeat.", "",
             "| calls at once (questions per call) | p50 | p95 | p95 ≤ 1.5 s "
             "| every sentence synthesised: p50 | p95 | p95 ≤ 1.5 s | false cut-offs "
             "| memory per call |", "|---|---|---|---|---|---|---|---|---|"]
    for count, r in cached.items():
        u = every[count]
        lines.append(f"| {count} ({turns_per_call(count)}) | {ms(r.p50)} | {ms(r.p95)} | "
                     f"{meets(r)} | {ms(u.p50)} | {ms(u.p95)} | {meets(u)} | "
                     f"{r.cut_offs + u.cut_offs} / {r.turns + u.turns} | "
                     f"{r.per_call_mb:.0f} MB |")
    lines += ["", f"Calls at once with p95 ≤ 1.5 s: **{supported(cached)}** with the sentence "
              f"cache, **{supported(every)}** with every sentence synthesised (goal ≥ 4). "
              f"Gateway memory with the models loaded and no call: "
              f"**{cached[CONCURRENCY[0]].idle_mb:.0f} MB**.", ""]
    return lines


def run(stack: BotStack) -> list[str]:
    WORK.mkdir(parents=True, exist_ok=True)
    settings = get_settings().voice
    synth = SpeechModels(settings)
    print(f"Voice: synthesising {len(UTTERANCES)} test utterances ...", flush=True)
    audio = [phone_audio(synth, text) for text, _ in UTTERANCES]
    questions = [phone_audio(synth, text) for text in CALL_QUESTIONS]
    synth.close()
    callers = [spoken_by(u, voice, TELEPHONE, seed) for voice in LOAD_VOICES
               for seed, u in enumerate(script())]
    results = {}
    for model in ("tiny", "base"):
        print(f"Voice: measuring STT model {model} ...", flush=True)
        results[model] = measure_model(stack, model, audio, questions, callers)
    every = uncached(stack, callers)
    return [
        "## Voice", "",
        f"Settings: STT window {settings.stt_window_s:.0f} s, beam {settings.stt_beam_size}, "
        f"{settings.cpu_threads} CPU threads for Whisper, {settings.tts_workers} Piper workers "
        f"of {settings.tts_threads} thread (one kept for first sentences), end of speech after "
        f"{settings.end_of_speech_ms} ms of silence (after {settings.quick_end_ms} ms when "
        "the words read as finished), transcription started speculatively "
        f"after {settings.speculate_ms} ms. Audio sent in real time (20 ms frames) through "
        "the Twilio Media Stream at 8 kHz mu-law.", "",
        *caller_sections(every["rows"], every["fixed_rows"]),
        *model_sections(results),
        *concurrency_section(settings.stt_model, results[settings.stt_model]["concurrency"],
                             every["concurrency"]),
    ]
