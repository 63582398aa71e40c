"""Telephony audio formats: G.711 mu-law, 16-bit linear PCM, and resampling between rates.

Everything inside the gateway is 16 kHz mono float32 in [-1, 1]; transports convert at
their edge (Twilio: 8 kHz mu-law, AudioSocket: 8 kHz slin16, browser: 16 kHz slin16).
"""

from __future__ import annotations

from functools import lru_cache
from math import gcd

import numpy as np
from scipy.signal import resample_poly

PIPELINE_RATE = 16_000
_MULAW_BIAS = 0x84


class AudioFormatError(ValueError):
    """Audio bytes that cannot be what the transport promised (odd length, not base64...)."""


@lru_cache(maxsize=1)
def _mulaw_decode_table() -> np.ndarray:
    codes = ~np.arange(256, dtype=np.int32) & 0xFF
    sign = codes & 0x80
    exponent = (codes >> 4) & 0x07
    mantissa = codes & 0x0F
    magnitude = (((mantissa << 3) + _MULAW_BIAS) << exponent) - _MULAW_BIAS
    return np.where(sign != 0, -magnitude, magnitude).astype(np.int16)


def mulaw_to_pcm16(data: bytes) -> np.ndarray:
    """G.711 mu-law bytes to int16 samples."""
    return _mulaw_decode_table()[np.frombuffer(data, dtype=np.uint8)]


_SEGMENT_ENDS = np.array([0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF])


def pcm16_to_mulaw(samples: np.ndarray) -> bytes:
    """int16 samples to G.711 mu-law bytes (the ITU reference algorithm, as in audioop)."""
    pcm = samples.astype(np.int32) >> 2
    mask = np.where(pcm < 0, 0x7F, 0xFF)
    magnitude = np.minimum(np.abs(pcm), 8159) + 0x21
    segment = np.searchsorted(_SEGMENT_ENDS, magnitude)
    code = (np.minimum(segment, 7) << 4) | ((magnitude >> (np.minimum(segment, 7) + 1)) & 0x0F)
    code = np.where(segment >= 8, 0x7F, code)
    return (code ^ mask).astype(np.uint8).tobytes()


def pcm16_bytes_to_float(data: bytes) -> np.ndarray:
    """Little-endian signed 16-bit PCM bytes to float32 in [-1, 1]."""
    if len(data) % 2:
        raise AudioFormatError("16-bit PCM must have an even number of bytes")
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


def float_to_pcm16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype(np.int16)


def float_to_pcm16_bytes(samples: np.ndarray) -> bytes:
    return float_to_pcm16(samples).astype("<i2").tobytes()


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Polyphase resampling (scipy) of float32 mono audio."""
    if from_rate == to_rate or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    divisor = gcd(from_rate, to_rate)
    out = resample_poly(samples, to_rate // divisor, from_rate // divisor)
    return out.astype(np.float32)


def mulaw8k_to_pipeline(data: bytes) -> np.ndarray:
    return resample(mulaw_to_pcm16(data).astype(np.float32) / 32768.0, 8000, PIPELINE_RATE)


def pipeline_to_mulaw8k(samples: np.ndarray) -> bytes:
    return pcm16_to_mulaw(float_to_pcm16(resample(samples, PIPELINE_RATE, 8000)))


def slin_to_pipeline(data: bytes, rate: int) -> np.ndarray:
    return resample(pcm16_bytes_to_float(data), rate, PIPELINE_RATE)


def pipeline_to_slin(samples: np.ndarray, rate: int) -> bytes:
    return float_to_pcm16_bytes(resample(samples, PIPELINE_RATE, rate))
