"""Asterisk AudioSocket's wire format ↔ the gateway's own; parsing and formatting only.

A frame is kind (1 byte), length (2 bytes, big endian), payload. Kinds: 0x00 hang up,
0x01 call UUID (16 bytes), 0x03 DTMF digit, 0x10 audio (8 kHz 16-bit signed linear, little
endian), 0xff error. AudioSocket carries no caller ID: the dialplan registers it first with
`POST /audiosocket/calls {"uuid", "caller_number"}`, whose body is parsed here too.
"""

from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass
from typing import Any

import numpy as np

from voice_gateway.audio.codec import AudioFormatError, pipeline_to_slin, slin_to_pipeline

KIND_HANGUP, KIND_UUID, KIND_DTMF, KIND_AUDIO, KIND_ERROR = 0x00, 0x01, 0x03, 0x10, 0xFF
RATE = 8000
HEADER_BYTES = 3
MAX_PAYLOAD = 8000  # half a second of slin; Asterisk sends 320-byte frames
MAX_CALLER_NUMBER = 32
ERROR_PROTOCOL = b"\x04"  # the error code the gateway sends before closing on bad input


class ProtocolError(Exception):
    pass


# --- frames ---------------------------------------------------------------------------
def encode_frame(kind: int, payload: bytes = b"") -> bytes:
    return struct.pack(">BH", kind, len(payload)) + payload


def parse_header(header: bytes) -> tuple[int, int]:
    """(kind, payload length) of a frame's 3-byte header; ProtocolError when too long."""
    kind, length = struct.unpack(">BH", header)
    if length > MAX_PAYLOAD:
        raise ProtocolError(f"frame of {length} bytes is too long")
    return kind, length


def call_uuid(kind: int, payload: bytes) -> str:
    """The call's UUID from the connection's first frame (its Rasa sender id)."""
    if kind != KIND_UUID or len(payload) != 16:
        raise ProtocolError("the first frame must be the call UUID (kind 0x01, 16 bytes)")
    return str(uuid.UUID(bytes=payload))


def audio_frame(frame: np.ndarray) -> bytes:
    return encode_frame(KIND_AUDIO, pipeline_to_slin(frame, RATE))


def hangup_frame() -> bytes:
    return encode_frame(KIND_HANGUP)


def error_frame() -> bytes:
    return encode_frame(KIND_ERROR, ERROR_PROTOCOL)


@dataclass(frozen=True)
class Audio:
    audio: np.ndarray  # 16 kHz float32


@dataclass(frozen=True)
class BadAudio:
    reason: str


@dataclass(frozen=True)
class Dtmf:
    digit: str


@dataclass(frozen=True)
class Hangup:
    pass


@dataclass(frozen=True)
class AsteriskError:
    code: str  # the payload in hex


@dataclass(frozen=True)
class Ignored:
    """A kind the gateway does not use (or a DTMF frame that is not one byte)."""


FrameEvent = Audio | BadAudio | Dtmf | Hangup | AsteriskError | Ignored


def parse_frame(kind: int, payload: bytes) -> FrameEvent:
    """A frame after the first (the UUID)."""
    if kind == KIND_AUDIO:
        try:
            return Audio(slin_to_pipeline(payload, RATE))
        except AudioFormatError as exc:
            return BadAudio(str(exc))
    if kind == KIND_DTMF and len(payload) == 1:
        return Dtmf(payload.decode("ascii", "replace"))
    if kind == KIND_HANGUP:
        return Hangup()
    if kind == KIND_ERROR:
        return AsteriskError(payload.hex())
    return Ignored()


# --- the dialplan's caller-ID registration ----------------------------------------------
class RegistrationError(ValueError):
    """A registration body the gateway refuses (the message is the 400's error)."""


def parse_registration(body: Any) -> tuple[str, str]:
    """(call UUID in canonical form, caller number) of `POST /audiosocket/calls`' JSON."""
    if not isinstance(body, dict):
        raise RegistrationError("send a JSON object with 'uuid' and 'caller_number'")
    call_id, number = body.get("uuid"), body.get("caller_number")
    if not isinstance(call_id, str) or not isinstance(number, str) \
            or len(number) > MAX_CALLER_NUMBER:
        raise RegistrationError("'uuid' and 'caller_number' must be strings")
    try:
        return str(uuid.UUID(call_id)), number
    except ValueError:
        raise RegistrationError("'uuid' is not a UUID") from None
