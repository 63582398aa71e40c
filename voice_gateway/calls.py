"""The gateway's live calls: per-call state lives only as long as the call."""

from __future__ import annotations

import logging

from voice_gateway.pipeline.call_session import CallSession, CallTransport
from voice_gateway.services.rasa_client import RasaClient
from voice_gateway.services.speech_models import SpeechModels
from voice_gateway.voice_settings import VoiceSettings

log = logging.getLogger(__name__)


class CallRegistry:
    def __init__(self, models: SpeechModels, rasa: RasaClient, settings: VoiceSettings) -> None:
        self.models = models
        self.rasa = rasa
        self.settings = settings
        self.calls: dict[str, CallSession] = {}
        self.caller_numbers: dict[str, str] = {}  # AudioSocket UUID -> number, set by dialplan
        self.finished_timings: list = []

    async def open(self, call_id: str, caller: str | None, transport: CallTransport,
                   resumed: bool = False) -> CallSession:
        """Start a call's session; `resumed` is a reconnection of a call whose stream
        dropped (its Rasa conversation goes on, so it is not greeted again)."""
        if call_id in self.calls:
            await self.close(self.calls[call_id])
        session = CallSession(call_id, caller, transport, self.models, self.rasa, self.settings)
        self.calls[call_id] = session
        await session.start(resumed=resumed)
        return session

    async def close(self, session: CallSession) -> None:
        await session.stop()
        if self.calls.get(session.call_id) is session:
            del self.calls[session.call_id]
        self.caller_numbers.pop(session.call_id, None)
        self.finished_timings = (self.finished_timings + session.timings)[-1000:]
