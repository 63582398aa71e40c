"""The browser microphone page's wire format ↔ the gateway's own; parsing and formatting
only. Binary frames are 16 kHz 16-bit PCM both ways. Text frames are JSON: from the page
`{"event": "start", "caller_number"?, "sample_rate"?}` (optional, first),
`{"event": "dtmf", "digit"}`, `{"event": "stop"}`; to the page `transcript`, `mark`,
`clear`, `transfer`, `hangup` and `error` events."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np

from voice_gateway.audio.codec import (
    PIPELINE_RATE,
    AudioFormatError,
    pipeline_to_slin,
    slin_to_pipeline,
)

MAX_FRAME_BYTES = 64_000  # 2 s of audio


@dataclass(frozen=True)
class Audio:
    audio: np.ndarray  # 16 kHz float32


@dataclass(frozen=True)
class BadAudio:
    error: str  # for the page


@dataclass(frozen=True)
class NotJson:
    error: str = "text frames must be JSON objects"


@dataclass(frozen=True)
class Start:
    caller_number: Any  # as the page sent it: believed only as caller_trust says


@dataclass(frozen=True)
class BadStart:
    error: str  # for the page


@dataclass(frozen=True)
class Dtmf:
    digit: str


@dataclass(frozen=True)
class Stop:
    pass


@dataclass(frozen=True)
class Ignored:
    """An event the gateway does not use."""


PageEvent = Audio | BadAudio | NotJson | Start | BadStart | Dtmf | Stop | Ignored


def parse_frame(raw: str | bytes) -> PageEvent:
    if isinstance(raw, bytes):
        return _audio(raw)
    try:
        message = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: nesting beyond the limit
        return NotJson()
    if not isinstance(message, dict):
        return NotJson()
    event = message.get("event")
    if event == "start":
        rate = message.get("sample_rate", PIPELINE_RATE)
        if rate != PIPELINE_RATE:
            return BadStart(f"audio must be {PIPELINE_RATE} Hz 16-bit PCM, not {rate}")
        return Start(message.get("caller_number"))
    if event == "dtmf" and isinstance(message.get("digit"), str):
        return Dtmf(message["digit"])
    if event == "stop":
        return Stop()
    return Ignored()


def _audio(raw: bytes) -> Audio | BadAudio:
    if len(raw) > MAX_FRAME_BYTES:
        return BadAudio("audio frame too long")
    try:
        return Audio(slin_to_pipeline(raw, PIPELINE_RATE))
    except AudioFormatError as exc:
        return BadAudio(str(exc))


def audio_frame(frame: np.ndarray) -> bytes:
    return pipeline_to_slin(frame, PIPELINE_RATE)


def event_frame(event: dict[str, Any]) -> str:
    return json.dumps(event)


def error_frame(error: str) -> str:
    return event_frame({"event": "error", "error": error})
