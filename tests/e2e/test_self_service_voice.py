"""Self-service changes by phone: a cancellation, a return, a new delivery address and a
new email, through the real voice gateway (the caller's speech in a voice that is not the
bot's, tests/support/voice_calls.py; Whisper, the real Rasa and action servers, Piper
speech out). The caller is Lin Okafor (K-500), her caller ID trusted; the PIN goes in on
the keypad."""

from __future__ import annotations

import asyncio
import re

import pytest
from sqlalchemy import create_engine, text

from tests.support.callers.voices import DEFAULT_VOICE
from tests.support.stacks import BotStack
from tests.support.voice_calls import TwilioCaller

pytestmark = pytest.mark.e2e
# The default caller voice (flite's slt) says the addresses and emails: espeak-ng's voices
# are heard far worse over the phone line ("Twelve Main Street, Springfield, Illinois, six
# two seven zero four" as "12 main street, green field, Illinois 62000, 04").
SPELLING_VOICE = DEFAULT_VOICE

LIN = "+15559870500"


def bot_texts(bot: BotStack, sender: str) -> list[str]:
    return [e["text"] for e in bot.tracker(sender)["events"] if e["event"] == "bot" and e["text"]]


def user_texts(bot: BotStack, sender: str) -> list[str]:
    """What the bot heard (Whisper's transcripts), for the failure messages."""
    return [e["text"] for e in bot.tracker(sender)["events"] if e["event"] == "user"]


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


def test_a_delivery_address_is_changed_by_voice_after_it_is_read_back(voice_stack) -> None:
    bot, gateway = voice_stack

    async def call() -> str:
        async with TwilioCaller(gateway.ws_url, caller=LIN, voice=SPELLING_VOICE) as caller:
            await caller.next_answer()
            await caller.say("Please change the delivery address of order six zero zero two.")
            await caller.next_answer()  # the PIN
            await caller.press("5150#")
            await caller.next_answer()  # verified; the new address asked
            await caller.say("Twelve Main Street, Portland, Oregon, nine seven two one one.")
            await caller.next_answer()  # read back
            await caller.say("Yes, that's right.")
            await caller.next_answer()
            return caller.call_sid

    call_sid = run(call())
    said = " ".join(bot_texts(bot, call_sid))
    assert "What's the new delivery address?" in said, said
    read_back = re.search(r"Change the delivery address of order 6002 to: (.+?)\? Please "
                          r"check it carefully\.", said)
    assert read_back, said
    heard = read_back.group(1)
    assert re.fullmatch(r"12 Main Street,? Portland,? (Oregon|OR),? 97211", heard,
                        re.I), (heard, user_texts(bot, call_sid))
    assert f"Done: order 6002 will be delivered to {heard}." in said, said
    assert scalar(bot, "SELECT new_value FROM account_changes WHERE kind = 'address' AND "
                       f"conversation_id = '{call_sid}'") == heard
    assert scalar(bot, "SELECT client FROM audit_log WHERE action = 'orders.address' AND "
                       f"conversation_id = '{call_sid}'") == "voice"


def test_an_email_is_changed_by_voice_and_the_old_one_kept(voice_stack) -> None:
    bot, gateway = voice_stack

    async def call() -> str:
        async with TwilioCaller(gateway.ws_url, caller=LIN, voice=SPELLING_VOICE) as caller:
            await caller.next_answer()
            await caller.say("I'd like to update my email address.")
            await caller.next_answer()  # the PIN
            await caller.press("5150#")
            await caller.next_answer()  # verified; the new email asked
            await caller.say("My new email is hello at example dot com.")
            await caller.next_answer()  # read back
            await caller.say("Yes.")
            await caller.next_answer()
            return caller.call_sid

    call_sid = run(call())
    said = " ".join(bot_texts(bot, call_sid))
    assert "What's the new email address?" in said, said
    # The stored conversation masks addresses (the bot's words too); the customer record
    # holds the new one in full.
    assert "Change the email address on your account to h***@example.com?" in said, (
        said, user_texts(bot, call_sid))
    assert "Done: your email address is now h***@example.com." in said, said
    assert scalar(bot, "SELECT email FROM customers WHERE customer_id = 'K-500'") == (
        "hello@example.com")
    assert scalar(bot, "SELECT old_value FROM account_changes WHERE kind = 'email' AND "
                       f"conversation_id = '{call_sid}'") == "lin@okafor.example"
