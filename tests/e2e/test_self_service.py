"""Self-service changes in chat, over Rasa's REST webhook with the real Rasa and action
servers and the real store (SQLite and PostgreSQL): cancel, return, a new delivery address,
a new email or phone. Customer K-500 (Lin Okafor, PIN 5150) and her orders 6001-6006 are
these tests' own (tests/data/README.md); each test changes a different order."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.support.console import Agent, admin_client, eventually
from tests.support.stacks import BotStack, WebAppProcess

pytestmark = pytest.mark.e2e

PIN_PROMPT = "please type your PIN"


def verified(bot: BotStack, sender: str, request: str) -> str:
    """Ask REQUEST anonymously, then identify as Lin and give her PIN: the bot's answer."""
    assert "phone number, email or customer ID" in bot.say(sender, request)
    assert PIN_PROMPT in bot.say(sender, "my customer id is K-500")
    answer = bot.say(sender, "5150")
    assert answer.startswith("Thank you, you're verified."), answer
    return answer


def rows(bot: BotStack, sql: str, **params: Any) -> list[tuple]:
    engine = create_engine(bot.db_url, future=True)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def order_status(bot: BotStack, order_id: str) -> str:
    return rows(bot, "SELECT status FROM orders WHERE order_id = :o", o=order_id)[0][0]


def test_cancel_is_confirmed_first_and_answered_the_same_later(bot: BotStack,
                                                               sender: str) -> None:
    asked = verified(bot, sender, "hi, I want to cancel my order 6001")
    assert "Cancel order 6001, 1x backpack, $89.00?" in asked
    assert bot.say(sender, "no") == "Okay, I haven't changed anything. Order 6001 stays as it is."
    assert order_status(bot, "6001") == "placed"

    assert bot.say(sender, "ok actually please cancel order 6001") == (
        "Cancel order 6001, 1x backpack, $89.00?")
    done = bot.say(sender, "yes")
    assert done == "Done: order 6001 is cancelled. No payment was taken for it."
    assert order_status(bot, "6001") == "cancelled"
    assert rows(bot, "SELECT action, conversation_id, client FROM audit_log WHERE "
                     "username = 'customer:K-500' AND target = 'order 6001'") == [
        ("orders.cancel", sender, "rest")]
    assert rows(bot, "SELECT kind, old_value, new_value FROM account_changes WHERE "
                     "order_id = '6001'") == [("cancel", "placed", "cancelled")]

    # Later, in another conversation: the same answer, from the order itself.
    later = sender + "-later"
    bot.say(later, "what's the status of order 6001")
    answer = bot.say(later, "K-500")
    assert "Order 6001" in answer and "Status: cancelled" in answer
    assert "already cancelled" in bot.say(sender, "cancel order 6001")


def test_orders_that_cannot_be_cancelled_get_a_clear_answer(bot: BotStack, sender: str) -> None:
    shipped = verified(bot, sender, "cancelling order 6005")
    assert "6005 has already shipped, so it can't be cancelled" in shipped
    assert "return order 6005" in shipped
    someone_elses = bot.say(sender, "please cancel order 5003")  # Grace's
    assert "I couldn't find an order 5003 on your account" in someone_elses
    delivered = bot.say(sender, "can you cancel order 6003")
    assert "already been delivered" in delivered and "start a return instead?" in delivered
    assert bot.say(sender, "no thanks").startswith("Okay, I haven't changed anything.")
    assert [order_status(bot, o) for o in ("6005", "6003")] == ["shipped", "delivered"]
    assert rows(bot, "SELECT status FROM orders WHERE order_id = '5003'") == [("paid",)]
    assert rows(bot, "SELECT count(*) FROM account_changes WHERE conversation_id = :c",
                c=sender) == [(0,)]


def test_a_damaged_delivery_to_send_back_starts_its_return(bot: BotStack, sender: str) -> None:
    """The damage is the return's reason (no person, no reason asked), read back for a yes;
    an angry damage complaint still goes to a person. (Runs before the return below, which
    opens the return of 6003: here the answer is "no".)"""
    confirm = verified(bot, sender, "my order 6003 arrived damaged, I want to return it")
    assert confirm.endswith("Start a return of order 6003, 1x sleeping bag, $129.00, because: "
                            "it arrived damaged?"), confirm
    assert bot.say(sender, "no").startswith("Okay, I haven't changed anything.")
    assert rows(bot, "SELECT count(*) FROM order_returns WHERE order_id = '6003'") == [(0,)]
    assert not bot.tracker(sender)["slots"]["handoff_reason"]

    angry = sender + "-angry"  # a person (or a callback when nobody is free), with the reason
    answer = bot.say(angry, "my order 6003 arrived damaged and I'm absolutely furious")
    assert "I'll get a person from our team" in answer, answer
    assert bot.tracker(angry)["slots"]["handoff_reason"] == "damaged_order"
    assert rows(bot, "SELECT count(*) FROM order_returns WHERE order_id = '6003'") == [(0,)]


def test_a_return_gets_a_reason_a_number_and_the_refund(bot: BotStack, sender: str) -> None:
    reason = verified(bot, sender, "i'd like to return order 6003, it doesn't fit")
    assert "What's the reason for the return?" in reason
    confirm = bot.say(sender, "it's the wrong size")
    assert confirm == ("Start a return of order 6003, 1x sleeping bag, $129.00, because: it's "
                       "the wrong size?")
    done = bot.say(sender, "yes please")
    assert "The return number is RMA-6003" in done
    assert "prepaid return label" in done and "refund $129.00 to your original payment" in done
    assert rows(bot, "SELECT rma, reason, status, conversation_id FROM order_returns") == [
        ("RMA-6003", "it's the wrong size", "open", sender)]
    status = bot.say(sender, "what's the status of 6003")
    assert "A return is open for it: return number RMA-6003" in status

    old = bot.say(sender, "I want to return order 6004")
    assert "return window ended" in old and "connect you with a person?" in old
    assert rows(bot, "SELECT count(*) FROM order_returns WHERE order_id = '6004'") == [(0,)]


def test_a_new_address_is_read_back_and_the_agent_sees_it(
        bot: BotStack, console: WebAppProcess, sender: str) -> None:
    asked = verified(bot, sender, "I need to change the delivery address of order 6002")
    assert "What's the new delivery address?" in asked
    assert bot.say(sender, "somewhere nice").startswith("That doesn't look like a full address.")
    confirm = bot.say(sender, "12 Main Street, Springfield, IL 62704")
    assert confirm == ("Change the delivery address of order 6002 to: 12 Main Street, "
                       "Springfield, IL 62704? Please check it carefully.")
    assert bot.say(sender, "yes") == (
        "Done: order 6002 will be delivered to 12 Main Street, Springfield, IL 62704.")
    packed = bot.say(sender, "can you change the address of order 6006")
    assert "already packed, so its delivery address can't be changed" in packed

    ann = Agent(console.url, bot.db_url, "agent-self-service", ["orders"])
    assert "connecting you" in bot.say(sender, "I want to talk to a real person")
    handoff = eventually(lambda: ann.handoff_of(sender))
    context = ann.http.get(f"/api/handoffs/{handoff['id']}/context").json()
    order = next(o for o in context["orders"] if o["order_id"] == "6002")
    assert order["delivery_address"] == "12 Main Street, Springfield, IL 62704"
    assert [(c["kind"], c["order_id"], c["new_value"], c["conversation_id"])
            for c in context["changes"] if c["conversation_id"] == sender] == [
        ("address", "6002", "12 Main Street, Springfield, IL 62704", sender)]
    audit = admin_client(console.url).get("/api/audit", params={"user": "customer:K-500"})
    assert any(e["action"] == "orders.address" and e["conversation_id"] == sender
               for e in audit.json())


def test_email_and_phone_are_validated_and_the_old_ones_kept(bot: BotStack,
                                                              sender: str) -> None:
    asked = verified(bot, sender, "please change my email to lin.new@mail.example")
    assert "Change the email address on your account to lin.new@mail.example?" in asked
    assert bot.say(sender, "yes") == "Done: your email address is now lin.new@mail.example."

    assert bot.say(sender, "I got a new phone number, can you update it") == (
        "What's the new phone number? Please include the area code.")
    assert bot.say(sender, "call me maybe").startswith("That doesn't look like a phone number")
    assert bot.say(sender, "555 987 0555") == (
        "Change the phone number on your account to +15559870555?")
    assert bot.say(sender, "no").startswith("Okay, I haven't changed anything.")
    assert rows(bot, "SELECT phone, email FROM customers WHERE customer_id = 'K-500'") == [
        ("+15559870500", "lin.new@mail.example")]
    assert rows(bot, "SELECT kind, old_value, new_value FROM account_changes WHERE "
                     "conversation_id = :c", c=sender) == [
        ("email", "lin@okafor.example", "lin.new@mail.example")]

    # The new email identifies her from now on.
    again = sender + "-again"
    bot.say(again, "what's the status of order 6005")
    assert "Order 6005" in bot.say(again, "lin.new@mail.example")
