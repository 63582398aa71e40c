"""The input of the Smart Turn v3 turn-end model: Whisper's log-mel of the last 8 s.

The model was trained on the features of transformers' `WhisperFeatureExtractor(
chunk_length=8)` called as pipecat's `LocalSmartTurnAnalyzerV3._predict_endpoint` calls it:
the audio cut to its last 8 s, or padded with zeros *in front* to 8 s; then the whole 8 s
normalised to zero mean and unit variance (`do_normalize=True`, the padding included);
then 80 mel bins, n_fft 400, hop 160, 800 frames. transformers is not a dependency of the
gateway, so the log-mel comes from faster-whisper's numpy extractor, which computes the
same spectrogram (checked against transformers in tests/unit/test_turn_model.py with the
reference in tests/data/smart_turn_reference.npz).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from faster_whisper.feature_extractor import FeatureExtractor

from voice_gateway.audio.codec import PIPELINE_RATE

WINDOW_S = 8  # the model's context: the last 8 s of the turn
WINDOW_SAMPLES = WINDOW_S * PIPELINE_RATE
MEL_BINS = 80
FRAMES = WINDOW_SAMPLES // 160  # 800: one per 10 ms hop
NORMALISE_EPSILON = 1e-7  # transformers' zero_mean_unit_var_norm


@lru_cache(maxsize=1)
def _extractor() -> FeatureExtractor:
    return FeatureExtractor(feature_size=MEL_BINS, sampling_rate=PIPELINE_RATE,
                            hop_length=160, chunk_length=WINDOW_S, n_fft=400)


def last_window(audio: np.ndarray) -> np.ndarray:
    """The last 8 s of AUDIO, or all of it after zeros that make it 8 s long."""
    samples = np.asarray(audio, dtype=np.float32).reshape(-1)
    if samples.size >= WINDOW_SAMPLES:
        return samples[-WINDOW_SAMPLES:]
    return np.pad(samples, (WINDOW_SAMPLES - samples.size, 0))


def normalised(samples: np.ndarray) -> np.ndarray:
    """Zero mean, unit variance over all of SAMPLES (silence stays near zero)."""
    return ((samples - samples.mean()) / np.sqrt(samples.var() + NORMALISE_EPSILON)
            ).astype(np.float32)


def turn_features(audio: np.ndarray) -> np.ndarray:
    """16 kHz float32 audio of the turn so far -> the model's (80, 800) float32 input."""
    samples = np.asarray(audio)
    if samples.ndim != 1:
        raise ValueError(f"turn features need mono audio (1-D), got shape {samples.shape}")
    if not np.all(np.isfinite(samples)):
        raise ValueError("turn features need finite samples (the audio has NaN or inf)")
    features = _extractor()(normalised(last_window(samples)), padding=0)
    return features[:, :FRAMES].astype(np.float32)
