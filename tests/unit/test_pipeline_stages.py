"""The call pipeline's stages on their own (voice_gateway/pipeline), each with a fake clock
and a fake transport, and the stages wired together by CallSession with fake speech
models, a fake VAD and a fake Rasa: no models, no servers, no real time."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Callable
from concurrent.futures import Future
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from helpdesk.wording import VOICE_NO_TRANSFER, VOICE_SILENCE_GOODBYE
from voice_gateway.audio.codec import PIPELINE_RATE
from voice_gateway.audio.vad import VadEvent
from voice_gateway.pipeline.call_session import GREETING_TRIGGER, CallSession
from voice_gateway.pipeline.frames import Job
from voice_gateway.pipeline.keypad import Keypad
from voice_gateway.pipeline.playback import FRAME_SAMPLES, PLAYBACK_LEAD_S, Playback
from voice_gateway.pipeline.prompts import DEFAULT_QUESTION, BotPrompt
from voice_gateway.pipeline.silence import SilenceWatch
from voice_gateway.pipeline.turn_taking import BargeIn, TurnTaking, Utterance
from voice_gateway.services.priority_executor import Urgency
from voice_gateway.services.rasa_client import BotReply
from voice_gateway.services.speech_models import Transcript

MENU = [{"title": "Orders", "payload": "/check_order"},
        {"title": "Balance", "payload": "/check_balance"},
        {"title": "Agent", "payload": "/human_handoff"}]


# --- fakes ------------------------------------------------------------------------------
class FakeTimer:
    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class FakeClock:
    """Time moves only when told to (or when a stage sleeps); timers fire as it passes."""

    def __init__(self) -> None:
        self.time = 0.0
        self._timers: list[tuple[float, int, FakeTimer, Callable[[], None]]] = []
        self._order = itertools.count()

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        self.advance(max(0.0, seconds))
        await asyncio.sleep(0)

    def call_later(self, delay: float, callback: Callable[[], None]) -> FakeTimer:
        timer = FakeTimer()
        heapq.heappush(self._timers, (self.time + delay, next(self._order), timer, callback))
        return timer

    def advance(self, seconds: float) -> None:
        target = self.time + seconds
        while self._timers and self._timers[0][0] <= target:
            due, _, timer, callback = heapq.heappop(self._timers)
            self.time = due
            if not timer.cancelled:
                callback()
        self.time = target


class FakeTransport:
    channel = "fake"

    def __init__(self, clock: FakeClock | None = None, can_transfer: bool = False) -> None:
        self.clock = clock
        self.can_transfer = can_transfer
        self.frames: list[tuple[float, np.ndarray]] = []  # (clock time, frame)
        self.marks: list[str] = []
        self.events: list[dict[str, Any]] = []
        self.cleared = 0
        self.transfers: list[dict[str, Any]] = []
        self.hung_up = False

    async def send_audio(self, frame: np.ndarray) -> None:
        self.frames.append((self.clock.now() if self.clock else 0.0, frame))

    async def send_mark(self, name: str) -> None:
        self.marks.append(name)

    async def clear(self) -> None:
        self.cleared += 1

    async def send_event(self, event: dict[str, Any]) -> None:
        self.events.append(event)

    async def transfer(self, handoff: dict[str, Any]) -> bool:
        self.transfers.append(handoff)
        return self.can_transfer

    async def hangup(self) -> None:
        self.hung_up = True

    def bot_said(self) -> list[str]:
        return [e["text"] for e in self.events if e.get("role") == "bot"]


class FakeSpeech:
    """Speech models: every sentence is SECONDS of audio; every utterance is heard as
    HEARD; transcriptions started early are recorded."""

    def __init__(self, seconds: float = 0.2, heard: str = "",
                 confidence: float | None = None) -> None:
        self.samples = int(seconds * PIPELINE_RATE)
        self.heard = heard
        self.confidence = confidence
        self.hotwords: list[str | None] = []  # of each transcription, in order
        self.synthesised: list[tuple[str, Urgency]] = []
        self.started: list[tuple[Future[Transcript], Urgency]] = []

    async def synthesize(self, sentence: str,
                         urgency: Urgency = Urgency.CALLER_WAITING) -> np.ndarray:
        self.synthesised.append((sentence, urgency))
        return np.full(self.samples, 0.1, dtype=np.float32)

    def start_transcription(self, audio: np.ndarray,
                            urgency: Urgency = Urgency.CALLER_WAITING,
                            hotwords: str | None = None) -> Future[Transcript]:
        future: Future[Transcript] = Future()
        self.started.append((future, urgency))
        self.hotwords.append(hotwords)
        return future

    async def transcribe(self, audio: np.ndarray, hotwords: str | None = None) -> Transcript:
        self.hotwords.append(hotwords)
        return Transcript(self.heard, 0.25, self.confidence)


class FakeVad:
    """Says what the test scripted, one list of events per feed."""

    def __init__(self) -> None:
        self.script: list[list[VadEvent]] = []
        self.in_speech = False
        self.end_of_speech_ms = 500

    def feed(self, audio: np.ndarray) -> list[VadEvent]:
        return self.script.pop(0) if self.script else []


class FakeRasa:
    def __init__(self, replies: dict[str, BotReply] | None = None) -> None:
        self.replies = replies or {}
        self.sent: list[tuple[str, str, dict[str, Any]]] = []

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> BotReply:
        self.sent.append((sender, text, metadata))
        return self.replies.get(text, BotReply(texts=[f"You said {text}. Anything else?"]))


def utterance(seconds: float = 1.0) -> np.ndarray:
    return np.full(int(seconds * PIPELINE_RATE), 0.3, dtype=np.float32)


async def settle(until: Callable[[], bool] = lambda: False, rounds: int = 2000) -> None:
    """Let the pipeline's tasks run (on the fake clock nothing waits for real time)."""
    for _ in range(rounds):
        if until():
            return
        await asyncio.sleep(0)


# --- prompts ----------------------------------------------------------------------------
def test_a_reply_with_buttons_reads_its_menu_and_becomes_the_prompt() -> None:
    prompt = BotPrompt()
    texts = prompt.spoken(BotReply(texts=["What do you need?"], buttons=MENU))
    assert texts == ["What do you need?", "Press 1 for Orders, 2 for Balance, 3 for Agent."]
    assert prompt.menu == MENU and prompt.question == "What do you need?"
    assert prompt.spoken(BotReply(texts=["Press 1 for yes."], buttons=MENU[:1])) == [
        "Press 1 for yes."]  # it says "press" itself
    assert prompt.spoken(BotReply(texts=["Done."])) == ["Done."]
    assert prompt.menu == [] and prompt.question == DEFAULT_QUESTION  # no buttons: no menu
    prompt.spoken(BotReply(texts=["Your PIN?"]))
    assert prompt.spoken(BotReply()) == [] and prompt.question == "Your PIN?"


# --- keypad -----------------------------------------------------------------------------
def keypad(menu: list[dict[str, str]] | None = None) -> tuple[Keypad, list[Job], FakeClock]:
    jobs: list[Job] = []
    clock = FakeClock()
    prompt = BotPrompt(menu=list(menu or []), question="Which order?")
    return Keypad(prompt, jobs.append, clock, timeout_s=2.5), jobs, clock


def test_a_single_key_picks_from_the_menu_at_once() -> None:
    pad, jobs, _ = keypad(MENU)
    pad.press("2")
    assert [(j.kind, j.text, j.metadata) for j in jobs] == [
        ("text", "/check_balance", {"dtmf": "2"})]
    assert not pad.entering


def test_a_key_outside_the_menu_waits_for_more_digits_or_the_pause() -> None:
    pad, jobs, clock = keypad(MENU)
    pad.press("9")
    assert jobs == [] and pad.entering
    clock.advance(2.4)
    assert jobs == []
    pad.press("1")  # a key restarts the pause
    clock.advance(2.4)
    assert jobs == []
    clock.advance(0.2)
    assert [(j.kind, j.text, j.metadata) for j in jobs] == [("text", "91", {"dtmf": "91"})]


def test_a_pin_ends_with_hash_and_stars_inside_an_entry_are_dropped() -> None:
    pad, jobs, clock = keypad()
    for digit in "24*68#":
        pad.press(digit)
    assert [(j.kind, j.text, j.metadata) for j in jobs] == [("text", "2468", {"dtmf": "24*68"})]
    clock.advance(10)
    assert len(jobs) == 1  # the pause timer was cancelled by the #
    pad.press("#")
    assert len(jobs) == 1  # nothing keyed: nothing sent


def test_zero_goes_at_once_and_star_repeats_the_question() -> None:
    pad, jobs, _ = keypad()
    pad.press("0")
    pad.press("*")
    assert [(j.kind, j.text) for j in jobs] == [("text", "0"), ("say", "Which order?")]
    assert Keypad.accepts("5") and not Keypad.accepts("A") and not Keypad.accepts("12")


# --- silence ----------------------------------------------------------------------------
def test_silence_is_reprompted_then_the_call_is_ended() -> None:
    watch = SilenceWatch("CA1", BotPrompt(question="Your order number?"), timeout_s=8,
                         reprompts=2)
    said = []
    for _ in range(3):
        assert [watch.count(1.0, busy=False) for _ in range(7)] == [None] * 7
        job = watch.count(1.0, busy=False)
        assert job is not None
        said.append(job)
    assert [j.text for j in said[:2]] == ["Are you still there? Your order number?"] * 2
    assert said[2].text == VOICE_SILENCE_GOODBYE and said[2].then_hang_up
    assert not any(j.then_hang_up for j in said[:2])


def test_a_busy_moment_or_the_caller_resets_the_silence() -> None:
    watch = SilenceWatch("CA1", BotPrompt(), timeout_s=2, reprompts=1)
    assert watch.count(1.5, busy=False) is None
    assert watch.count(0.1, busy=True) is None  # the bot speaks, a turn is running...
    assert watch.count(1.5, busy=False) is None
    first = watch.count(0.5, busy=False)
    assert first is not None and not first.then_hang_up
    watch.caller_spoke()  # the re-prompts start over
    watch.count(1.0, busy=False)
    watch.bot_spoke()
    assert watch.count(1.9, busy=False) is None
    again = watch.count(0.1, busy=False)
    assert again is not None and not again.then_hang_up
    watch.caller_keyed()
    assert watch.count(1.9, busy=False) is None


# --- turn taking ------------------------------------------------------------------------
def turn_taking() -> tuple[TurnTaking, FakeVad, FakeSpeech, FakeClock]:
    vad, speech, clock = FakeVad(), FakeSpeech(), FakeClock()
    return TurnTaking(vad, speech, clock), vad, speech, clock


def test_a_transcription_started_at_the_pause_is_kept_for_the_same_words() -> None:
    turns, vad, speech, clock = turn_taking()
    words = utterance()
    vad.script = [[VadEvent("speech_start"), VadEvent("barge_in")],
                  [VadEvent("pause", words, 30)], [VadEvent("speech_end", words, 30)]]
    assert turns.feed(utterance(0.1)) == [BargeIn()]
    assert turns.feed(utterance(0.1)) == []
    (early, urgency), = speech.started
    assert urgency is Urgency.SPECULATIVE
    early.set_running_or_notify_cancel()  # a worker has started it
    clock.advance(3.0)
    (heard,) = turns.feed(utterance(0.1))
    assert isinstance(heard, Utterance) and heard.transcript is early
    assert heard.ended_at == 3.0 and heard.audio is words


def test_a_stale_or_unstarted_early_transcription_is_dropped() -> None:
    turns, vad, speech, _ = turn_taking()
    words = utterance()
    vad.script = [[VadEvent("pause", words, 30)], [VadEvent("pause", words, 40)],
                  [VadEvent("speech_end", words, 55)]]
    turns.feed(utterance(0.1))
    turns.feed(utterance(0.1))  # the caller went on: a second pause
    first, second = (future for future, _ in speech.started)
    assert first.cancelled()
    second.set_running_or_notify_cancel()
    (heard,) = turns.feed(utterance(0.1))
    assert heard.transcript is None  # more was said after the pause: not the same words
    vad.script = [[VadEvent("pause", words, 10)], [VadEvent("speech_end", words, 10)]]
    turns.feed(utterance(0.1))
    (heard,) = turns.feed(utterance(0.1))
    assert heard.transcript is None and speech.started[-1][0].cancelled()  # still queued


# --- playback ---------------------------------------------------------------------------
def test_playback_sends_20_ms_frames_paced_to_real_time_then_a_mark() -> None:
    clock = FakeClock()
    transport, speech = FakeTransport(clock), FakeSpeech(seconds=1.0)
    playback = Playback("CA1", transport, speech, clock)

    first = asyncio.run(playback.say(["Hello there. How can I help?"]))
    assert first == 0.0
    assert transport.bot_said() == ["Hello there. How can I help?"]
    assert [s for s, _ in speech.synthesised] == ["Hello there.", "How can I help?"]
    assert [u for _, u in speech.synthesised] == [Urgency.CALLER_WAITING, Urgency.AHEAD]
    assert len(transport.frames) == 2 * PIPELINE_RATE // FRAME_SAMPLES
    assert all(f.size == FRAME_SAMPLES for _, f in transport.frames)
    for index, (at, _) in enumerate(transport.frames):  # never more than the lead ahead
        assert index * FRAME_SAMPLES / PIPELINE_RATE - at <= PLAYBACK_LEAD_S + 1e-9
    assert transport.marks == ["bot-1"]
    assert clock.now() == pytest.approx(2.0)  # returns once the audio has played
    assert not playback.speaking


def test_barge_in_stops_the_audio_and_clears_the_far_end() -> None:
    clock = FakeClock()
    transport = FakeTransport(clock)
    playback = Playback("CA1", transport, FakeSpeech(seconds=5.0), clock)

    async def talk_over() -> float | None:
        speaking = asyncio.create_task(playback.say(["A long answer."]))
        await settle(lambda: len(transport.frames) >= 10)
        assert playback.speaking
        await playback.interrupt("speech")
        return await speaking

    assert asyncio.run(talk_over()) == 0.0
    assert transport.cleared == 1 and transport.marks == []
    assert len(transport.frames) < 5 * 50 and not playback.speaking
    asyncio.run(playback.interrupt("keypad"))  # not speaking: nothing to clear
    assert transport.cleared == 1


# --- the stages wired by CallSession ------------------------------------------------------
def session(replies: dict[str, BotReply] | None = None, *, heard: str = "",
            can_transfer: bool = False, silence_timeout_s: float = 8.0,
            reprompts: int = 2, speech: FakeSpeech | None = None,
            ) -> tuple[CallSession, FakeTransport, FakeRasa, FakeVad, FakeClock]:
    clock, vad, rasa = FakeClock(), FakeVad(), FakeRasa(replies)
    transport = FakeTransport(clock, can_transfer)
    settings = SimpleNamespace(silence_timeout_s=silence_timeout_s,
                               silence_reprompts=reprompts, dtmf_timeout_s=2.5,
                               digit_wait_ms=1500, quick_end_ms=0)
    call = CallSession("CA1", "+15559870100", transport, speech or FakeSpeech(heard=heard),
                       rasa, settings, clock=clock, vad=vad)
    return call, transport, rasa, vad, clock


def test_a_call_is_greeted_then_its_words_go_to_rasa_with_the_call_metadata() -> None:
    call, transport, rasa, vad, _ = session(
        {"Where is my order 1042": BotReply(texts=["It shipped. Goodbye!"], hangup=True)},
        heard="Where is my order ten forty two")

    async def run() -> None:
        await call.start()
        await settle(lambda: len(transport.marks) == 1)
        vad.script = [[VadEvent("speech_end", utterance(), 30)]]
        call.feed_audio(utterance(0.1))
        await settle(lambda: call.ended)
        await call.stop()

    asyncio.run(run())
    (_, greet, greet_meta), (sender, words, metadata) = rasa.sent
    assert greet == GREETING_TRIGGER and sender == "CA1"
    assert words == "Where is my order 1042"  # spoken numbers normalised
    assert metadata == {"channel": "voice", "transport": "fake", "call_id": "CA1",
                        "stt_seconds": 0.25, "caller_number": "+15559870100"}
    assert {"event": "transcript", "role": "user", "text": words} in transport.events
    assert transport.bot_said()[-1] == "It shipped. Goodbye!"
    assert transport.hung_up and call.ended
    assert len(call.timings) == 1 and call.timings[0].speech_seconds == 1.0


def test_the_next_utterance_listens_for_what_the_reply_expects_and_sends_its_confidence(
        ) -> None:
    asked = BotReply(texts=["Which order? Say its number."],
                     buttons=[{"title": "5001 · Nov 10 · 1x rain jacket", "payload": "/a"}],
                     expected=[{"words": ["5002"], "digits": True}])
    speech = FakeSpeech(heard="five oh oh two", confidence=0.42)
    call, transport, rasa, vad, _ = session({GREETING_TRIGGER: asked}, speech=speech)

    async def run() -> None:
        await call.start()
        await settle(lambda: len(transport.marks) == 1)
        vad.script = [[VadEvent("pause", utterance(), 30)],
                      [VadEvent("speech_end", utterance(), 31)]]
        call.feed_audio(utterance(0.1))  # the pause: an early transcription, then dropped
        call.feed_audio(utterance(0.1))
        await settle(lambda: len(rasa.sent) == 2)
        await call.stop()

    asyncio.run(run())
    expected = "0 1 2 3 4 5 6 7 8 9, 5002, 5001, Nov 10, rain jacket"
    assert speech.hotwords == [expected, expected]  # the early one and the turn's own
    assert rasa.sent[1][1] == "5002" and rasa.sent[1][2]["stt_confidence"] == 0.42


def test_an_email_said_where_one_is_asked_reaches_rasa_written_out() -> None:
    asked = BotReply(texts=["What's the phone number or email on your account?"],
                     expected=[{"words": [], "digits": True, "email": True}])
    speech = FakeSpeech(heard="It's g r a c e at navy dot example.", confidence=0.8)
    call, transport, rasa, vad, _ = session({GREETING_TRIGGER: asked}, speech=speech)

    async def run() -> None:
        await call.start()
        await settle(lambda: len(transport.marks) == 1)
        vad.script = [[VadEvent("speech_end", utterance(), 30)]]
        call.feed_audio(utterance(0.1))
        await settle(lambda: len(rasa.sent) == 2)
        await call.stop()

    asyncio.run(run())
    assert rasa.sent[1][1] == "It's grace@navy.example."
    assert speech.hotwords[-1] == "0 1 2 3 4 5 6 7 8 9, at, dot, dot com, underscore"


def test_a_resumed_call_is_not_greeted_again() -> None:
    call, transport, rasa, _, _ = session()

    async def run() -> None:
        await call.start(resumed=True)
        await settle(lambda: len(transport.marks) == 1)
        await call.stop()

    asyncio.run(run())
    assert rasa.sent == [] and len(transport.bot_said()) == 1


def test_a_key_over_the_bot_interrupts_it_and_picks_from_its_menu() -> None:
    greeting = BotReply(texts=["Hi! " + "What can I do for you today? " * 5], buttons=MENU)
    call, transport, rasa, _, _ = session({GREETING_TRIGGER: greeting})

    async def run() -> None:
        await call.start()
        await settle(lambda: len(transport.frames) >= 5)
        assert call.speaking
        call.feed_dtmf("2")
        call.feed_dtmf("x")  # not a key: ignored
        await settle(lambda: len(rasa.sent) == 2 and len(transport.marks) == 1)
        await call.stop()

    asyncio.run(run())
    assert transport.cleared == 1
    assert rasa.sent[1][1] == "/check_balance" and rasa.sent[1][2]["dtmf"] == "2"


def test_speech_over_the_bot_interrupts_it_but_not_when_it_is_quiet() -> None:
    call, transport, _, vad, _ = session(
        {GREETING_TRIGGER: BotReply(texts=["Hi! " + "How can I help you today? " * 5])})

    async def run() -> None:
        await call.start()
        await settle(lambda: len(transport.frames) >= 5)
        vad.script = [[VadEvent("speech_start"), VadEvent("barge_in")]]
        call.feed_audio(utterance(0.1))
        await settle(lambda: not call.speaking)
        assert transport.cleared == 1 and transport.marks == []
        vad.script = [[VadEvent("barge_in")]]
        call.feed_audio(utterance(0.1))
        await settle()
        await call.stop()

    asyncio.run(run())
    assert transport.cleared == 1


def test_a_failed_transfer_is_apologised_for_and_the_call_goes_on() -> None:
    call, transport, rasa, _, _ = session(
        {"0": BotReply(texts=["Connecting you."], handoff={"reason": "customer_request"})})

    async def run() -> None:
        await call.start()
        await settle(lambda: len(transport.marks) == 1)
        call.feed_dtmf("0")
        await settle(lambda: len(transport.marks) == 3)
        await call.stop()

    asyncio.run(run())
    assert transport.transfers == [{"reason": "customer_request"}]
    assert transport.bot_said()[-1] == VOICE_NO_TRANSFER and not transport.hung_up


def test_a_silent_caller_is_reprompted_in_audio_time_then_hung_up_on() -> None:
    call, transport, _, _, _ = session(silence_timeout_s=2.0, reprompts=1)

    async def run() -> None:
        await call.start()
        await settle(lambda: len(transport.marks) == 1)
        for _ in range(60):  # 6 s of the caller's silence, as fast as it comes
            call.feed_audio(np.zeros(PIPELINE_RATE // 10, dtype=np.float32))
            await settle(lambda: not call.speaking and call.jobs.pending == 0)
            if call.ended:
                break
        await call.stop()

    asyncio.run(run())
    said = transport.bot_said()
    assert said[1] == "Are you still there? Anything else?"  # the greeting's question
    assert said[2] == VOICE_SILENCE_GOODBYE and len(said) == 3
    assert transport.hung_up and call.ended


def test_after_the_end_nothing_more_is_heard() -> None:
    call, transport, rasa, vad, _ = session()

    async def run() -> None:
        await call.start()
        await settle(lambda: len(transport.marks) == 1)
        await call.stop()
        vad.script = [[VadEvent("speech_end", utterance(), 30)]]
        call.feed_audio(utterance(0.1))
        call.feed_dtmf("1")
        await settle()

    asyncio.run(run())
    assert len(rasa.sent) == 1 and vad.script  # the VAD was not even fed
