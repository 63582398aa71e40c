"""The speech models, loaded once per process, warmed up, and shared by every call.

faster-whisper (CTranslate2, int8 on the CPU) runs in worker threads: CTranslate2 lets
`num_workers` transcriptions run at once; more calls queue. Piper synthesis and Silero VAD
are ONNX sessions, safe to run from several threads. Both kinds of job go through
`PriorityExecutor`s, so a caller who is waiting is served before work that has time to
spare. Piper runs with few threads that do not spin: its default (one busy-waiting thread
per core) starves the transcriptions of the other calls when several calls speak at once.
Sentences already spoken once are kept (`HELPDESK_TTS_CACHE`): prompts such as "For your
security, please say or key in your PIN." come back at once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import faster_whisper.transcribe as whisper_transcribe
import numpy as np
from faster_whisper.audio import pad_or_trim as whisper_pad_or_trim

from helpdesk.config import VoiceSettings
from voice_gateway.audio.codec import PIPELINE_RATE, resample
from voice_gateway.services.model_files import piper_voice_file, whisper_model_dir
from voice_gateway.services.priority_executor import PriorityExecutor, Urgency
from voice_gateway.services.turn_model import load_turn_model

log = logging.getLogger(__name__)

# Words a caller of this contact center says; the prompt biases Whisper toward them.
DOMAIN_PROMPT = ("Order number 1042, tracking number, PIN 4 3 2 1, store credit balance, "
                 "loyalty points, prepaid, parcel, delivery, agent, representative.")
_REPEATED_NUMBER_TAIL = re.compile(r"(?:[,\s]*\b0\b){3,}[,\s]*$")
_REPEATED_WORD = re.compile(r"\b(\w+)(?:[\s,]+\1\b){4,}", re.IGNORECASE)
# A loop of two or three words ("4 3 4 3 4 3 4 3 4 4 3 ...", seen with the digit
# hotwords): Whisper then writes until its token limit, so all from the loop on goes.
_REPEATED_PHRASE = re.compile(r"\b(\w+[\s,]+\w+(?:[\s,]+\w+)?)(?:[\s,]+\1\b){3,}.*$",
                              re.IGNORECASE)
_REPEATED_SENTENCE = re.compile(r"^(.{8,}?[.?!])(?:\s*\1)+$")
_DIGITS_ONLY = re.compile(r"^[\d\s,.\-]+$")
MIN_REPEATED_DIGITS = 4  # "2468 2468" is a loop; "123 123" may be a six-digit PIN
WHISPER_FRAMES_PER_SECOND = 100

# Whisper pads every input to a 30 s window, so a 2 s utterance costs as much as 30 s of
# speech. The gateway pads to a shorter window instead (`HELPDESK_STT_WINDOW_S`, 15 s by
# default): on this project's CPU that halves the transcription time with the same words
# (see benchmarks/RESULTS.md). The window is per thread, so other users of faster-whisper
# in the same process keep the standard 30 s.
_window = threading.local()


def _pad_to_window(array: np.ndarray, length: int = 3000, *, axis: int = -1) -> np.ndarray:
    frames = getattr(_window, "frames", None)
    if frames and length == 3000:
        length = min(length, max(frames, array.shape[axis]))
    return whisper_pad_or_trim(array, length, axis=axis)


whisper_transcribe.pad_or_trim = _pad_to_window


@dataclass(frozen=True)
class Transcript:
    text: str
    seconds: float
    # How sure Whisper is of the words, 0-1: the least of its segments' mean token
    # probability (exp of `avg_logprob`); None when it heard nothing.
    confidence: float | None = None


def transcript_confidence(avg_logprobs: list[float],
                          digit_probabilities: list[float] | None = None) -> float | None:
    """The confidence of a transcript: its weakest segment's mean token probability (exp
    of `avg_logprob`), or its least sure digit's when that is lower (DIGIT_PROBABILITIES:
    the probabilities of the words holding digits, with word timestamps on)."""
    if not avg_logprobs:
        return None
    confidence = math.exp(min(0.0, min(avg_logprobs)))
    if digit_probabilities:
        confidence = min(confidence, *digit_probabilities)
    return round(confidence, 3)


def digit_probabilities(segments: list[object]) -> list[float]:
    """The probabilities of the words that hold a digit (faster-whisper's `Word`s)."""
    return [word.probability for segment in segments
            for word in (getattr(segment, "words", None) or [])
            if any(c.isdigit() for c in word.word)]


def clean_transcript(text: str) -> str:
    """Guard against Whisper's repetition loops ("1,042,0,0,0,..."), trim spaces."""
    text = _REPEATED_NUMBER_TAIL.sub("", text.strip())
    text = _REPEATED_WORD.sub(r"\1", text)
    text = _REPEATED_PHRASE.sub(r"\1", text)
    text = _REPEATED_SENTENCE.sub(r"\1", text.strip())
    return _without_repeated_digits(text.strip())


def _without_repeated_digits(text: str) -> str:
    """Digits said once, written twice ("two four six eight" heard as "24 6 8 2 4 6 8"):
    a transcript of digits only whose digits are one run of at least
    MIN_REPEATED_DIGITS said twice keeps its first half."""
    if not _DIGITS_ONLY.match(text):
        return text
    digits = re.sub(r"\D", "", text)
    half = len(digits) // 2
    if half < MIN_REPEATED_DIGITS or len(digits) % 2 or digits[:half] != digits[half:]:
        return text
    seen = 0
    for position, char in enumerate(text):
        seen += char.isdigit()
        if seen == half:
            return text[:position + 1]
    return text


def load_piper_voice(model: Path, threads: int) -> object:
    """A Piper voice whose ONNX session uses `threads` threads that sleep when idle."""
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = max(1, threads)
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
    session = onnxruntime.InferenceSession(str(model), sess_options=options,
                                           providers=["CPUExecutionProvider"])
    return PiperVoice(config=PiperConfig.from_dict(config), session=session)


class SpeechModels:
    """Whisper STT, Piper TTS and the Silero VAD session of one process."""

    def __init__(self, settings: VoiceSettings) -> None:
        from faster_whisper import WhisperModel
        from faster_whisper.vad import get_vad_model

        self.settings = settings
        started = time.perf_counter()
        self.whisper = WhisperModel(str(whisper_model_dir(settings.stt_model)), device="cpu",
                                    compute_type="int8", cpu_threads=settings.cpu_threads,
                                    num_workers=settings.stt_workers)
        self.voice = load_piper_voice(piper_voice_file(settings.piper_voice),
                                      settings.tts_threads)
        self.vad_session = get_vad_model().session
        self.turn_model = load_turn_model(settings)  # None: the fixed silence rule
        self.voice_rate = self.voice.config.sample_rate
        self._stt_pool = PriorityExecutor(settings.stt_workers, "stt")
        self._tts_pool = PriorityExecutor(settings.tts_workers, "tts", express=1)
        self._spoken: OrderedDict[str, np.ndarray] = OrderedDict()  # sentence -> audio
        log.info("speech models loaded in %.1f s (STT whisper-%s, Piper %s)",
                 time.perf_counter() - started, settings.stt_model, self.voice.config.espeak_voice)

    def warm_up(self) -> None:
        """One tiny transcription and synthesis so the first caller does not pay for them."""
        started = time.perf_counter()
        self.transcribe_sync(np.zeros(PIPELINE_RATE // 2, dtype=np.float32))
        self.synthesize_sync("Hello.")
        log.info("speech models warmed up in %.1f s", time.perf_counter() - started)

    # --- speech to text ----------------------------------------------------------------
    def transcribe_sync(self, audio: np.ndarray, hotwords: str | None = None) -> Transcript:
        """AUDIO's words; HOTWORDS: what the bot expects to hear next
        (voice_gateway.pipeline.listening), read by Whisper besides its domain prompt."""
        started = time.perf_counter()
        _window.frames = int(self.settings.stt_window_s * WHISPER_FRAMES_PER_SECOND)
        try:
            segments, _ = self.whisper.transcribe(
                audio, language="en", beam_size=self.settings.stt_beam_size,
                initial_prompt=DOMAIN_PROMPT, hotwords=hotwords or None, temperature=0.0,
                condition_on_previous_text=False, without_timestamps=True, vad_filter=False,
                max_new_tokens=96, word_timestamps=self.settings.stt_word_confidence)
            heard = list(segments)
        finally:
            _window.frames = None
        text = " ".join(segment.text for segment in heard)
        confidence = transcript_confidence([s.avg_logprob for s in heard if s.text.strip()],
                                           digit_probabilities(heard))
        return Transcript(clean_transcript(text), time.perf_counter() - started, confidence)

    def start_transcription(self, audio: np.ndarray,
                            urgency: Urgency = Urgency.CALLER_WAITING,
                            hotwords: str | None = None) -> Future[Transcript]:
        """Queue a transcription; cancelling the future before it starts drops it."""
        return self._stt_pool.submit(urgency, self.transcribe_sync, audio, hotwords)

    async def transcribe(self, audio: np.ndarray, hotwords: str | None = None) -> Transcript:
        return await asyncio.wrap_future(self.start_transcription(audio, hotwords=hotwords))

    # --- text to speech ----------------------------------------------------------------
    def synthesize_sync(self, sentence: str) -> np.ndarray:
        """One sentence to 16 kHz float32 audio."""
        parts = [chunk.audio_float_array for chunk in self.voice.synthesize(sentence)]
        if not parts:
            return np.zeros(0, dtype=np.float32)
        return resample(np.concatenate(parts).astype(np.float32), self.voice_rate,
                        PIPELINE_RATE)

    async def synthesize(self, sentence: str,
                         urgency: Urgency = Urgency.CALLER_WAITING) -> np.ndarray:
        """Audio of one sentence: from the cache of spoken sentences, or synthesised."""
        cached = self._spoken.get(sentence)
        if cached is not None:
            self._spoken.move_to_end(sentence)
            return cached
        audio = await self._tts_pool.run(urgency, self.synthesize_sync, sentence)
        if self.settings.tts_cache_sentences > 0:
            audio.flags.writeable = False  # shared by every call that says it
            self._spoken[sentence] = audio
            while len(self._spoken) > self.settings.tts_cache_sentences:
                self._spoken.popitem(last=False)
        return audio

    def close(self) -> None:
        self._stt_pool.shutdown()
        if self.turn_model:
            self.turn_model.close()
        self._tts_pool.shutdown()


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])")
_CLAUSE_END = re.compile(r"(?<=[,:;])\s+")
LONG_FIRST_SENTENCE = 60


def sentences(text: str) -> Iterator[str]:
    """Split a bot message into sentences, so the first can play while the rest synthesise."""
    for sentence in _SENTENCE_END.split(text.strip()):
        if sentence.strip():
            yield sentence.strip()


def speech_chunks(texts: list[str]) -> Iterator[str]:
    """Sentences of a reply in order; a long first sentence is cut after its first clause,
    so the first audio is ready sooner ("Order 1042," then the rest)."""
    first = True
    for text in texts:
        for sentence in sentences(text):
            if first and len(sentence) > LONG_FIRST_SENTENCE:
                clause = _CLAUSE_END.split(sentence, maxsplit=1)
                if len(clause) == 2 and len(clause[0]) >= 8:
                    yield clause[0]
                    sentence = clause[1]
            first = False
            yield sentence
