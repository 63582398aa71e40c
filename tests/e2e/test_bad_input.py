"""Bad input over the REST webhook: clear 4xx or a polite answer, never a 500 or a leak."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from helpdesk.crm.models import Customer
from tests.support.stacks import BotStack

pytestmark = pytest.mark.e2e


def post_raw(bot: BotStack, content: bytes) -> httpx.Response:
    return httpx.post(f"{bot.rasa_url}/webhooks/rest/webhook", content=content,
                      headers={"Content-Type": "application/json"}, timeout=60)


@pytest.mark.parametrize("body", [
    b"{not json", b"[1, 2, 3]", b'"just a string"', b'{"message": "hi"}',
    b'{"sender": 5, "message": "hi"}', b'{"sender": "x", "message": {"a": 1}}',
    b'{"sender": "x", "message": "hi", "metadata": [1]}',
    b'{"sender": "x", "message": "caf\xe9"}',
])
def test_malformed_bodies_get_400_json(bot: BotStack, body: bytes) -> None:
    reply = post_raw(bot, body)
    assert reply.status_code == 400
    assert "error" in reply.json()


def test_sql_injection_text_changes_nothing(bot: BotStack, sender: str) -> None:
    answer = bot.say(sender, "where is my order 1'; DROP TABLE customers; --")
    assert answer
    bot.say(sender, "nobody@x.example' OR '1'='1")
    engine = create_engine(bot.db_url, future=True)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Customer)) == 5
    engine.dispose()
    assert bot.tracker(sender)["slots"]["customer_id"] is None


def test_html_is_not_reflected(bot: BotStack, sender: str) -> None:
    answer = bot.say(sender, "<script>alert('x')</script> where is order <b>5001</b>")
    assert "<script>" not in answer and "<b>" not in answer


@pytest.mark.parametrize("text", ["", "   ", "a" * 10_240, "🙂" * 50, "\x00\x01 hello"])
def test_empty_long_and_odd_messages_are_answered(bot: BotStack, sender: str, text: str) -> None:
    reply = httpx.post(f"{bot.rasa_url}/webhooks/rest/webhook",
                       json={"sender": sender, "message": text}, timeout=60)
    assert reply.status_code == 200
    assert isinstance(reply.json(), list)


def test_oversized_message_is_rejected(bot: BotStack, sender: str) -> None:
    reply = httpx.post(f"{bot.rasa_url}/webhooks/rest/webhook",
                       json={"sender": sender, "message": "a" * 50_000}, timeout=60)
    assert reply.status_code == 400


def test_unknown_sender_gets_a_normal_conversation(bot: BotStack) -> None:
    assert "Hi, welcome" in bot.say("never-seen-before-sender-ü", "hello")


def test_a_flood_of_messages_in_one_conversation_is_slowed_down(bot: BotStack,
                                                                  sender: str) -> None:
    """HELPDESK_CHAT_RATE (30 a minute per conversation by default)."""
    url = f"{bot.rasa_url}/webhooks/rest/webhook"
    codes = [httpx.post(url, json={"sender": sender, "message": "/greet"}, timeout=60)
             for _ in range(32)]
    assert [c.status_code for c in codes[:30]] == [200] * 30
    refused = codes[-1]
    assert refused.status_code == 429 and "wait a moment" in refused.json()["error"]
    # Other conversations are not affected.
    assert bot.say(f"{sender}-other", "hi")
