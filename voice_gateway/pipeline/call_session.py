"""One phone call as a pipeline of small stages, independent of the transport.

    transport audio ─► turn_taking (VAD) ─► Whisper ─► normalize_numbers ─► Rasa turn
        ▲                   │ barge-in                                        │
        └── playback: paced frames ◄┴───────── Piper, sentence by sentence ◄──┘

Keypad digits (DTMF) become Rasa messages too (keypad.py): a single key picks an item of
the bot's last menu (its buttons), longer entries (a PIN, an order number) end with # or a
pause. Silence is re-prompted, then the call ends (silence.py). Turns run one at a time
(job_queue.py, bot_turn.py). Timeouts count audio time, so they behave the same whether
frames arrive in real time or faster. This module only wires the stages together.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import numpy as np

from helpdesk.config import VoiceSettings
from helpdesk.conversation.contracts import OUTBOUND_ATTEMPT_KEY, OUTBOUND_TRIGGER
from helpdesk.wording import VOICE_RESUMED
from voice_gateway.audio.codec import PIPELINE_RATE
from voice_gateway.audio.vad import StreamingVad
from voice_gateway.caller_trust import mask_caller
from voice_gateway.pipeline.bot_turn import BotTurn, Rasa
from voice_gateway.pipeline.clock import Clock, SystemClock
from voice_gateway.pipeline.frames import CallTransport, Job, TurnTiming
from voice_gateway.pipeline.job_queue import JobQueue
from voice_gateway.pipeline.keypad import Keypad
from voice_gateway.pipeline.listening import CallListener
from voice_gateway.pipeline.playback import Playback
from voice_gateway.pipeline.prompts import BotPrompt
from voice_gateway.pipeline.silence import SilenceWatch
from voice_gateway.pipeline.turn_taking import (
    BargeIn,
    DigitWait,
    ModelRule,
    QuickEnd,
    TurnEndModel,
    TurnTaking,
    Vad,
)
from voice_gateway.services.speech_models import SpeechModels

log = logging.getLogger(__name__)

GREETING_TRIGGER = "/greet"


def streaming_vad(models: SpeechModels, settings: VoiceSettings,
                  turn_model: bool = False) -> StreamingVad:
    """The call's VAD. With a TURN_MODEL its pause is where the model is asked and its
    hangover is the cap; without, the fixed rule's pause and hangover."""
    pause_ms = settings.turn_pause_ms if turn_model else settings.speculate_ms
    end_ms = max(settings.turn_cap_ms, pause_ms + 100) if turn_model \
        else settings.end_of_speech_ms
    return StreamingVad(
        models.vad_session, threshold=settings.vad_threshold,
        end_of_speech_ms=end_ms, speculate_ms=pause_ms, min_speech_ms=settings.min_speech_ms,
        barge_in_ms=settings.barge_in_ms, max_utterance_s=settings.max_utterance_s)


class CallSession:
    """The stages of one call. MODELS serve the speech (and the VAD model, unless VAD is
    given); CLOCK is the real one unless a test gives another; TURN_MODEL, when there is
    one, decides at each pause whether the caller's turn is over."""

    def __init__(self, call_id: str, caller_number: str | None, transport: CallTransport,
                 models: SpeechModels, rasa: Rasa, settings: VoiceSettings, *,
                 clock: Clock | None = None, vad: Vad | None = None,
                 turn_model: TurnEndModel | None = None,
                 outbound_attempt: int | None = None) -> None:
        self.call_id = call_id
        self.caller_number = caller_number
        self.transport = transport
        clock = clock or SystemClock()
        self._stopped = False
        self._background: set[asyncio.Task] = set()
        prompt = BotPrompt()
        listener = CallListener(models)  # hears what the bot's last reply expects
        rule = ModelRule(turn_model, settings.turn_threshold) if turn_model else None
        digits = DigitWait(settings.digit_wait_ms, lambda: listener.expected.min_digits) \
            if settings.digit_wait_ms > 0 else None
        quick = QuickEnd(settings.quick_end_ms, lambda: listener.expected.min_digits,
                         lambda: listener.expected.email) if settings.quick_end_ms > 0 else None
        self.turn_taking = TurnTaking(vad or streaming_vad(models, settings, rule is not None),
                                      listener, clock, rule, digits, quick)
        self.playback = Playback(call_id, transport, models, clock)
        self.silence = SilenceWatch(call_id, prompt, settings.silence_timeout_s,
                                    settings.silence_reprompts)
        self.outbound_attempt = outbound_attempt
        self.turn = BotTurn(call_id, caller_number, transport, listener, rasa, self.playback,
                            prompt, self.silence, clock, listener,
                            {} if outbound_attempt is None
                            else {OUTBOUND_ATTEMPT_KEY: outbound_attempt})
        self.jobs = JobQueue(call_id, self.turn.run, lambda: self.ended)
        self.keypad = Keypad(prompt, self.jobs.put, clock, settings.dtmf_timeout_s)

    @property
    def ended(self) -> bool:
        """Hung up, transferred or stopped: nothing more is said or heard."""
        return self._stopped or self.turn.ended

    @property
    def timings(self) -> list[TurnTiming]:
        return self.turn.timings

    @property
    def speaking(self) -> bool:
        return self.playback.speaking

    # --- life cycle ----------------------------------------------------------------------
    async def start(self, resumed: bool = False) -> None:
        log.info("call %s %s on %s from %s", self.call_id,
                 "reconnected" if resumed else "started", self.transport.channel,
                 mask_caller(self.caller_number))
        self.jobs.start()
        if resumed:
            self.jobs.put(Job("say", text=VOICE_RESUMED))
        else:
            self.jobs.put(Job("text", text=GREETING_TRIGGER if self.outbound_attempt is None
                              else OUTBOUND_TRIGGER))

    async def stop(self) -> None:
        """Release everything of the call (the transport closed or the call ended)."""
        if self._stopped:
            return
        self._stopped = True
        self.turn_taking.stop()
        self.keypad.cancel()
        tasks = [self.jobs.stop(), self.playback.stop()]
        for task in self._background:
            task.cancel()
        for task in [*tasks, *self._background]:
            if task:
                with contextlib.suppress(BaseException):
                    await task
        log.info("call %s ended", self.call_id)

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # --- inputs from the transport -------------------------------------------------------
    def feed_audio(self, audio: np.ndarray) -> None:
        """16 kHz float32 audio from the caller."""
        if self.ended:
            return
        for happened in self.turn_taking.feed(audio):
            if isinstance(happened, BargeIn):
                if self.speaking:
                    self._spawn(self.playback.interrupt("speech"))
                continue
            self.silence.caller_spoke()
            self.jobs.put(Job("audio", audio=happened.audio, ended_at=happened.ended_at,
                              transcript=happened.transcript))
        busy = (self.speaking or self.turn_taking.in_speech or self.jobs.pending > 0
                or self.keypad.entering)
        reprompt = self.silence.count(audio.size / PIPELINE_RATE, busy)
        if reprompt is not None:
            self.jobs.put(reprompt)

    def feed_dtmf(self, digit: str) -> None:
        if self.ended or not self.keypad.accepts(digit):
            log.info("call %s: ignored keypad input %r", self.call_id, digit)
            return
        self.silence.caller_keyed()
        if self.speaking:
            self._spawn(self.playback.interrupt("keypad"))
        self.keypad.press(digit)

    def on_mark(self, name: str) -> None:
        log.debug("call %s: far end played %s", self.call_id, name)
