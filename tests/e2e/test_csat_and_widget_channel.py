"""Satisfaction surveys and the website widget's socket.io channel, end to end: real Rasa
and action servers over the real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import pytest
import socketio

from helpdesk.accounts.customer_tokens import ensure_token_secret, issue_token
from helpdesk.config import get_settings
from tests.support.console import Agent, bot_texts, eventually
from tests.support.stacks import BotStack, WebAppProcess

pytestmark = pytest.mark.e2e

MIA_PHONE = "+15559870300"


def slots(bot: BotStack, sender: str) -> dict[str, Any]:
    return bot.tracker(sender)["slots"]


def resolved_order_question(bot: BotStack, sender: str) -> None:
    bot.say(sender, f"hi, my number is {MIA_PHONE}")
    assert "Tulsa OK" in bot.say(sender, "has order 8001 shipped")  # her order, named


# --- CSAT over REST -------------------------------------------------------------------------
def test_after_a_resolved_question_thanks_asks_for_a_rating_and_a_comment(
        bot: BotStack, sender: str) -> None:
    resolved_order_question(bot, sender)
    messages = bot.send(sender, "thanks a lot")
    asked = " ".join(m.get("text", "") for m in messages)
    assert "You're welcome" in asked and "rate this conversation" in asked
    titles = [b["title"] for m in messages for b in m.get("buttons") or []]
    assert titles == ["1", "2", "3", "4", "5", "No thanks"]

    assert "anything you'd like to add" in bot.say(sender, "5")
    assert "Thank you for your feedback" in bot.say(sender, "Quick and clear, thanks!")
    state = slots(bot, sender)
    assert state["csat_rating"] == 5 and state["csat_comment"] == "Quick and clear, thanks!"
    # Stored once per conversation: not asked again, and a second rating changes nothing.
    again = bot.say(sender, "thank you")
    assert "rate" not in again and "You're welcome" in again
    bot.say(sender, "1")
    assert slots(bot, sender)["csat_rating"] == 5


def test_a_low_rating_asks_what_to_improve_and_the_comment_can_be_skipped(
        bot: BotStack, sender: str) -> None:
    resolved_order_question(bot, sender)
    bot.say(sender, "thanks")
    assert "what could we have done better" in bot.say(sender, "two stars")
    assert "Thanks for your rating" in bot.say(sender, "skip")
    state = slots(bot, sender)
    assert state["csat_rating"] == 2 and state["csat_comment"] is None


def test_declining_is_respected_and_goodbye_then_just_says_goodbye(
        bot: BotStack, sender: str) -> None:
    resolved_order_question(bot, sender)
    assert "rate this conversation" in bot.say(sender, "thanks")
    assert "No problem" in bot.say(sender, "no thanks")
    assert slots(bot, sender)["csat_rating"] is None
    bye = bot.say(sender, "bye")
    assert "Goodbye" in bye and "rate" not in bye


def test_goodbye_after_a_resolved_question_asks_then_says_goodbye(
        bot: BotStack, sender: str) -> None:
    resolved_order_question(bot, sender)
    assert "rate this conversation" in bot.say(sender, "bye")
    bot.say(sender, "4")
    assert "Goodbye" in bot.say(sender, "skip")
    assert slots(bot, sender)["csat_rating"] == 4


def test_a_new_question_instead_of_a_rating_is_answered(bot: BotStack, sender: str) -> None:
    resolved_order_question(bot, sender)
    bot.say(sender, "thanks")
    answer = bot.say(sender, "where is my order 5005")
    assert "5005" in answer
    state = slots(bot, sender)
    assert state["awaiting"] != "csat_rating" and state["csat_rating"] is None


def test_no_survey_when_the_bot_resolved_nothing(bot: BotStack, sender: str) -> None:
    bye = bot.say(sender, "bye")
    assert "Goodbye" in bye and "rate" not in bye


def test_after_an_agent_closes_the_handoff_the_customer_is_asked(
        bot: BotStack, console: WebAppProcess, sender: str) -> None:
    ann = Agent(console.url, bot.db_url, f"agent-{uuid.uuid4().hex[:6]}", ["orders"])
    bot.say(sender, f"hi, my number is {MIA_PHONE}")
    bot.say(sender, "I want to talk to a real person")
    handoff = eventually(lambda: ann.handoff_of(sender))
    assert ann.claim(handoff["id"]).status_code == 200
    assert ann.close(handoff["id"], back_to_bot=True).status_code == 200
    eventually(lambda: any("rate this conversation" in t for t in bot_texts(bot.tracker(sender))))
    assert "anything you'd like to add" in bot.say(sender, "5")
    assert slots(bot, sender)["csat_rating"] == 5


# --- the widget's socket.io channel ----------------------------------------------------------
class WidgetClient:
    """What the widget does: socket.io with session persistence."""

    def __init__(self, rasa_url: str) -> None:
        self.rasa_url = rasa_url
        self.sio = socketio.AsyncClient(reconnection=False)
        self.received: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.errors: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.session_id: str | None = None
        self._confirmed = asyncio.Event()
        self.sio.on("bot_uttered", self.received.put_nowait)
        self.sio.on("error", self.errors.put_nowait)
        self.sio.on("session_confirm", self._confirm)

    async def _confirm(self, session_id: str) -> None:
        self.session_id = session_id
        self._confirmed.set()

    async def open(self, session_id: str | None = None,
                   headers: dict[str, str] | None = None) -> str:
        # Long-polling: python-socketio's websocket client needs a newer aiohttp than Rasa
        # pins. The server's handlers are the same for both transports; the browser tests
        # use the websocket.
        await self.sio.connect(self.rasa_url, transports=["polling"],
                               socketio_path="socket.io", headers=headers or {})
        await self.sio.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(self._confirmed.wait(), 10)
        assert self.session_id
        return self.session_id

    async def say(self, text: str, token: str | None = None, settle_s: float = 1.5,
                  **extra: Any) -> list[dict[str, Any]]:
        data = {"message": text, "session_id": self.session_id,
                "customData": {"customer_token": token} if token else {}, **extra}
        await self.sio.emit("user_uttered", data)
        replies = [await asyncio.wait_for(self.received.get(), 30)]
        deadline = time.monotonic() + settle_s
        while time.monotonic() < deadline:
            try:
                replies.append(await asyncio.wait_for(self.received.get(), 0.3))
            except asyncio.TimeoutError:
                continue
        return replies

    async def close(self) -> None:
        # Long-polling: a plain disconnect waits out the pending poll (up to 30 s); the
        # close packet is sent either way.
        eio = self.sio.eio
        await eio.disconnect(abort=True)
        for task in (eio.read_loop_task, eio.write_loop_task):
            if task is not None:
                task.cancel()
        if eio.http is not None and not eio.http.closed:
            await eio.http.close()


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(r.get("text", "") for r in replies)


def test_the_widget_channel_answers_with_buttons_and_timestamps(bot: BotStack) -> None:
    async def chat() -> tuple[str, list[dict[str, Any]]]:
        widget = WidgetClient(bot.rasa_url)
        session = await widget.open()
        try:
            await widget.say(f"hi, my number is {MIA_PHONE}")
            await widget.say("has order 8001 shipped")
            return session, await widget.say("thanks")
        finally:
            await widget.close()

    session, replies = asyncio.run(chat())
    rating = next(r for r in replies if r.get("quick_replies"))
    assert [q["title"] for q in rating["quick_replies"]][:5] == ["1", "2", "3", "4", "5"]
    assert all(isinstance(r.get("timestamp"), float) for r in replies)
    tracker = bot.tracker(session)
    assert tracker["latest_input_channel"] == "socketio"
    assert "has order 8001 shipped" in [e.get("text") for e in tracker["events"]
                                       if e["event"] == "user"]


def test_a_reconnecting_widget_keeps_its_conversation(bot: BotStack) -> None:
    async def chat() -> tuple[str, str, str]:
        first = WidgetClient(bot.rasa_url)
        session = await first.open()
        await first.say(f"my phone number is {MIA_PHONE}")
        await first.close()
        second = WidgetClient(bot.rasa_url)
        resumed = await second.open(session)
        try:
            return session, resumed, texts(await second.say("has order 8001 shipped"))
        finally:
            await second.close()

    session, resumed, answer = asyncio.run(chat())
    assert resumed == session and "Tulsa OK" in answer  # still identified as Mia (her order)


def test_a_signed_customer_token_verifies_without_a_pin(bot: BotStack) -> None:
    token = issue_token("K-100", ensure_token_secret(get_settings().var_dir))

    async def chat() -> str:
        widget = WidgetClient(bot.rasa_url)
        await widget.open()
        try:
            return texts(await widget.say("what's my store credit balance", token=token))
        finally:
            await widget.close()

    answer = asyncio.run(chat())
    assert "72.25" in answer and "PIN" not in answer


@pytest.mark.parametrize("token", [
    "garbage",
    issue_token("K-100", "a-different-secret-that-is-long-enough-0123456789-abcdef"),
    issue_token("K-100", ensure_token_secret(get_settings().var_dir), ttl_s=-600),
    issue_token("K-999", ensure_token_secret(get_settings().var_dir)),
], ids=["garbage", "forged", "expired", "unknown-customer"])
def test_a_bad_token_is_ignored_and_the_pin_is_asked(bot: BotStack, token: str) -> None:
    async def chat() -> str:
        widget = WidgetClient(bot.rasa_url)
        await widget.open()
        try:
            await widget.say("hi, my email is grace@navy.example", token=token)
            return texts(await widget.say("what's my store credit balance", token=token))
        finally:
            await widget.close()

    answer = asyncio.run(chat())
    assert "PIN" in answer and "72.25" not in answer


def test_the_widget_cannot_claim_a_caller_number(bot: BotStack) -> None:
    async def chat() -> tuple[str, str]:
        widget = WidgetClient(bot.rasa_url)
        session = await widget.open()
        try:
            data = {"message": "hi", "session_id": session,
                    "customData": {"caller_number": "+15559870100"}}
            await widget.sio.emit("user_uttered", data)
            return session, texts([await asyncio.wait_for(widget.received.get(), 30)])
        finally:
            await widget.close()

    session, greeting = asyncio.run(chat())
    assert "Grace" not in greeting
    assert bot.tracker(session)["slots"]["customer_id"] is None


@pytest.mark.parametrize("data", [
    "just a string", None, {"message": "hi"}, {"message": "", "session_id": "s"},
    {"message": 42, "session_id": "s"}, {"message": "hi", "session_id": "x" * 500},
    {"message": "x" * 30_000, "session_id": "s"},
])
def test_malformed_widget_messages_get_an_error_event(bot: BotStack, data: Any) -> None:
    async def chat() -> tuple[dict[str, Any], str]:
        widget = WidgetClient(bot.rasa_url)
        await widget.open()
        try:
            await widget.sio.emit("user_uttered", data)
            error = await asyncio.wait_for(widget.errors.get(), 10)
            # The connection still works afterwards.
            return error, texts(await widget.say("hello"))
        finally:
            await widget.close()

    error, hello = asyncio.run(chat())
    assert error["error"] and "welcome" in hello.lower()


def test_a_widget_flooding_messages_is_told_to_slow_down(bot: BotStack) -> None:
    async def chat() -> tuple[str, dict[str, Any]]:
        widget = WidgetClient(bot.rasa_url)
        session = await widget.open()
        try:
            for _ in range(31):
                await widget.sio.emit("user_uttered", {"message": "/greet",
                                                       "session_id": session})
                await asyncio.sleep(0.05)  # one long-polling request each, as a browser
            return session, await asyncio.wait_for(widget.errors.get(), 60)
        finally:
            await widget.close()

    session, error = asyncio.run(chat())
    assert "wait a moment" in error["error"]
    # The 30 accepted messages are all answered (and done before the next test starts).
    eventually(lambda: len([e for e in bot.tracker(session)["events"]
                            if e["event"] == "user"]) == 30, timeout=60)
