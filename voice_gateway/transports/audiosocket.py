"""Asterisk AudioSocket (TCP): frames of kind (1 byte), length (2 bytes, big endian), payload.

Kinds: 0x00 hang up, 0x01 call UUID (16 bytes), 0x03 DTMF digit, 0x10 audio (8 kHz 16-bit
signed linear, little endian), 0xff error. The call's UUID is its Rasa sender id. AudioSocket
carries no caller ID: the dialplan registers it first with
`POST /audiosocket/calls {"uuid", "caller_number"}` (see README).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import struct
import uuid
from typing import Any

import numpy as np

from voice_gateway.audio.codec import AudioFormatError, pipeline_to_slin, slin_to_pipeline
from voice_gateway.calls import CallRegistry
from voice_gateway.transports.connection_limits import ConnectionLimits

log = logging.getLogger(__name__)

KIND_HANGUP, KIND_UUID, KIND_DTMF, KIND_AUDIO, KIND_ERROR = 0x00, 0x01, 0x03, 0x10, 0xFF
RATE = 8000
MAX_PAYLOAD = 8000  # half a second of slin; Asterisk sends 320-byte frames
FIRST_FRAME_TIMEOUT_S = 10


class ProtocolError(Exception):
    pass


def encode_frame(kind: int, payload: bytes = b"") -> bytes:
    return struct.pack(">BH", kind, len(payload)) + payload


async def read_frame(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    header = await reader.readexactly(3)
    kind, length = struct.unpack(">BH", header)
    if length > MAX_PAYLOAD:
        raise ProtocolError(f"frame of {length} bytes is too long")
    return kind, await reader.readexactly(length)


class AudioSocketTransport:
    channel = "audiosocket"

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self.writer = writer
        self.closed = False

    async def _write(self, data: bytes) -> None:
        if self.closed or self.writer.is_closing():
            return
        self.writer.write(data)
        await self.writer.drain()

    async def send_audio(self, frame: np.ndarray) -> None:
        await self._write(encode_frame(KIND_AUDIO, pipeline_to_slin(frame, RATE)))

    async def send_mark(self, name: str) -> None:
        """AudioSocket has no marks: audio is paced, so sent is about played."""

    async def clear(self) -> None:
        """Nothing is buffered beyond the pacing lead, so stopping the sender is enough."""

    async def send_event(self, event: dict[str, Any]) -> None:
        """No side channel on AudioSocket."""

    async def transfer(self, handoff: dict[str, Any]) -> bool:
        """Transfers on Asterisk belong to the dialplan (after AudioSocket() returns): end
        the AudioSocket leg with a hang-up frame and let the dialplan route the call."""
        log.info("AudioSocket call: handing back to the dialplan for the transfer")
        await self.hangup()
        return True

    async def hangup(self) -> None:
        with contextlib.suppress(ConnectionError):
            await self._write(encode_frame(KIND_HANGUP))
        self.closed = True


async def serve_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                           calls: CallRegistry) -> None:
    peer = writer.get_extra_info("peername")
    transport = AudioSocketTransport(writer)
    session = None
    try:
        kind, payload = await asyncio.wait_for(read_frame(reader), FIRST_FRAME_TIMEOUT_S)
        if kind != KIND_UUID or len(payload) != 16:
            raise ProtocolError("the first frame must be the call UUID (kind 0x01, 16 bytes)")
        call_id = str(uuid.UUID(bytes=payload))
        session = await calls.open(call_id, calls.caller_numbers.get(call_id), transport)
        while not session.ended:
            kind, payload = await read_frame(reader)
            if kind == KIND_AUDIO:
                try:
                    session.feed_audio(slin_to_pipeline(payload, RATE))
                except AudioFormatError as exc:
                    log.warning("AudioSocket %s: bad audio frame: %s", call_id, exc)
            elif kind == KIND_DTMF and len(payload) == 1:
                session.feed_dtmf(payload.decode("ascii", "replace"))
            elif kind == KIND_HANGUP:
                break
            elif kind == KIND_ERROR:
                log.warning("AudioSocket %s: Asterisk reported error %s", call_id, payload.hex())
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    except (ProtocolError, asyncio.TimeoutError) as exc:
        log.warning("AudioSocket connection from %s closed: %s", peer, exc or "no UUID in time")
        with contextlib.suppress(ConnectionError):
            writer.write(encode_frame(KIND_ERROR, b"\x04"))
    finally:
        transport.closed = True
        if session:
            await calls.close(session)
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


async def _discard(reader: asyncio.StreamReader) -> None:
    while await reader.read(4096):
        pass


async def refuse_connection(writer: asyncio.StreamWriter,
                            reader: asyncio.StreamReader | None = None) -> None:
    """Hang up at once (the dialplan goes on after AudioSocket()) and close. What the
    caller already sent (its UUID frame) is read first, briefly: closing a socket with
    unread data resets the connection, and the reset can destroy the hang-up frame before
    Asterisk reads it."""
    with contextlib.suppress(ConnectionError):
        writer.write(encode_frame(KIND_HANGUP))
        await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    if reader is not None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(_discard(reader), 0.5)
    writer.close()
    with contextlib.suppress(Exception):
        await writer.wait_closed()


async def start_server(calls: CallRegistry, host: str, port: int,
                       limits: ConnectionLimits | None = None) -> asyncio.AbstractServer:
    """Serve AudioSocket on TCP; `limits` admits each connection by the peer's address."""
    async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        admission = limits.admit(peer[0] if peer else "", "audiosocket") if limits else None
        if limits and admission is None:
            await refuse_connection(writer, reader)
            return
        try:
            await serve_connection(reader, writer, calls)
        finally:
            if admission:
                admission.release()

    return await asyncio.start_server(on_connect, host, port)
