"""Smart Turn v3: has the caller finished their turn, or paused mid-sentence or mid-number?

One ONNX session per process (8.7 MB int8 model, a Whisper-tiny encoder and a classifier,
from the pipecat-ai wheel, see model_files.smart_turn_model_file), run on one thread: one
question took about 35 ms on an idle core of this project's 2-core machine and 50-130 ms
while other work ran (benchmarks/turn_bench.py), too long for the event loop that paces
every call's audio, so questions go to a worker thread of their own (`start`), not to the
speech workers where a transcription could keep them waiting.
Without the file (or with HELPDESK_VOICE_TURN_MODEL=off) there is no model and turn taking
keeps its fixed silence rule.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future
from pathlib import Path

import numpy as np

from helpdesk.config import VoiceSettings
from voice_gateway.audio.turn_features import turn_features
from voice_gateway.services.model_files import ModelMissing, smart_turn_model_file
from voice_gateway.services.priority_executor import PriorityExecutor, Urgency

log = logging.getLogger(__name__)


class TurnModel:
    """The turn-end model: `probability_complete(audio)` of the turn heard so far."""

    def __init__(self, path: Path, threads: int = 1) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.path = path
        self.session = onnxruntime.InferenceSession(str(path), sess_options=options,
                                                    providers=["CPUExecutionProvider"])
        self._input = self.session.get_inputs()[0].name
        self._pool = PriorityExecutor(1, "turn-model")

    def probability_complete(self, audio: np.ndarray) -> float:
        """16 kHz float32 audio of the turn so far (the trailing silence included) -> the
        probability, 0-1, that the caller has finished speaking."""
        started = time.perf_counter()
        features = turn_features(audio)[None, :, :]
        output = self.session.run(None, {self._input: features})[0]
        probability = float(np.asarray(output).reshape(-1)[0])
        log.debug("turn model: p(complete)=%.3f for %.2f s of audio in %.1f ms", probability,
                  np.asarray(audio).size / 16000, (time.perf_counter() - started) * 1000)
        return probability

    def start(self, audio: np.ndarray) -> Future[float]:
        """Ask on the model's own worker thread; cancelling the future before it starts
        drops the question."""
        return self._pool.submit(Urgency.CALLER_WAITING, self.probability_complete, audio)

    def close(self) -> None:
        self._pool.shutdown()


def load_turn_model(settings: VoiceSettings) -> TurnModel | None:
    """The model the settings ask for: None when it is switched off or its file is absent
    (then the fixed silence rule ends turns)."""
    if settings.turn_model == "off":
        log.info("turn-end model off: turns end after %d ms of silence",
                 settings.end_of_speech_ms)
        return None
    try:
        path = smart_turn_model_file()
    except ModelMissing as missing:
        log.warning("%s; turns end after %d ms of silence", missing, settings.end_of_speech_ms)
        return None
    model = TurnModel(path)
    model.probability_complete(np.zeros(1600, dtype=np.float32))  # warm-up
    log.info("turn-end model %s: a pause of %d ms ends the turn when p >= %.2f, else "
             "%d ms of silence do", path.name, settings.turn_pause_ms,
             settings.turn_threshold, settings.turn_cap_ms)
    return model
