"""Handoff to a person and lead capture, end to end: real Rasa and action servers, the real
web app, the real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.support.console import Agent, bot_texts, eventually, everyone_offline
from tests.support.stacks import BotStack, WebAppProcess

pytestmark = pytest.mark.e2e


def agent(console: WebAppProcess, bot: BotStack, skills: list[str] | None = None) -> Agent:
    return Agent(console.url, bot.db_url, f"agent-{uuid.uuid4().hex[:6]}", skills)


def test_handoff_with_context_both_ways_and_back_to_the_bot(
        bot: BotStack, console: WebAppProcess, sender: str) -> None:
    ann = agent(console, bot, ["orders"])
    bot.say(sender, "hi, my number is +1 555 987 0300")
    assert "Tulsa OK" in bot.say(sender, "has order 8001 shipped")  # her order, named
    asked = bot.say(sender, "I want to talk to a real person")
    assert "connecting you with a member of our team" in asked and "in the queue" in asked

    handoff = eventually(lambda: ann.handoff_of(sender))
    assert handoff["customer"] == {"customer_id": "K-300", "name": "Mia Solo", "tier": "standard"}
    assert handoff["channel"] == "rest" and handoff["reason"] == "customer_request"
    assert handoff["skill"] == "orders" and handoff["priority"] == 1
    assert "Mia Solo" in handoff["summary"] and "delivery tracking" in handoff["summary"]
    said = [(line["role"], line["text"]) for line in handoff["transcript"]]
    assert ("user", "has order 8001 shipped") in said
    assert any(role == "bot" and "Tulsa OK" in text for role, text in said)
    assert handoff["slots"]["customer_id"] == "K-300"

    # Waiting: the bot only tells the place in the queue; the message goes to the agent.
    waiting = bot.say(sender, "are you there?")
    assert "added that for the agent" in waiting

    assert ann.claim(handoff["id"]).status_code == 200
    eventually(lambda: any("connected with " + ann.name in t
                           for t in bot_texts(bot.tracker(sender))))
    hello = "Hi Mia, I'm Ann. I see your parcel had a problem."
    assert ann.reply(handoff["id"], hello).status_code == 201
    eventually(lambda: hello in bot_texts(bot.tracker(sender)))

    # While the agent owns it, the bot is silent, even for questions it could answer.
    assert bot.send(sender, "where is my order 5005") == []
    assert bot.send(sender, "what's my balance") == []
    lines = [t["text"] for t in ann.handoff_of(sender, "assigned")["transcript"]]
    assert "where is my order 5005" in lines and "what's my balance" in lines

    assert ann.close(handoff["id"], back_to_bot=True).status_code == 200
    eventually(lambda: any("back with the virtual assistant" in t
                           for t in bot_texts(bot.tracker(sender))))
    # Back with the bot, context intact: still identified as Mia.
    answer = bot.say(sender, "has order 8001 shipped")
    assert "Tulsa OK" in answer
    closed = next(h for h in ann.handoffs("closed") if h["id"] == handoff["id"])
    assert closed["status"] == "closed"


def test_two_agents_claiming_one_handoff_exactly_one_wins(
        bot: BotStack, console: WebAppProcess, sender: str) -> None:
    first, second = agent(console, bot), agent(console, bot)
    bot.say(sender, "agent please")
    handoff = eventually(lambda: first.handoff_of(sender))
    with ThreadPoolExecutor(2) as pool:
        codes = sorted(pool.map(lambda a: a.claim(handoff["id"]).status_code, [first, second]))
    assert codes == [200, 409]


def test_an_agent_message_racing_customer_messages_arrives_once(
        bot: BotStack, console: WebAppProcess, sender: str) -> None:
    ann = agent(console, bot)
    bot.say(sender, "can I speak to a human")
    handoff = eventually(lambda: ann.handoff_of(sender))
    assert ann.claim(handoff["id"]).status_code == 200
    text = f"Checking that for you ({uuid.uuid4().hex[:6]})"
    with ThreadPoolExecutor(4) as pool:
        replies = [pool.submit(ann.reply, handoff["id"], text)] + [
            pool.submit(bot.send, sender, f"hello {n}") for n in range(3)]
        for reply in replies:
            reply.result()
    eventually(lambda: text in bot_texts(bot.tracker(sender)))
    assert bot_texts(bot.tracker(sender)).count(text) == 1
    assert ann.close(handoff["id"], back_to_bot=False).status_code == 200


def test_the_bot_answers_again_when_the_agent_leaves_without_closing(
        bot: BotStack, console: WebAppProcess, sender: str) -> None:
    ann = agent(console, bot)
    bot.say(sender, "representative please")
    handoff = eventually(lambda: ann.handoff_of(sender))
    ann.claim(handoff["id"])
    assert ann.presence("away").status_code == 200
    requeued = eventually(lambda: ann.handoff_of(sender, "waiting"))
    assert requeued["assigned_to"] is None
    eventually(lambda: any("Your agent had to leave" in t for t in bot_texts(bot.tracker(sender))))


def test_no_agent_online_turns_into_a_lead_in_the_csv(
        bot: BotStack, console: WebAppProcess, sender: str) -> None:
    ann = agent(console, bot)
    everyone_offline(bot.db_url)
    first = bot.say(sender, "I need to talk to a person")
    assert "No one from our team is free right now" in first and "What's your name" in first
    assert "didn't catch a name" in bot.say(sender, "1234")
    assert "phone number" in bot.say(sender, "I'm Lena Park")
    assert "doesn't look like a phone number" in bot.say(sender, "call me maybe")
    assert "email" in bot.say(sender, "555 222 0199")
    assert "call you about" in bot.say(sender, "lena@park.example")
    assert "best time" in bot.say(sender, "a refund for a damaged tent")
    confirm = bot.say(sender, "weekdays after 5pm")
    assert "Here's what I have" in confirm and "+15552220199" in confirm
    assert "phone" in bot.say(sender, "change phone")
    assert "+15552220100" in bot.say(sender, "555 222 0100")
    saved = bot.say(sender, "yes")
    assert "Thanks, Lena" in saved and "+15552220100" in saved
    ann.presence("online")
    listed = ann.http.get("/api/leads").json()
    lead = next(x for x in listed if x["conversation_id"] == sender)
    assert lead["name"] == "Lena Park" and lead["reason"] == "no_agent"
    assert lead["email"] == "lena@park.example" and lead["source_channel"] == "rest"
    rows = list(csv.DictReader(io.StringIO(ann.http.get("/api/leads.csv").text)))
    assert any(r["conversation_id"] == sender and r["phone"] == "+15552220100" for r in rows)
    assert ann.handoff_of(sender) is None


def test_sales_interest_prefills_from_the_profile_only_when_verified_and_can_be_stopped(
        bot: BotStack, console: WebAppProcess, sender: str) -> None:
    ann = agent(console, bot)
    bot.say(sender, "my email is mia@solo.example")
    asked = bot.say(sender, "I want to buy 20 pairs of boots for my team")
    # A stated email is only a claim (CONTRACT §4): nothing is read back from the profile.
    assert "sales team" in asked and "What's your name?" in asked
    assert "saved nothing" in bot.say(sender, "stop")
    assert "verified" in bot.say(sender, "my pin is 8080")
    asked = bot.say(sender, "I want to buy 20 pairs of boots for my team")
    assert "sales team" in asked and "best time" in asked  # name, phone, email, interest known
    confirm = bot.say(sender, "tomorrow morning")
    assert "Mia Solo" in confirm and "+15559870300" in confirm and "20 pairs" in confirm
    stopped = bot.say(sender, "stop")
    assert "saved nothing" in stopped
    assert not any(x["conversation_id"] == sender for x in ann.http.get("/api/leads").json())
    # The bot is itself again.
    assert "Tulsa OK" in bot.say(sender, "has my parcel shipped")


def test_console_api_rejects_bad_input(bot: BotStack, console: WebAppProcess) -> None:
    ann = agent(console, bot)
    assert ann.claim(999999).status_code == 404
    assert ann.http.post("/api/handoffs/abc/claim").status_code == 404
    assert ann.http.get("/api/handoffs", params={"status": "lost"}).status_code == 400
    assert ann.http.post("/api/handoffs/1/messages", content=b"{nope").status_code == 400
    assert ann.http.put("/api/agents/me/presence", json={"presence": "busy"}).status_code == 400
    assert ann.http.patch("/api/leads/999999", json={"status": "won"}).status_code == 404
    assert ann.http.get("/api/leads", params={"since": "yesterday"}).status_code == 400
    anonymous = ann.http.get("/api/handoffs", headers={"Authorization": ""})
    assert anonymous.status_code == 401


def test_editors_cannot_use_the_console_api(bot: BotStack, console: WebAppProcess,
                                            tmp_path: Path) -> None:
    import httpx

    from helpdesk.accounts.users import create_user

    name = f"editor-{uuid.uuid4().hex[:6]}"
    create_user(name, "editor-password-1", "editor", db_url=bot.db_url)
    token = httpx.post(f"{console.url}/api/login",
                       json={"username": name, "password": "editor-password-1"}).json()["token"]
    reply = httpx.get(f"{console.url}/api/handoffs", headers={"Authorization": f"Bearer {token}"})
    assert reply.status_code == 403


def test_a_complaint_goes_to_a_person_with_its_reason(
        bot: BotStack, console: WebAppProcess, sender: str) -> None:
    ann = agent(console, bot)
    reply = bot.say(sender, "this is the worst service ever, I'm furious")
    assert "sorry" in reply.lower() and "connecting you" in reply
    handoff = eventually(lambda: ann.handoff_of(sender))
    assert handoff["reason"] == "angry_customer" and "angry customer" in handoff["summary"]
    nonsense = bot.say(sender + "-2", "purple monkey dishwasher")
    assert "connecting you" not in nonsense  # a guess of the NLU is not a complaint


def test_vip_buying_interest_goes_to_a_person_first(
        bot: BotStack, console: WebAppProcess, sender: str) -> None:
    ann = agent(console, bot, ["sales"])
    bot.say(sender, "my email is grace@navy.example")
    # A stated email is only a claim (CONTRACT §4): "VIP" would tell whose email it is.
    claimed = bot.say(sender, "we want to buy 30 rain jackets for our company")
    assert "VIP" not in claimed and "Grace" not in claimed and "sales team" in claimed
    assert "saved nothing" in bot.say(sender, "stop")
    assert "verified" in bot.say(sender, "my pin is 2468")
    reply = bot.say(sender, "we want to buy 30 rain jackets for our company")
    assert "VIP" in reply and "connecting you" in reply
    handoff = eventually(lambda: ann.handoff_of(sender))
    assert handoff["reason"] == "vip_intent" and handoff["skill"] == "sales"
    assert handoff["priority"] == 3 and handoff["customer"]["tier"] == "vip"


def test_an_agent_cannot_act_on_another_agents_handoff_or_unknown_ids(
        bot: BotStack, console: WebAppProcess, sender: str) -> None:
    ann, bob = agent(console, bot), agent(console, bot)
    bot.say(sender, "agent please")
    handoff = eventually(lambda: ann.handoff_of(sender))
    assert ann.claim(handoff["id"]).status_code == 200
    # Bob knows the id but does not own the conversation.
    assert bob.reply(handoff["id"], "hello from Bob").status_code == 403
    assert bob.close(handoff["id"]).status_code == 403
    assert "hello from Bob" not in bot_texts(bot.tracker(sender))
    for unknown in (999_999_999, "abc", "1;DROP TABLE handoffs"):
        assert bob.http.post(f"/api/handoffs/{unknown}/claim").status_code in (400, 404)
        assert bob.http.get(f"/api/handoffs/{unknown}").status_code in (400, 404)
    assert bob.http.patch("/api/leads/999999999", json={"status": "won"}).status_code == 404
    assert ann.close(handoff["id"], back_to_bot=False).status_code == 200
