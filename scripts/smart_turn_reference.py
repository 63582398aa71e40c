"""Make tests/data/smart_turn_reference.npz: Smart Turn v3's input features and answer as
pipecat computes them, for tests/unit/test_turn_model.py to compare the gateway's own with.

Run it outside the project's venv (transformers and pipecat clash with Rasa's pins), in a
throwaway one with the reference libraries and the model file extracted by bootstrap:

    python3 -m venv /tmp/refenv && /tmp/refenv/bin/pip install transformers numpy onnxruntime
    /tmp/refenv/bin/python scripts/smart_turn_reference.py

The steps copy pipecat 0.0.108's `LocalSmartTurnAnalyzerV3._predict_endpoint`: the last 8 s
(or zeros in front up to 8 s), `WhisperFeatureExtractor(chunk_length=8)` with
`do_normalize=True`, the ONNX session on one thread. The speech is espeak-ng's (en-us,
150 wpm; not the bot's voice) resampled to 16 kHz by linear interpolation and stored as
int16, so the test feeds exactly the samples the reference saw.
"""

from __future__ import annotations

import io
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import onnxruntime as ort
import transformers
from transformers import WhisperFeatureExtractor

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "var" / "models" / "smart-turn" / "smart-turn-v3.2-cpu.onnx"
OUT = ROOT / "tests" / "data" / "smart_turn_reference.npz"
TEXT = "Where is my order?"
RATE = 16000
SECONDS = 8
LONG_SAMPLES = int(9.5 * RATE)  # the speech repeated past 8 s: the model keeps the end
TAIL_FRAMES = 100


def espeak(text: str) -> np.ndarray:
    wav = subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "--stdout", text],
                         capture_output=True, check=True).stdout
    with wave.open(io.BytesIO(wav)) as reader:
        rate = reader.getframerate()
        raw = wav[44:]  # espeak-ng's streamed header gives no true frame count
    samples = np.frombuffer(raw[:len(raw) // 2 * 2], dtype="<i2").astype(np.float64)
    times = np.arange(int(samples.size * RATE / rate)) / RATE
    resampled = np.interp(times, np.arange(samples.size) / rate, samples)
    silence = np.zeros(RATE // 5)  # the 200 ms pause at which the model is asked
    return np.concatenate([resampled, silence]).round().clip(-32768, 32767).astype(np.int16)


def pipecat_features(audio: np.ndarray) -> np.ndarray:
    limit = SECONDS * RATE
    if len(audio) > limit:
        audio = audio[-limit:]
    elif len(audio) < limit:
        audio = np.pad(audio, (limit - len(audio), 0), mode="constant", constant_values=0)
    inputs = WhisperFeatureExtractor(chunk_length=SECONDS)(
        audio, sampling_rate=RATE, return_tensors="np", padding="max_length",
        max_length=limit, truncation=True, do_normalize=True)
    return inputs.input_features.squeeze(0).astype(np.float32)


def main() -> None:
    options = ort.SessionOptions()
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.inter_op_num_threads = 1
    options.intra_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(MODEL), sess_options=options)
    speech = espeak(TEXT)
    audio = speech.astype(np.float32) / 32768.0
    features = pipecat_features(audio)
    probability = session.run(None, {"input_features": features[None]})[0][0].item()
    long_audio = np.tile(audio, LONG_SAMPLES // audio.size + 1)[:LONG_SAMPLES]
    long_features = pipecat_features(long_audio)
    np.savez_compressed(
        OUT, speech_int16=speech, features=features, probability=np.float32(probability),
        long_samples=np.int64(LONG_SAMPLES), long_tail=long_features[:, -TAIL_FRAMES:],
        long_frame_means=long_features.mean(axis=0),
        versions=np.array([f"transformers {transformers.__version__}",
                           f"onnxruntime {ort.__version__}", f"numpy {np.__version__}"]))
    print(f"{OUT.relative_to(ROOT)}: {speech.size / RATE:.2f} s of speech, "
          f"p(complete)={probability:.4f}, {OUT.stat().st_size // 1024} kB", file=sys.stderr)


if __name__ == "__main__":
    main()
