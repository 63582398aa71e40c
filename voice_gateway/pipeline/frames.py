"""What the call pipeline's stages hand each other (Pipecat's "frames"), and what a
transport offers the pipeline. Audio inside the gateway is 16 kHz mono float32."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np

from voice_gateway.services.speech_models import Transcript


class CallTransport(Protocol):
    """What a transport (Twilio, AudioSocket, browser) offers the call pipeline."""

    channel: str

    async def send_audio(self, frame: np.ndarray) -> None: ...  # 16 kHz float32
    async def send_mark(self, name: str) -> None: ...
    async def clear(self) -> None: ...
    async def send_event(self, event: dict[str, Any]) -> None: ...
    async def transfer(self, handoff: dict[str, Any]) -> bool: ...
    async def hangup(self) -> None: ...


@dataclass
class Job:
    """One piece of work for the call's turn worker, run in order:
    "audio" (an utterance to transcribe and send to Rasa), "text" (words or a keypad entry
    for Rasa) or "say" (a fixed sentence, then maybe hang up)."""

    kind: Literal["audio", "text", "say"]
    audio: np.ndarray | None = None
    text: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    then_hang_up: bool = False
    ended_at: float = 0.0  # the clock's time at the end of the utterance
    transcript: Future[Transcript] | None = None  # started early, at the pause


@dataclass
class TurnTiming:
    """Server-side timings of one spoken turn, in seconds (logged, and read by the bench)."""

    speech_seconds: float
    stt: float
    rasa: float
    first_audio: float  # from end of speech to the first frame of the answer
