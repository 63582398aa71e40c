"""One turn of the call, run by the job queue's worker: the caller's words (an utterance
transcribed by Whisper and normalised, or a keypad entry) go to Rasa, and the bot's reply
is spoken; a reply may hand the call to a person or end it. A fixed sentence ("say") is
spoken without asking Rasa."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol, cast

import numpy as np

from helpdesk.conversation.contracts import (
    CALL_ID_KEY,
    CALLER_NUMBER_KEY,
    CHANNEL_KEY,
    STT_CONFIDENCE_KEY,
    STT_SECONDS_KEY,
    TRANSPORT_KEY,
    VOICE_CHANNEL,
    HandoffControl,
    VoiceMetadata,
)
from helpdesk.privacy.pii import mask_pii
from helpdesk.privacy.pins import mask_digits
from helpdesk.text.spoken_emails import with_written_email
from helpdesk.text.spoken_numbers import normalize_numbers
from helpdesk.wording import VOICE_NO_TRANSFER
from voice_gateway.audio.codec import PIPELINE_RATE
from voice_gateway.pipeline.clock import Clock
from voice_gateway.pipeline.frames import CallTransport, Job, TurnTiming
from voice_gateway.pipeline.listening import NOTHING_EXPECTED, Expectation, expectation
from voice_gateway.pipeline.playback import Playback
from voice_gateway.pipeline.prompts import BotPrompt
from voice_gateway.pipeline.silence import SilenceWatch
from voice_gateway.services.rasa_client import BotReply
from voice_gateway.services.speech_models import Transcript

log = logging.getLogger(__name__)

class Rasa(Protocol):
    """voice_gateway.services.rasa_client.RasaClient as a turn uses it."""

    async def send(self, sender: str, text: str, metadata: VoiceMetadata) -> BotReply: ...


class AsyncTranscriber(Protocol):
    async def transcribe(self, audio: np.ndarray) -> Transcript: ...


class Listener(Protocol):
    """voice_gateway.pipeline.listening.CallListener as a turn tells it what to expect."""

    def expect(self, expected: Expectation) -> None: ...


def call_metadata(transport: str, call_id: str, caller_number: str | None,
                  extra: dict[str, Any]) -> VoiceMetadata:
    """The metadata of a call's message to Rasa's voice channel (the typed contract of
    helpdesk.conversation.contracts)."""
    metadata = {CHANNEL_KEY: VOICE_CHANNEL, TRANSPORT_KEY: transport, CALL_ID_KEY: call_id,
                **extra}
    if caller_number:
        metadata[CALLER_NUMBER_KEY] = caller_number
    return cast(VoiceMetadata, metadata)


class BotTurn:
    def __init__(self, call_id: str, caller_number: str | None, transport: CallTransport,
                 transcriber: AsyncTranscriber, rasa: Rasa, playback: Playback,
                 prompt: BotPrompt, silence: SilenceWatch, clock: Clock,
                 listener: Listener | None = None,
                 call_extra: dict[str, Any] | None = None) -> None:
        self.call_id = call_id
        self.call_extra = call_extra or {}  # metadata of every message of the call
        self.listener = listener
        self.expected = NOTHING_EXPECTED  # what the bot's last reply listens for
        self.caller_number = caller_number
        self.transport = transport
        self.transcriber = transcriber
        self.rasa = rasa
        self.playback = playback
        self.prompt = prompt
        self.silence = silence
        self.clock = clock
        self.timings: list[TurnTiming] = []
        self.ended = False  # hung up or transferred: nothing more is said or heard

    async def run(self, job: Job) -> None:
        if job.kind == "say":
            await self.speak(BotReply(texts=[job.text]))
            if job.then_hang_up:
                await self.hang_up()
            return
        text, extra, stt_s = job.text, dict(job.metadata), 0.0
        if job.kind == "audio" and job.audio is not None:
            transcript = await self._transcript(job)
            stt_s = transcript.seconds
            text = transcript.text
            if self.expected.email:  # asked for an email: "ada dot moreno at ..." written out
                text = with_written_email(text)
            text = normalize_numbers(text)
            extra[STT_SECONDS_KEY] = round(stt_s, 3)
            if transcript.confidence is not None:
                extra[STT_CONFIDENCE_KEY] = transcript.confidence
            # Numbers are masked in the log: a caller may be saying a PIN or a card.
            log.info("call %s heard %r (%.2f s of speech, STT %.2f s, confidence %s)",
                     self.call_id, mask_pii(mask_digits(text)), job.audio.size / PIPELINE_RATE,
                     stt_s, transcript.confidence)
            if not text:
                return
            await self.transport.send_event({"event": "transcript", "role": "user",
                                             "text": text})
        await self._answer(job, text, extra, stt_s)

    async def _transcript(self, job: Job) -> Transcript:
        assert job.audio is not None
        if job.transcript is not None:
            return await asyncio.wrap_future(job.transcript)
        return await self.transcriber.transcribe(job.audio)

    async def _answer(self, job: Job, text: str, extra: dict[str, Any], stt_s: float) -> None:
        started = self.clock.now()
        metadata = call_metadata(self.transport.channel, self.call_id, self.caller_number,
                                 {**self.call_extra, **extra})
        reply = await self.rasa.send(self.call_id, text, metadata)
        rasa_s = self.clock.now() - started
        if not reply.failed:
            self.expected = expectation(reply.expected,
                                        [str(b.get("title") or "") for b in reply.buttons])
            if self.listener is not None:
                self.listener.expect(self.expected)
        first_audio = await self.speak(reply)
        if job.kind == "audio" and job.audio is not None and first_audio is not None:
            self._record_timing(job, started, stt_s, rasa_s, first_audio)
        if reply.handoff:
            await self.transfer(reply.handoff)
        elif reply.hangup:
            await self.hang_up()

    def _record_timing(self, job: Job, started: float, stt_s: float, rasa_s: float,
                       first_audio: float) -> None:
        assert job.audio is not None
        heard_after = started - job.ended_at
        timing = TurnTiming(job.audio.size / PIPELINE_RATE, stt_s, rasa_s,
                            first_audio - job.ended_at)
        self.timings.append(timing)
        log.info("call %s: first answer audio %.2f s after end of speech (words ready "
                 "after %.2f s, Rasa %.2f s, first sentence spoken %.2f s later)",
                 self.call_id, timing.first_audio, heard_after, rasa_s,
                 timing.first_audio - heard_after - rasa_s)

    async def speak(self, reply: BotReply) -> float | None:
        """Say the reply; returns the clock's time of its first frame, or None."""
        texts = self.prompt.spoken(reply)
        if not texts:
            return None
        first_frame = await self.playback.say(texts)
        self.silence.bot_spoke()
        return first_frame

    async def transfer(self, handoff: HandoffControl) -> None:
        log.info("call %s: handing over to a person (%s)", self.call_id,
                 handoff.get("reason", "no reason given"))
        if await self.transport.transfer(handoff):
            self.ended = True
            return
        await self.speak(BotReply(texts=[VOICE_NO_TRANSFER]))

    async def hang_up(self) -> None:
        await self.transport.hangup()
        self.ended = True
