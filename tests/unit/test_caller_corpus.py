"""The caller corpus (tests/support/callers): voices that are not the bot's, the telephone
impairments, and rendering utterances with pauses. Needs Debian's espeak-ng and flite
(`make bootstrap-test` installs them)."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from helpdesk.config import PROJECT_ROOT
from helpdesk.text.phone_numbers import normalize_phone
from helpdesk.text.spoken_numbers import extract_order_number, extract_pin
from tests.support.callers import voices
from tests.support.callers.corpus import KINDS, UTTERANCES, by_id, render
from tests.support.callers.impairments import (
    FRAME,
    LEVEL_CHANGES,
    LEVEL_STEPS_DB,
    NOISE_10DB,
    NOISE_20DB,
    PACKET_LOSS,
    TELEPHONE,
    active_power,
    apply,
    lost_frames,
)
from tests.support.callers.voices import (
    BOT_VOICE,
    DEFAULT_VOICE,
    ESPEAK_VOICE,
    NOISY_VOICE,
    SECOND_VOICE,
    VOICES,
    CallerVoice,
    CallerVoiceUnavailable,
    speak,
)

RATE = 16_000
SENTENCE = "My order number is one oh four two."


def tone(freq: float, seconds: float, amplitude: float = 0.1) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def db(ratio: float) -> float:
    return 20 * np.log10(max(ratio, 1e-12))


def rms(audio: np.ndarray) -> float:
    return float(np.sqrt(np.mean(audio.astype(np.float64) ** 2)))


def engine_wav_seconds(voice: CallerVoice, text: str, tmp_path: Path) -> float:
    """How long the engine's own WAV (at its own rate) is."""
    out = tmp_path / "raw.wav"
    if voice.engine == "espeak-ng":
        command = ["espeak-ng", "-v", voice.voice, "-s", str(voice.rate_wpm), "-w", str(out),
                   "--", text]
    else:
        command = ["flite", "-voice", voice.voice, "-t", text, "-o", str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    with wave.open(str(out)) as wav:
        return wav.getnframes() / wav.getframerate()


def test_the_voices_are_mostly_not_the_bots() -> None:
    engines = [v.engine for v in VOICES]
    assert engines.count("espeak-ng") >= 4 and engines.count("flite") >= 3
    assert [v for v in VOICES if v.engine == "piper"] == [BOT_VOICE]
    assert "bot" in BOT_VOICE.name
    assert BOT_VOICE not in (DEFAULT_VOICE, SECOND_VOICE, ESPEAK_VOICE, NOISY_VOICE)
    assert ESPEAK_VOICE.engine == "espeak-ng" and DEFAULT_VOICE.engine == "flite"
    assert ESPEAK_VOICE in VOICES and SECOND_VOICE in VOICES and DEFAULT_VOICE != SECOND_VOICE
    rates = [v.rate_wpm for v in VOICES if v.engine == "espeak-ng"]
    assert min(rates) <= 140 and max(rates) >= 190 and all(130 <= r <= 200 for r in rates)
    assert len({v.name for v in VOICES}) == len(VOICES)


@pytest.mark.parametrize("voice", [DEFAULT_VOICE, SECOND_VOICE, voices.by_name("flite kal")],
                         ids=lambda v: v.name)
def test_each_engine_speaks_the_sentence_at_16_khz(voice: CallerVoice, tmp_path: Path) -> None:
    audio = speak(voice, SENTENCE)
    assert audio.dtype == np.float32 and audio.ndim == 1
    seconds = audio.size / RATE
    assert 1.2 < seconds < 4.5  # seven words at a speaking pace
    assert seconds == pytest.approx(engine_wav_seconds(voice, SENTENCE, tmp_path), abs=0.01)
    assert 0.05 < np.abs(audio).max() <= 1.1 and rms(audio) > 0.02


def test_piper_speaks_as_the_bot_does() -> None:
    audio = speak(BOT_VOICE, SENTENCE)
    assert audio.dtype == np.float32 and 1.2 < audio.size / RATE < 4.5 and rms(audio) > 0.02


def test_every_espeak_voice_sounds_different() -> None:
    """A variant espeak-ng ignores ("en-gb+f3") would be a second row of the same voice."""
    spoken = [speak(v, "Yes, please.") for v in VOICES if v.engine == "espeak-ng"]
    for i, audio in enumerate(spoken):
        assert all(audio.size != other.size or not np.array_equal(audio, other)
                   for other in spoken[i + 1:])


def test_a_slower_rate_speaks_longer() -> None:
    slow = speak(CallerVoice("slow", "espeak-ng", "en-us", 130), SENTENCE)
    fast = speak(CallerVoice("fast", "espeak-ng", "en-us", 200), SENTENCE)
    assert 1.25 < slow.size / fast.size < 1.75


def test_speech_is_cached_on_disk_and_in_memory() -> None:
    text = "Cache check, one two three."
    first = speak(DEFAULT_VOICE, text)
    assert speak(DEFAULT_VOICE, text) is first
    assert not first.flags.writeable
    assert voices._cache_file(DEFAULT_VOICE, text).exists()
    speak.cache_clear()
    again = speak(DEFAULT_VOICE, text)
    assert again is not first and np.array_equal(again, first)


def test_bad_voices_are_refused_with_a_clear_message() -> None:
    with pytest.raises(CallerVoiceUnavailable, match="flite has no voice 'nobody'"):
        speak(CallerVoice("x", "flite", "nobody", None), "Hello.")
    with pytest.raises(CallerVoiceUnavailable, match="does not exist"):
        speak(CallerVoice("y", "espeak-ng", "xx-nowhere", 150), "Hello.")
    with pytest.raises(ValueError, match="unknown TTS engine"):
        speak(CallerVoice("z", "say", "alex", None), "Hello.")


def test_the_telephone_band_removes_100_hz_and_3_9_khz_and_keeps_1_khz() -> None:
    middle = slice(RATE // 4, -RATE // 4)  # away from the filter's edges
    for freq, low, high in ((100, -np.inf, -40), (1000, -1.0, 0.5), (3900, -np.inf, -30)):
        heard = apply(tone(freq, 1.0), TELEPHONE)
        assert heard.size == RATE
        gain = db(rms(heard[middle]) / rms(tone(freq, 1.0)[middle]))
        assert low <= gain <= high, f"{freq} Hz: {gain:.1f} dB"


@pytest.mark.parametrize("impairment", [NOISE_20DB, NOISE_10DB], ids=lambda i: i.name)
def test_noise_is_added_at_the_asked_snr(impairment) -> None:
    speechlike = np.concatenate([np.zeros(RATE), tone(1000, 1.5), np.zeros(RATE)])
    clean = apply(speechlike, TELEPHONE)
    noise = apply(speechlike, impairment, seed=4) - clean
    snr = 10 * np.log10(active_power(clean) / np.mean(noise.astype(np.float64) ** 2))
    assert abs(snr - impairment.snr_db) <= 1.0
    assert rms(noise[:RATE // 2]) > 0  # the noise goes on in the silences too


def test_packet_loss_silences_the_lost_20_ms_frames() -> None:
    steady = tone(1000, 20.0)  # 1000 packets, all carrying sound
    lost = lost_frames(steady, PACKET_LOSS, seed=7)
    random_losses = lost.sum() - PACKET_LOSS.loss_burst_frames
    assert 0.015 * lost.size <= random_losses <= 0.05 * lost.size
    burst = PACKET_LOSS.loss_burst_frames
    assert any(lost[i:i + burst].all() for i in range(lost.size - burst))
    heard = apply(steady, PACKET_LOSS, seed=7)
    frames = heard[: heard.size // FRAME * FRAME].reshape(-1, FRAME)
    silent = np.abs(frames[:, 32:-32]).max(axis=1) < 1e-4  # the resampler rings at the edges
    assert silent.sum() == lost.sum()
    assert np.array_equal(silent, lost[: silent.size])


def test_level_changes_go_from_quiet_to_loud() -> None:
    steady = np.concatenate([np.zeros(RATE // 2), tone(1000, 4.0, 0.05), np.zeros(RATE // 2)])
    flat = apply(steady, TELEPHONE)
    changed = apply(steady, LEVEL_CHANGES)
    quarter = 4 * RATE // 4
    starts = [RATE // 2 + i * quarter + RATE // 10 for i in range(len(LEVEL_STEPS_DB))]
    gains = [db(rms(changed[s:s + RATE // 2]) / rms(flat[s:s + RATE // 2])) for s in starts]
    for gain, step in zip(gains, LEVEL_STEPS_DB, strict=True):
        assert gain == pytest.approx(step, abs=1.0)


@pytest.mark.parametrize("impairment", [NOISE_10DB, PACKET_LOSS], ids=lambda i: i.name)
def test_an_impairment_is_the_same_for_a_seed(impairment) -> None:
    audio = speak(DEFAULT_VOICE, SENTENCE)
    first = apply(audio, impairment, seed=3)
    assert np.array_equal(first, apply(audio, impairment, seed=3))
    assert not np.array_equal(first, apply(audio, impairment, seed=4))


def loud_10ms(audio: np.ndarray) -> np.ndarray:
    frames = audio[: audio.size // 160 * 160].reshape(-1, 160)
    level = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    return level > level.max() * 10 ** (-40 / 20)


def test_render_puts_the_pause_between_parts_and_marks_the_speech_end() -> None:
    utterance = by_id("order-paused-one-oh-four-two")
    rendered = render(utterance, DEFAULT_VOICE, TELEPHONE, lead_silence_s=0.3,
                      tail_silence_s=1.5)
    loud = loud_10ms(rendered.audio)
    at = lambda seconds: int(round(seconds * 100))  # noqa: E731 - 10 ms frame index
    first_end, speech_end = rendered.part_ends_s
    assert speech_end == rendered.speech_end_s
    assert rendered.audio.size / RATE == pytest.approx(speech_end + 1.5, abs=0.01)
    assert not loud[: at(0.3) - 2].any() and loud[at(0.3): at(0.3) + 3].any()
    assert loud[at(speech_end) - 3: at(speech_end)].any()
    assert not loud[at(speech_end) + 3:].any()
    pause = utterance.pause_ms / 1000
    assert loud[at(first_end) - 3: at(first_end)].any()
    assert not loud[at(first_end) + 3: at(first_end + pause) - 2].any()
    assert loud[at(first_end + pause): at(first_end + pause) + 3].any()


def test_the_corpus_covers_the_journeys_with_the_demo_datas_values() -> None:
    assert len({u.id for u in UTTERANCES}) == len(UTTERANCES)
    assert {u.kind for u in UTTERANCES} == set(KINDS)
    paused = [u for u in UTTERANCES if len(u.said) > 1]
    assert {u.kind for u in paused} >= {"order_number", "pin", "phone"}
    assert all(600 <= u.pause_ms <= 900 for u in paused)
    read = {"order_number": extract_order_number, "pin": extract_pin, "phone": normalize_phone}
    for utterance in UTTERANCES:
        if utterance.kind in read:
            assert read[utterance.kind](utterance.expected_text) == utterance.value, utterance.id
    orders = {u.value for u in UTTERANCES if u.kind == "order_number"}
    orders_csv = PROJECT_ROOT / "demo_data" / "orders.csv"
    demo_orders = {line.split(",")[0] for line in orders_csv.read_text().splitlines()}
    assert orders <= demo_orders
