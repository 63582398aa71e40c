"""Telephone impairments of caller speech, as the gateway hears it.

`apply` takes 16 kHz float32 speech and returns 16 kHz float32 after the phone line: level
changes, the 300–3400 Hz band of a telephone channel, background noise at a set SNR, lost
20 ms packets, and always the 8 kHz mu-law round trip of Twilio's media stream (the
gateway's own codec functions). Everything is deterministic for a seed.

SNR is measured as speech power over noise power, the speech power taken over its active
20 ms frames (those within ACTIVE_RANGE_DB of the loudest), so the silence around an
utterance does not change what "10 dB" means.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from scipy import signal

from voice_gateway.audio.codec import PIPELINE_RATE, mulaw8k_to_pipeline, pipeline_to_mulaw8k

BAND_HZ = (300.0, 3400.0)
FRAME_S = 0.02  # one Twilio media packet
FRAME = int(FRAME_S * PIPELINE_RATE)  # 320 samples at 16 kHz
MULAW_FRAME = FRAME // 2  # 160 bytes at 8 kHz
MULAW_SILENCE = 0xFF  # mu-law code of 0
ACTIVE_RANGE_DB = 30.0
LEVEL_STEPS_DB = (-15.0, -6.0, 0.0, 6.0)  # quiet, then loud: successive parts of the speech
NOISE_MODULATION_HZ = 4.0  # babble-like: its loudness moves at a syllable rate


@dataclass(frozen=True)
class Impairment:
    """One condition of the line. `level_db` is a fixed gain; `level_changes` steps the gain
    through LEVEL_STEPS_DB over the speech; `frame_loss` is the share of 20 ms packets lost
    at random and `loss_burst_frames` a burst lost together inside the speech."""

    name: str
    band_pass: bool = True
    snr_db: float | None = None
    level_db: float = 0.0
    level_changes: bool = False
    frame_loss: float = 0.0
    loss_burst_frames: int = 0


TELEPHONE = Impairment("telephone")
NOISE_20DB = Impairment("noise-20dB", snr_db=20.0)
NOISE_10DB = Impairment("noise-10dB", snr_db=10.0)
LEVEL_CHANGES = Impairment("level-changes", level_changes=True)
PACKET_LOSS = Impairment("packet-loss", frame_loss=0.03, loss_burst_frames=5)

IMPAIRMENTS: tuple[Impairment, ...] = (TELEPHONE, NOISE_20DB, NOISE_10DB, LEVEL_CHANGES,
                                       PACKET_LOSS)


def by_name(name: str) -> Impairment:
    """The impairment of IMPAIRMENTS called `name` (a clear error listing them otherwise)."""
    for impairment in IMPAIRMENTS:
        if impairment.name == name:
            return impairment
    raise KeyError(f"no impairment {name!r}; known: {', '.join(i.name for i in IMPAIRMENTS)}")


def frame_rms(audio: np.ndarray, frame: int = FRAME) -> np.ndarray:
    """RMS of each whole or partial `frame`-sample frame."""
    count = -(-audio.size // frame)
    padded = np.zeros(count * frame, dtype=np.float64)
    padded[:audio.size] = audio
    return np.sqrt(np.mean(padded.reshape(count, frame) ** 2, axis=1))


def active_frames(audio: np.ndarray, range_db: float = ACTIVE_RANGE_DB) -> np.ndarray:
    """Which 20 ms frames carry speech: within `range_db` of the loudest frame."""
    rms = frame_rms(audio)
    if rms.size == 0 or rms.max() <= 0:
        return np.zeros(rms.size, dtype=bool)
    return rms >= rms.max() * 10 ** (-range_db / 20)


def speech_bounds(audio: np.ndarray, range_db: float = 40.0) -> tuple[int, int]:
    """First and one-past-last sample of the sound in `audio` (10 ms resolution), for
    trimming an engine's own leading and trailing silence; (0, 0) for silence."""
    frame = FRAME // 2
    rms = frame_rms(audio, frame)
    if rms.size == 0 or rms.max() <= 0:
        return 0, 0
    loud = np.flatnonzero(rms >= rms.max() * 10 ** (-range_db / 20))
    return int(loud[0] * frame), int(min(audio.size, (loud[-1] + 1) * frame))


def active_power(audio: np.ndarray) -> float:
    """Mean power of the active frames (the speech level SNR is measured against)."""
    active = active_frames(audio)
    if not active.any():
        return 0.0
    return float(np.mean(frame_rms(audio)[active] ** 2))


@functools.lru_cache(maxsize=1)
def _band_filter() -> np.ndarray:
    # Elliptic: flat to 0.2 dB inside the band, 50 dB down a few hundred Hz outside it
    # (run forwards and backwards, so twice that and no shift in time).
    return signal.ellip(6, 0.2, 50, BAND_HZ, btype="bandpass", fs=PIPELINE_RATE, output="sos")


def band_pass(audio: np.ndarray) -> np.ndarray:
    """The 300–3400 Hz channel of a telephone line, zero-phase."""
    if audio.size < 64:
        return audio.astype(np.float32)
    return signal.sosfiltfilt(_band_filter(), audio).astype(np.float32)


def shaped_noise(size: int, rng: np.random.Generator) -> np.ndarray:
    """Pink (1/f) noise in the phone band whose loudness moves like a crowd's (babble-like);
    unit mean power."""
    if size == 0:
        return np.zeros(0, dtype=np.float32)
    spectrum = np.fft.rfft(rng.standard_normal(size))
    freqs = np.fft.rfftfreq(size, 1 / PIPELINE_RATE)
    spectrum[1:] /= np.sqrt(freqs[1:])
    spectrum[0] = 0
    noise = band_pass(np.fft.irfft(spectrum, size))
    t = np.arange(size) / PIPELINE_RATE
    envelope = 1.0 + 0.5 * np.sin(2 * np.pi * NOISE_MODULATION_HZ * t + rng.uniform(0, 2 * np.pi))
    noise = noise * envelope
    return (noise / np.sqrt(np.mean(noise ** 2))).astype(np.float32)


def level_envelope(audio: np.ndarray) -> np.ndarray:
    """Gain per sample stepping through LEVEL_STEPS_DB over equal parts of the speech (from
    its first to its last active frame), held before and after, 20 ms ramps between."""
    active = np.flatnonzero(active_frames(audio))
    gains_db = np.full(audio.size, LEVEL_STEPS_DB[0])
    if active.size:
        start, end = active[0] * FRAME, min(audio.size, (active[-1] + 1) * FRAME)
        edges = np.linspace(start, end, len(LEVEL_STEPS_DB) + 1).astype(int)
        for step, (left, right) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
            gains_db[left:right] = LEVEL_STEPS_DB[step]
        gains_db[end:] = LEVEL_STEPS_DB[-1]
    ramp = np.ones(FRAME) / FRAME
    smoothed = np.convolve(np.pad(gains_db, FRAME // 2, mode="edge"), ramp, mode="same")
    return (10 ** (smoothed[FRAME // 2:FRAME // 2 + audio.size] / 20)).astype(np.float32)


def lost_frames(audio: np.ndarray, impairment: Impairment, seed: int = 0) -> np.ndarray:
    """Which 20 ms packets of `audio` (what `apply` is given) the line loses: each with
    probability `frame_loss`, plus `loss_burst_frames` in a row from a seeded active frame."""
    count = -(-audio.size // FRAME)
    rng = np.random.default_rng([seed, 0x10557])
    lost = rng.random(count) < impairment.frame_loss
    burst = min(impairment.loss_burst_frames, count)
    if burst:
        active = np.flatnonzero(active_frames(audio))
        starts = active[active + burst <= count] if active.size else np.arange(count - burst + 1)
        start = int(rng.choice(starts)) if starts.size else 0
        lost[start:start + burst] = True
    return lost


def mulaw_line(audio: np.ndarray, lost: np.ndarray | None = None) -> np.ndarray:
    """The 8 kHz mu-law round trip of the gateway's codec, lost packets becoming silence
    (a jitter buffer without packet-loss concealment); same length as `audio`."""
    mulaw = bytearray(pipeline_to_mulaw8k(audio))
    if lost is not None:
        for index in np.flatnonzero(lost):
            start = int(index) * MULAW_FRAME
            mulaw[start:start + MULAW_FRAME] = bytes([MULAW_SILENCE]) * \
                len(mulaw[start:start + MULAW_FRAME])
    heard = mulaw8k_to_pipeline(bytes(mulaw))
    out = np.zeros(audio.size, dtype=np.float32)
    out[:min(audio.size, heard.size)] = heard[:audio.size]
    return out


def apply(audio: np.ndarray, impairment: Impairment, seed: int = 0) -> np.ndarray:
    """`audio` (16 kHz float32) as the gateway hears it over a line with `impairment`."""
    if audio.ndim != 1:
        raise ValueError(f"caller audio must be mono (1-D), not shape {audio.shape}")
    lost = lost_frames(audio, impairment, seed) if impairment.frame_loss or \
        impairment.loss_burst_frames else None
    out = audio.astype(np.float32) * np.float32(10 ** (impairment.level_db / 20))
    if impairment.level_changes:
        out = out * level_envelope(out)
    if impairment.band_pass:
        out = band_pass(out)
    if impairment.snr_db is not None:
        rng = np.random.default_rng([seed, 0x2015E])
        scale = np.sqrt(active_power(out) / 10 ** (impairment.snr_db / 10))
        out = out + shaped_noise(out.size, rng) * np.float32(scale)
    return mulaw_line(out, lost)
