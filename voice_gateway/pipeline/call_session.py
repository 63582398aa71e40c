"""One phone call as a pipeline of small stages, independent of the transport.

    transport audio ─► StreamingVad ─► Whisper ─► normalize_numbers ─► Rasa turn
        ▲                 │ barge-in                                     │
        └── paced frames ◄┴─────────── Piper, sentence by sentence ◄─────┘

Keypad digits (DTMF) become Rasa messages too: a single key picks an item of the bot's
last menu (its buttons), longer entries (a PIN, an order number) end with # or a pause.
Silence is re-prompted, then the call ends. Timeouts count audio time, so they behave
the same whether frames arrive in real time or faster.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from helpdesk.privacy.pii import mask_pii
from helpdesk.privacy.pins import mask_digits
from helpdesk.text.spoken_numbers import normalize_numbers
from helpdesk.wording import VOICE_RESUMED
from voice_gateway.audio.codec import PIPELINE_RATE
from voice_gateway.audio.vad import StreamingVad
from voice_gateway.caller_trust import mask_caller
from voice_gateway.services.priority_executor import Urgency
from voice_gateway.services.rasa_client import BotReply, RasaClient
from voice_gateway.services.speech_models import SpeechModels, Transcript, sentences, speech_chunks
from voice_gateway.voice_settings import VoiceSettings

log = logging.getLogger(__name__)

FRAME_SAMPLES = PIPELINE_RATE // 50  # 20 ms
PLAYBACK_LEAD_S = 0.1  # audio sent ahead of real time, so the far end never starves
DTMF_KEYS = set("0123456789*#")
GREETING_TRIGGER = "/greet"
NO_TRANSFER = ("I'm sorry, I can't put you through right now. Our team has your request "
               "and will get back to you.")
SILENCE_GOODBYE = "I haven't heard anything, so I'll end the call now. Goodbye!"


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
class TurnTiming:
    """Server-side timings of one spoken turn, in seconds (logged, and read by the bench)."""

    speech_seconds: float
    stt: float
    rasa: float
    first_audio: float  # from end of speech to the first frame of the answer


@dataclass
class _Job:
    kind: str  # "audio", "text" or "say"
    audio: np.ndarray | None = None
    text: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    then_hang_up: bool = False
    ended_at: float = 0.0
    transcript: Future[Transcript] | None = None  # started early, at the pause


def key_hints(buttons: list[dict[str, str]]) -> str:
    """Spoken keypad menu for a bot message with buttons: 'Press 1 for ..., 2 for ...'."""
    titles = [str(b.get("title") or b.get("payload")) for b in buttons]
    parts = [f"{index} for {title}" for index, title in enumerate(titles, start=1)]
    return "Press " + ", ".join(parts) + "."


def last_question(text: str) -> str:
    asked = [s for s in sentences(text) if s.endswith("?")]
    return asked[-1] if asked else "How can I help you?"


class CallSession:
    def __init__(self, call_id: str, caller_number: str | None, transport: CallTransport,
                 models: SpeechModels, rasa: RasaClient, settings: VoiceSettings) -> None:
        self.call_id = call_id
        self.caller_number = caller_number
        self.transport = transport
        self.models = models
        self.rasa = rasa
        self.settings = settings
        self.vad = StreamingVad(
            models.vad_session, threshold=settings.vad_threshold,
            end_of_speech_ms=settings.end_of_speech_ms, speculate_ms=settings.speculate_ms,
            min_speech_ms=settings.min_speech_ms,
            barge_in_ms=settings.barge_in_ms, max_utterance_s=settings.max_utterance_s)
        self.timings: list[TurnTiming] = []
        self.ended = False  # hung up or transferred: nothing more is said or heard
        self._stopped = False
        self._jobs: asyncio.Queue[_Job] = asyncio.Queue()
        self._pending_jobs = 0
        self._worker: asyncio.Task | None = None
        self._playback: asyncio.Task | None = None
        self._menu: list[dict[str, str]] = []
        self._dtmf = ""
        self._dtmf_timer: asyncio.Task | None = None
        self._idle_audio_s = 0.0
        self._reprompts = 0
        self._last_prompt = "How can I help you?"
        self._marks = 0
        self._background: set[asyncio.Task] = set()
        # transcription started at the first pause, kept if the caller does not go on
        self._speculation: tuple[int, Future[Transcript]] | None = None

    # --- life cycle ----------------------------------------------------------------------
    async def start(self, resumed: bool = False) -> None:
        log.info("call %s %s on %s from %s", self.call_id,
                 "reconnected" if resumed else "started", self.transport.channel,
                 mask_caller(self.caller_number))
        self._worker = asyncio.create_task(self._work())
        if resumed:
            self._enqueue(_Job("say", text=VOICE_RESUMED))
        else:
            self._enqueue(_Job("text", text=GREETING_TRIGGER))

    async def stop(self) -> None:
        """Release everything of the call (the transport closed or the call ended)."""
        if self._stopped:
            return
        self._stopped = self.ended = True
        self._drop_speculation()
        tasks = [self._worker, self._playback, self._dtmf_timer, *self._background]
        for task in tasks:
            if task and not task.done():
                task.cancel()
        for task in tasks:
            if task:
                with contextlib.suppress(BaseException):
                    await task
        log.info("call %s ended", self.call_id)

    @property
    def speaking(self) -> bool:
        return self._playback is not None and not self._playback.done()

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _enqueue(self, job: _Job) -> None:
        self._pending_jobs += 1
        self._jobs.put_nowait(job)

    # --- inputs from the transport -------------------------------------------------------
    def feed_audio(self, audio: np.ndarray) -> None:
        """16 kHz float32 audio from the caller."""
        if self.ended:
            return
        for event in self.vad.feed(audio):
            if event.kind == "barge_in" and self.speaking:
                self._spawn(self._barge_in("speech"))
            elif event.kind == "pause" and event.audio is not None:
                self._drop_speculation()
                self._speculation = (event.speech_windows, self.models.start_transcription(
                    event.audio, Urgency.SPECULATIVE))
            elif event.kind == "speech_end" and event.audio is not None:
                self._reprompts = 0
                self._enqueue(_Job("audio", audio=event.audio, ended_at=time.perf_counter(),
                                   transcript=self._kept_speculation(event.speech_windows)))
        self._count_silence(audio.size / PIPELINE_RATE)

    def _kept_speculation(self, speech_windows: int) -> Future[Transcript] | None:
        """The early transcription, if it heard these same words and has already started.
        Any other is cancelled: a stale one is not wanted, and a matching one still queued
        as speculative is replaced by the turn's own urgent transcription."""
        speculation, self._speculation = self._speculation, None
        if speculation is None:
            return None
        windows, future = speculation
        if future.cancel() or windows != speech_windows:
            return None
        return future

    def _drop_speculation(self) -> None:
        """The caller went on speaking: that early transcription is no longer wanted."""
        if self._speculation:
            self._speculation[1].cancel()
            self._speculation = None

    def feed_dtmf(self, digit: str) -> None:
        if self.ended or digit not in DTMF_KEYS:
            log.info("call %s: ignored keypad input %r", self.call_id, digit)
            return
        self._idle_audio_s = 0.0
        self._reprompts = 0
        if self.speaking:
            self._spawn(self._barge_in("keypad"))
        if self._dtmf_timer:
            self._dtmf_timer.cancel()
        if digit == "#":
            self._flush_dtmf()
            return
        self._dtmf += digit
        picks_menu = (len(self._dtmf) == 1 and self._menu and digit.isdigit()
                      and 1 <= int(digit) <= len(self._menu))
        if picks_menu or self._dtmf in ("0", "*"):
            self._flush_dtmf()
        else:
            self._dtmf_timer = asyncio.create_task(self._flush_dtmf_later())

    def on_mark(self, name: str) -> None:
        log.debug("call %s: far end played %s", self.call_id, name)

    # --- keypad --------------------------------------------------------------------------
    async def _flush_dtmf_later(self) -> None:
        await asyncio.sleep(self.settings.dtmf_timeout_s)
        self._flush_dtmf()

    def _flush_dtmf(self) -> None:
        digits, self._dtmf = self._dtmf, ""
        if not digits:
            return
        if self._menu and len(digits) == 1 and digits.isdigit() and 1 <= int(digits) <= len(
                self._menu):
            choice = self._menu[int(digits) - 1]
            self._enqueue(_Job("text", text=choice["payload"], metadata={"dtmf": digits}))
        elif digits == "*":
            self._enqueue(_Job("say", text=self._last_prompt))
        else:
            self._enqueue(_Job("text", text=digits.replace("*", ""), metadata={"dtmf": digits}))

    # --- silence -------------------------------------------------------------------------
    def _count_silence(self, seconds: float) -> None:
        busy = self.speaking or self.vad.in_speech or self._pending_jobs > 0 or self._dtmf
        if busy:
            self._idle_audio_s = 0.0
            return
        self._idle_audio_s += seconds
        if self._idle_audio_s < self.settings.silence_timeout_s:
            return
        self._idle_audio_s = 0.0
        if self._reprompts < self.settings.silence_reprompts:
            self._reprompts += 1
            self._enqueue(_Job("say", text=f"Are you still there? {self._last_prompt}"))
        else:
            log.info("call %s: silent after %d prompts, hanging up", self.call_id,
                     self._reprompts)
            self._enqueue(_Job("say", text=SILENCE_GOODBYE, then_hang_up=True))

    # --- the turn worker -----------------------------------------------------------------
    async def _work(self) -> None:
        while True:
            job = await self._jobs.get()
            try:
                await self._run(job)
            except Exception:
                log.exception("call %s: turn failed", self.call_id)
            finally:
                self._pending_jobs -= 1
            if self.ended:
                return

    def _metadata(self, extra: dict[str, Any]) -> dict[str, Any]:
        metadata = {"channel": "voice", "transport": self.transport.channel,
                    "call_id": self.call_id, **extra}
        if self.caller_number:
            metadata["caller_number"] = self.caller_number
        return metadata

    async def _run(self, job: _Job) -> None:
        if job.kind == "say":
            await self._speak(BotReply(texts=[job.text]))
            if job.then_hang_up:
                await self._hang_up()
            return
        text, extra, stt_s = job.text, dict(job.metadata), 0.0
        if job.kind == "audio" and job.audio is not None:
            transcript = await (asyncio.wrap_future(job.transcript) if job.transcript
                                else self.models.transcribe(job.audio))
            stt_s = transcript.seconds
            text = normalize_numbers(transcript.text)
            extra["stt_seconds"] = round(stt_s, 3)
            # Numbers are masked in the log: a caller may be saying a PIN or a card.
            log.info("call %s heard %r (%.2f s of speech, STT %.2f s)", self.call_id,
                     mask_pii(mask_digits(text)), job.audio.size / PIPELINE_RATE, stt_s)
            if not text:
                return
            await self.transport.send_event({"event": "transcript", "role": "user",
                                             "text": text})
        started = time.perf_counter()
        heard_after = started - job.ended_at if job.kind == "audio" else 0.0
        reply = await self.rasa.send(self.call_id, text, self._metadata(extra))
        rasa_s = time.perf_counter() - started
        first_audio = await self._speak(reply)
        if job.kind == "audio" and job.audio is not None and first_audio is not None:
            timing = TurnTiming(job.audio.size / PIPELINE_RATE, stt_s, rasa_s,
                                first_audio - job.ended_at)
            self.timings.append(timing)
            log.info("call %s: first answer audio %.2f s after end of speech (words ready "
                     "after %.2f s, Rasa %.2f s, first sentence spoken %.2f s later)",
                     self.call_id, timing.first_audio, heard_after, rasa_s,
                     timing.first_audio - heard_after - rasa_s)
        if reply.handoff:
            await self._transfer(reply.handoff)
        elif reply.hangup:
            await self._hang_up()

    # --- speaking ------------------------------------------------------------------------
    async def _speak(self, reply: BotReply) -> float | None:
        """Say the reply; returns when its first frame went out (perf_counter), or None."""
        texts = list(reply.texts)
        self._menu = reply.buttons
        if reply.buttons and not any(re.search(r"\bpress\b", t, re.I) for t in texts):
            texts.append(key_hints(reply.buttons))
        if not texts:
            return None
        self._last_prompt = last_question(" ".join(texts))
        for text in texts:
            await self.transport.send_event({"event": "transcript", "role": "bot", "text": text})
        first_frame: list[float] = []
        self._playback = asyncio.create_task(self._play(texts, first_frame))
        await asyncio.wait([self._playback])
        self._idle_audio_s = 0.0
        return first_frame[0] if first_frame else None

    async def _play(self, texts: list[str], first_frame: list[float]) -> None:
        """Synthesise sentence by sentence and send 20 ms frames paced to real time."""
        ready: asyncio.Queue[np.ndarray | None] = asyncio.Queue(maxsize=2)

        async def synthesise() -> None:
            urgency = Urgency.CALLER_WAITING  # the caller waits for the first sentence only
            for chunk in speech_chunks(texts):
                await ready.put(await self.models.synthesize(chunk, urgency))
                urgency = Urgency.AHEAD
            await ready.put(None)

        producer = asyncio.create_task(synthesise())
        loop = asyncio.get_running_loop()
        try:
            clock, sent = loop.time(), 0.0
            while (audio := await ready.get()) is not None:
                if sent < loop.time() - clock:  # synthesis fell behind: restart the clock
                    clock = loop.time() - sent
                for start in range(0, audio.size, FRAME_SAMPLES):
                    await self.transport.send_audio(audio[start:start + FRAME_SAMPLES])
                    if not first_frame:
                        first_frame.append(time.perf_counter())
                    sent += FRAME_SAMPLES / PIPELINE_RATE
                    ahead = sent - (loop.time() - clock)
                    if ahead > PLAYBACK_LEAD_S:
                        await asyncio.sleep(ahead - PLAYBACK_LEAD_S)
            self._marks += 1
            await self.transport.send_mark(f"bot-{self._marks}")
            await asyncio.sleep(max(0.0, sent - (loop.time() - clock)))
        finally:
            producer.cancel()

    async def _barge_in(self, how: str) -> None:
        if self._playback and not self._playback.done():
            self._playback.cancel()
            await self.transport.clear()
            log.info("call %s: caller interrupted the bot (%s)", self.call_id, how)

    # --- call control --------------------------------------------------------------------
    async def _transfer(self, handoff: dict[str, Any]) -> None:
        log.info("call %s: handing over to a person (%s)", self.call_id,
                 handoff.get("reason", "no reason given"))
        if await self.transport.transfer(handoff):
            self.ended = True
            return
        await self._speak(BotReply(texts=[NO_TRANSFER]))

    async def _hang_up(self) -> None:
        await self.transport.hangup()
        self.ended = True
