"""What is stored stays masked, end to end on the real stack (SQLite and PostgreSQL): a PIN
typed to an agent during a handoff, a PIN keyed in on a call (keypad digits in the message
metadata), the lead being taken down, an unanswered question with personal data. Each
test reads back what was stored: the tracker (through Rasa's API, which reads the tracker
store), the tracker store's own rows, the handoff transcript, the conversation review and
the unanswered-question list."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from helpdesk.faq.unanswered import list_unanswered
from tests.support.console import Agent, admin_client, bot_texts, eventually, everyone_offline
from tests.support.stacks import BotStack, WebAppProcess

pytestmark = pytest.mark.e2e
ADMIN_PASSWORD = "admin-pass-1"  # tests/e2e/conftest.py `console`


def agent(console: WebAppProcess, bot: BotStack) -> Agent:
    return Agent(console.url, bot.db_url, f"agent-{uuid.uuid4().hex[:6]}")


def admin(console: WebAppProcess) -> httpx.Client:
    return admin_client(console.url, ADMIN_PASSWORD)


def user_event_dumps(tracker: dict[str, Any]) -> list[str]:
    """Each stored user message as JSON: text, parse data, entities and metadata (the
    timestamp left out: a float may hold any digits by chance)."""
    return [json.dumps({k: v for k, v in event.items() if k != "timestamp"})
            for event in tracker["events"] if event["event"] == "user"]


def stored_rows(bot: BotStack, sender: str) -> list[dict[str, Any]]:
    """The tracker store's own rows of a conversation, as written."""
    engine = create_engine(bot.tracker_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"),
                                {"s": sender}).scalars().all()
    finally:
        engine.dispose()
    return [json.loads(row) for row in rows]


def test_a_pin_typed_to_the_agent_is_masked_in_tracker_transcript_and_review(
        bot: BotStack, console: WebAppProcess, sender: str) -> None:
    ann = agent(console, bot)
    assert "connecting you" in bot.say(sender, "I want to talk to a real person")
    handoff = eventually(lambda: ann.handoff_of(sender))
    assert ann.claim(handoff["id"]).status_code == 200
    ask = "To look into your account, please tell me your PIN."
    assert ann.reply(handoff["id"], ask).status_code == 201
    eventually(lambda: ask in bot_texts(bot.tracker(sender)))

    # The attack: the customer types the PIN to the agent (the bot never asked for it).
    assert bot.send(sender, "4 3 2 1") == []
    assert bot.send(sender, "thanks") == []

    stored = user_event_dumps(bot.tracker(sender))
    assert not [e for e in stored if "4 3 2 1" in e or "4321" in e], stored
    assert any('"text": "****"' in e for e in stored)
    transcript = eventually(lambda: [
        (t["role"], t["text"]) for t in ann.handoff_of(sender, "assigned")["transcript"]
        if t["role"] == "user" and t["text"] in ("****", "thanks")])
    assert ("user", "****") in transcript
    lines = ann.handoff_of(sender, "assigned")["transcript"]
    assert not [t for t in lines if "4 3 2 1" in t["text"] or "4321" in t["text"]]

    review = admin(console)
    found = eventually(lambda: review.get("/api/conversations", params={"q": sender}).json())
    detail = review.get(f"/api/conversations/{found[0]['id']}").json()
    assert not [t for t in detail["transcript"] if "4 3 2 1" in t["text"] or "4321" in t["text"]]
    assert ann.close(handoff["id"]).status_code == 200


def test_a_pin_keyed_in_on_a_call_is_masked_in_the_stored_metadata(
        bot: BotStack, sender: str) -> None:
    call = {"call_id": sender, "transport": "twilio"}
    assert "PIN" not in bot.say_voice(sender, "what's my store credit balance", metadata=call)
    asked = bot.say_voice(sender, "my email is grace@navy.example", metadata=call)
    assert "PIN" in asked
    # The gateway sends keypad digits as the message and as metadata `dtmf`.
    answer = bot.say_voice(sender, "2468", metadata={**call, "dtmf": "2468"})
    assert "72.25" in answer  # the PIN went through

    stored = user_event_dumps(bot.tracker(sender))
    assert not [e for e in stored if "2468" in e], stored
    keyed = [json.loads(e) for e in stored if '"dtmf"' in e]
    assert keyed and keyed[-1]["metadata"]["dtmf"] == "****"
    rows = [json.dumps(row) for row in stored_rows(bot, sender) if row["event"] == "user"]
    assert rows and not [row for row in rows if "2468" in row]


def test_the_lead_draft_is_stored_sealed_and_the_lead_still_comes_out_right(
        bot: BotStack, console: WebAppProcess, sender: str) -> None:
    ann = agent(console, bot)
    everyone_offline(bot.db_url)
    assert "What's your name" in bot.say(sender, "I need to talk to a person")
    assert "phone number" in bot.say(sender, "I'm Lena Quist")
    assert "email" in bot.say(sender, "555 222 0177")
    assert "call you about" in bot.say(sender, "lena@quist.example")
    assert "best time" in bot.say(sender, "a refund for a damaged tent")
    confirm = bot.say(sender, "weekdays after 5pm")
    assert "+15552220177" in confirm and "Lena Quist" in confirm  # the draft came back

    drafts = [row for row in stored_rows(bot, sender)
              if row["event"] == "slot" and row["name"] == "lead_draft" and row["value"]]
    assert drafts and all(set(row["value"]) == {"sealed"} for row in drafts)
    sealed = json.dumps(drafts)
    for secret in ("Lena", "Quist", "2220177", "lena@quist.example", "damaged tent"):
        assert secret not in sealed, secret

    saved = bot.say(sender, "yes")
    assert "Thanks, Lena" in saved
    ann.presence("online")
    lead = next(x for x in ann.http.get("/api/leads").json() if x["conversation_id"] == sender)
    assert (lead["name"], lead["phone"], lead["email"]) == (
        "Lena Quist", "+15552220177", "lena@quist.example")


def test_an_unanswered_question_is_listed_without_personal_data(
        bot: BotStack, sender: str) -> None:
    questions = {
        "gold saddles": "do you sell unicorn saddles in gold? I paid with 4111 1111 1111 1111",
        "silver saddles": "do you sell unicorn saddles in silver? ask ada.lovelace@engine.example",
        "pony pin": "my pin 1234 is for what, do you sell saddles for a pony",
    }
    for n, question in enumerate(questions.values()):
        assert "can't help with that" in bot.say(f"{sender}-{n}", question)
    listed = {marker: [q.text for q in list_unanswered(limit=1000, db_url=bot.db_url)
                       if marker.split()[0] in q.text and marker.split()[1] in q.text]
              for marker in questions}
    assert listed == {
        "gold saddles": ["do you sell unicorn saddles in gold? I paid with **** **** **** 1111"],
        "silver saddles": ["do you sell unicorn saddles in silver? ask a***@engine.example"],
        "pony pin": ["my pin **** is for what, do you sell saddles for a pony"]}
    engine = create_engine(bot.db_url)
    try:
        with engine.connect() as conn:
            raw = str(conn.execute(text(
                "SELECT text, normalized, conversation_id FROM unanswered_questions "
                "WHERE normalized LIKE '%saddles%'")).all())
    finally:
        engine.dispose()
    for secret in ("4111", "ada.lovelace", "lovelace", "1234"):
        assert secret not in raw, secret
