"""Caller corpus benchmark: how well the gateway's own transcription hears callers that are
not the bot (tests/support/callers), per voice and per telephone impairment.

Every utterance of the corpus is spoken by each caller voice, put through the line
(tests/support/callers/impairments) and transcribed by the gateway's SpeechModels with the
gateway's VoiceSettings. Reported per row: WER after number normalisation, and the values a
journey needs read right (order numbers, PINs, phone numbers, emails). Piper's joe, the
bot's own voice, is one row, so the difference is visible.

Not in `python -m benchmarks` yet: run it alone with `python -m benchmarks.caller_bench`
(prints the markdown section; `--out FILE` also writes it there).
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from benchmarks.chat_bench import percentile
from helpdesk.config import get_settings
from helpdesk.leads.fields import check_email
from helpdesk.text.phone_numbers import normalize_phone
from helpdesk.text.spoken_numbers import extract_order_number, extract_pin, normalize_numbers
from tests.support.callers.corpus import UTTERANCES, CallerUtterance, render
from tests.support.callers.impairments import IMPAIRMENTS, TELEPHONE, Impairment
from tests.support.callers.voices import DEFAULT_VOICE, ESPEAK_VOICE, VOICES, CallerVoice
from voice_gateway.services.speech_models import SpeechModels

# Per voice: every voice over the plain telephone line; per impairment: the e2e tests'
# espeak-ng voice and their default flite voice (2 × 4 impairments beyond "telephone"), so
# the whole matrix stays within ~6 minutes on 2 cores.
IMPAIRMENT_VOICES = (ESPEAK_VOICE, DEFAULT_VOICE)
LEAD_SILENCE_S = 0.3
EXAMPLES = 10  # misread values listed for the default voice

# What a journey reads from a transcript, by the kind of utterance whose value it checks.
READERS: dict[str, tuple[str, Callable[[str], str | None]]] = {
    "order_number": ("order numbers", extract_order_number),
    "pin": ("PINs", extract_pin),
    "phone": ("phone numbers", normalize_phone),
    "email": ("emails", lambda text: check_email(text).value),
}


def words(text: str) -> list[str]:
    """The words WER counts: lower case, numbers as digits ("ten forty two" is "1042")."""
    return re.findall(r"[a-z0-9']+", normalize_numbers(text).lower().replace(",", ""))


def reader(utterance: CallerUtterance) -> str | None:
    """The READERS key that checks this utterance's value (self-service requests that name
    an order count as order numbers)."""
    if utterance.value is None:
        return None
    if utterance.kind in READERS:
        return utterance.kind
    return "order_number" if utterance.kind == "self_service" else None


@dataclass
class Row:
    """The figures of one voice over one line."""

    voice: CallerVoice
    impairment: Impairment
    errors: int = 0
    words: int = 0
    right: dict[str, int] = field(default_factory=dict)
    asked: dict[str, int] = field(default_factory=dict)
    stt_s: list[float] = field(default_factory=list)
    misread: list[tuple[str, str, str | None]] = field(default_factory=list)

    def add(self, utterance: CallerUtterance, heard: str, seconds: float) -> None:
        reference = words(utterance.expected_text)
        self.errors += Levenshtein.distance(reference, words(heard))
        self.words += len(reference)
        self.stt_s.append(seconds)
        key = reader(utterance)
        if key:
            got = READERS[key][1](heard)
            self.asked[key] = self.asked.get(key, 0) + 1
            self.right[key] = self.right.get(key, 0) + (got == utterance.value)
            if got != utterance.value:
                self.misread.append((utterance.id, heard, got))

    def cells(self) -> list[str]:
        counts = [f"{self.right.get(k, 0)}/{self.asked[k]}" if self.asked.get(k) else "–"
                  for k in READERS]
        return [f"{100 * self.errors / max(1, self.words):.1f} %", *counts,
                f"{statistics.median(self.stt_s) * 1000:.0f} ms"]


def measure(models: SpeechModels, voice: CallerVoice, impairment: Impairment,
            tail_s: float) -> Row:
    row = Row(voice, impairment)
    for seed, utterance in enumerate(UTTERANCES):
        rendered = render(utterance, voice, impairment, seed=seed,
                          lead_silence_s=LEAD_SILENCE_S, tail_silence_s=tail_s)
        heard = models.transcribe_sync(rendered.audio)
        row.add(utterance, heard.text, heard.seconds)
    return row


def matrix() -> list[tuple[CallerVoice, Impairment]]:
    per_voice = [(voice, TELEPHONE) for voice in VOICES]
    per_line = [(voice, line) for line in IMPAIRMENTS if line != TELEPHONE
                for voice in IMPAIRMENT_VOICES]
    return per_voice + per_line


def table(rows: list[Row], first: str, label: Callable[[Row], str]) -> list[str]:
    head = [first, "WER", *(name for name, _ in READERS.values()), "STT p50"]
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head),
            *("| " + " | ".join([label(r), *r.cells()]) + " |" for r in rows)]


def run() -> list[str]:
    settings = get_settings().voice
    tail_s = settings.end_of_speech_ms / 1000
    models = SpeechModels(settings)
    started = time.perf_counter()
    rows = []
    try:
        models.warm_up()
        for voice, line in matrix():
            print(f"Callers: {voice.name} over {line.name} ...", flush=True)
            rows.append(measure(models, voice, line, tail_s))
    finally:
        models.close()
    elapsed = time.perf_counter() - started
    stt = [s for r in rows for s in r.stt_s]
    per_voice = [r for r in rows if r.impairment == TELEPHONE]
    per_line = [r for r in rows if r.impairment != TELEPHONE or r.voice in IMPAIRMENT_VOICES]
    per_line.sort(key=lambda r: (IMPAIRMENT_VOICES.index(r.voice),
                                 IMPAIRMENTS.index(r.impairment)))
    lines = [
        "## Caller voices and phone lines", "",
        f"{len(UTTERANCES)} caller utterances (order numbers in every spoken form, PINs, "
        "phone numbers, emails spoken and spelled, yes/no, agent, FAQ questions, menu "
        "choices, self-service requests; digit strings with 600–900 ms pauses inside) "
        f"spoken by {len(VOICES)} voices and transcribed by the gateway's own models "
        f"(whisper {settings.stt_model}, beam {settings.stt_beam_size}, window "
        f"{settings.stt_window_s:.0f} s, {settings.cpu_threads} threads, its domain prompt, no "
        "hotwords). Each utterance is transcribed whole, with "
        f"{LEAD_SILENCE_S:.1f} s before it and {tail_s:.1f} s (the end-of-speech wait) after "
        "it: pauses inside a number are not cut here (the turn-end benchmark measures "
        "that). Speech is brought to −20 dBFS, then through the line: 300–3400 Hz band, "
        "8 kHz mu-law; \"noise\" adds pink, babble-like noise at that SNR (to the active "
        "speech level); \"level-changes\" steps the gain −15/−6/0/+6 dB over the utterance; "
        "\"packet-loss\" drops 3 % of 20 ms packets and a burst of 5 to silence. Values are "
        "read as the journeys read them (extract_order_number without the caller's orders, "
        "extract_pin, normalize_phone, the lead form's check_email). WER counts words after "
        "number normalisation on both sides.",
        "",
        "### Per voice (telephone line)", "",
        *table(per_voice, "voice", lambda r: r.voice.name), "",
        "### Per impairment", "",
        *table(per_line, "voice, line", lambda r: f"{r.voice.name}, {r.impairment.name}"),
        "",
        f"{len(rows)} rows × {len(UTTERANCES)} utterances in {elapsed:.0f} s "
        f"(STT p50 {statistics.median(stt) * 1000:.0f} ms, p95 "
        f"{percentile(stt, 95) * 1000:.0f} ms per utterance; the matrix is every voice on "
        f"the telephone line plus {len(IMPAIRMENT_VOICES)} voices on each impairment, to stay "
        "within ~6 minutes on 2 cores). Piper's joe is the bot's own voice, the only caller "
        "voice of the figures before this corpus.", "",
    ]
    default = next(r for r in per_voice if r.voice == DEFAULT_VOICE)
    if default.misread:
        lines += [f"Values misread for {DEFAULT_VOICE.name} on the telephone line "
                  f"(first {EXAMPLES}):", "",
                  *(f"- `{uid}`: heard \"{heard}\" → {got!r}"
                    for uid, heard, got in default.misread[:EXAMPLES]), ""]
    return lines


def main(argv: list[str]) -> None:
    if argv and (argv[0] != "--out" or len(argv) != 2):
        raise SystemExit("usage: python -m benchmarks.caller_bench [--out FILE]")
    text = "\n".join(run())
    print(text, flush=True)
    if argv:
        Path(argv[1]).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
