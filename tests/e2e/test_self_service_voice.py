"""Self-service changes by phone: a cancellation and a return, through the real voice
gateway (Piper speech in, Whisper, the real Rasa and action servers, Piper speech out).
The caller is Lin Okafor (K-500), her caller ID trusted; the PIN goes in on the keypad."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import create_engine, text

from tests.support.stacks import BotStack
from tests.support.voice_calls import TwilioCaller

pytestmark = pytest.mark.e2e

LIN = "+15559870500"


def bot_texts(bot: BotStack, sender: str) -> list[str]:
    return [e["text"] for e in bot.tracker(sender)["events"] if e["event"] == "bot" and e["text"]]


def scalar(bot: BotStack, sql: str) -> object:
    engine = create_engine(bot.db_url, future=True)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def run(coroutine: object) -> object:
    return asyncio.run(asyncio.wait_for(coroutine, 300))


def test_an_order_is_cancelled_by_voice(voice_stack) -> None:
    bot, gateway = voice_stack

    async def call() -> str:
        async with TwilioCaller(gateway.ws_url, caller=LIN) as caller:
            await caller.next_answer()
            await caller.say("I want to cancel my order six zero zero one.")
            await caller.next_answer()  # the PIN
            await caller.press("5150#")
            await caller.next_answer()  # verified; the order read back
            await caller.say("Yes, please.")
            await caller.next_answer()
            return caller.call_sid

    call_sid = run(call())
    said = " ".join(bot_texts(bot, call_sid))
    assert "Cancel order 6001, 1x backpack, $89.00?" in said, said
    assert "Done: order 6001 is cancelled." in said, said
    assert scalar(bot, "SELECT status FROM orders WHERE order_id = '6001'") == "cancelled"
    assert scalar(bot, "SELECT client FROM audit_log WHERE action = 'orders.cancel' AND "
                       f"conversation_id = '{call_sid}'") == "voice"


def test_a_return_is_started_by_voice(voice_stack) -> None:
    bot, gateway = voice_stack

    async def call() -> str:
        async with TwilioCaller(gateway.ws_url, caller=LIN) as caller:
            await caller.next_answer()
            await caller.say("I'd like to return order six zero zero three.")
            await caller.next_answer()  # the PIN
            await caller.press("5150#")
            await caller.next_answer()  # verified; the reason asked
            await caller.say("It arrived damaged.")
            await caller.next_answer()  # read back
            await caller.say("Yes.")
            await caller.next_answer()
            return caller.call_sid

    call_sid = run(call())
    said = " ".join(bot_texts(bot, call_sid))
    assert "What's the reason for the return?" in said, said
    assert "The return number is R M A 6 0 0 3" in said, said
    assert scalar(bot, "SELECT conversation_id FROM order_returns WHERE rma = 'RMA-6003'"
                  ) == call_sid
