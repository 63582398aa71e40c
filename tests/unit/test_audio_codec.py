"""G.711 mu-law and resampling, checked against Python's own audioop (deprecated, 3.10 has it)."""

from __future__ import annotations

import audioop
import warnings

import numpy as np
import pytest

from voice_gateway.audio.codec import (
    AudioFormatError,
    mulaw8k_to_pipeline,
    mulaw_to_pcm16,
    pcm16_bytes_to_float,
    pcm16_to_mulaw,
    pipeline_to_mulaw8k,
    resample,
)

warnings.filterwarnings("ignore", category=DeprecationWarning)


def test_mulaw_decoding_matches_audioop_for_every_code() -> None:
    codes = bytes(range(256))
    expected = np.frombuffer(audioop.ulaw2lin(codes, 2), dtype="<i2")
    assert np.array_equal(mulaw_to_pcm16(codes), expected)


def test_mulaw_encoding_matches_audioop() -> None:
    samples = np.concatenate([np.arange(-32768, 32768, 7), [32767, -32768, 0, 1, -1]])
    samples = samples.astype(np.int16)
    expected = audioop.lin2ulaw(samples.astype("<i2").tobytes(), 2)
    assert pcm16_to_mulaw(samples) == expected


def test_a_tone_survives_the_telephone_round_trip() -> None:
    t = np.arange(16000) / 16000
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    back = mulaw8k_to_pipeline(pipeline_to_mulaw8k(tone))
    assert back.size == tone.size
    error = np.abs(back[200:-200] - tone[200:-200]).mean()
    assert error < 0.02


@pytest.mark.parametrize("from_rate, to_rate", [(8000, 16000), (22050, 16000), (16000, 8000)])
def test_resample_keeps_the_duration(from_rate: int, to_rate: int) -> None:
    audio = np.zeros(from_rate, dtype=np.float32)
    assert resample(audio, from_rate, to_rate).size == to_rate


def test_odd_length_pcm_is_a_clear_error() -> None:
    with pytest.raises(AudioFormatError):
        pcm16_bytes_to_float(b"\x00\x01\x02")
