"""Asterisk AudioSocket (TCP), as I/O loops: the listener, one connection per call.
Frames are parsed and formatted by voice_gateway.serializers.audiosocket.

The call's UUID (the connection's first frame) is its Rasa sender id. AudioSocket carries
no caller ID: the dialplan registers it first with `POST /audiosocket/calls {"uuid",
"caller_number"}` (see README), kept in the shared call state (voice_gateway.calls), so the
registration may reach another gateway than the call.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import numpy as np

from voice_gateway.calls import CallRegistry
from voice_gateway.pipeline.call_session import CallSession
from voice_gateway.serializers import audiosocket as wire
from voice_gateway.serializers.audiosocket import ProtocolError
from voice_gateway.transports.connection_limits import ConnectionLimits

log = logging.getLogger(__name__)

FIRST_FRAME_TIMEOUT_S = 10


async def read_frame(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    kind, length = wire.parse_header(await reader.readexactly(wire.HEADER_BYTES))
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
        await self._write(wire.audio_frame(frame))

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
            await self._write(wire.hangup_frame())
        self.closed = True


async def _open_call(reader: asyncio.StreamReader, calls: CallRegistry,
                     transport: AudioSocketTransport) -> CallSession:
    """The call named by the connection's first frame, with its registered caller."""
    kind, payload = await asyncio.wait_for(read_frame(reader), FIRST_FRAME_TIMEOUT_S)
    call_id = wire.call_uuid(kind, payload)
    caller = await calls.state.registered_caller(call_id)
    return await calls.open(call_id, caller, transport)


async def _serve_call(reader: asyncio.StreamReader, session: CallSession) -> None:
    while not session.ended:
        event = wire.parse_frame(*await read_frame(reader))
        if isinstance(event, wire.Audio):
            session.feed_audio(event.audio)
        elif isinstance(event, wire.BadAudio):
            log.warning("AudioSocket %s: bad audio frame: %s", session.call_id, event.reason)
        elif isinstance(event, wire.Dtmf):
            session.feed_dtmf(event.digit)
        elif isinstance(event, wire.Hangup):
            return
        elif isinstance(event, wire.AsteriskError):
            log.warning("AudioSocket %s: Asterisk reported error %s", session.call_id,
                        event.code)


async def serve_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                           calls: CallRegistry) -> None:
    peer = writer.get_extra_info("peername")
    transport = AudioSocketTransport(writer)
    session = None
    try:
        session = await _open_call(reader, calls, transport)
        await _serve_call(reader, session)
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    except (ProtocolError, asyncio.TimeoutError) as exc:
        log.warning("AudioSocket connection from %s closed: %s", peer, exc or "no UUID in time")
        with contextlib.suppress(ConnectionError):
            writer.write(wire.error_frame())
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
        writer.write(wire.hangup_frame())
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
