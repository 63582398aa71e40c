"""Nobody reaches another customer's data, by voice or through the console API (chat has
its own tests in test_chat_journeys.py):

- a caller identified by caller ID hears about another customer's order exactly what they
  would hear about an order that does not exist, and never gets another's balance;
- an agent cannot read or act on another agent's handoff, cannot reach a conversation
  through the handoff id of another one, and every customer data endpoint answers 401
  without a token and 403 to the wrong role.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Iterator

import httpx
import pytest

from helpdesk.accounts.users import AccountError, create_user
from tests.support.console import Agent, bot_texts, eventually
from tests.support.stacks import BotStack, WebAppProcess
from tests.support.voice_calls import READ_BACKS, TwilioCaller

pytestmark = pytest.mark.e2e

MIA = "+15559870300"  # K-300, one order (8001), store credit $5.00, PIN 8080
GRACES_ORDER, NO_ORDER = "5002", "6999"  # Grace (K-100): store credit $72.25, PIN 2468
ADMIN_PASSWORD = "admin-pass-1"


def run(coroutine: object) -> object:
    return asyncio.run(asyncio.wait_for(coroutine, 240))


def answers(bot: BotStack, sender: str) -> list[tuple[str, str]]:
    """(what the customer said, what the bot answered) for each customer turn."""
    turns: list[tuple[str, str]] = []
    for event in bot.tracker(sender)["events"]:
        if event["event"] == "user":
            turns.append((event.get("text") or "", ""))
        elif event["event"] == "bot" and event.get("text") and turns:
            said, answer = turns[-1]
            turns[-1] = (said, f"{answer} {event['text']}".strip())
    return turns


# --- by voice ------------------------------------------------------------------------------
def test_a_caller_asking_for_another_customers_order_hears_it_does_not_exist(
        voice_stack) -> None:
    bot, gateway = voice_stack

    async def call() -> str:
        async with TwilioCaller(gateway.ws_url, caller=MIA) as caller:
            await caller.next_answer()
            await caller.say("Where is order five zero zero two?")
            await caller.next_answer()
            said = [t for t in bot_texts(bot.tracker(caller.call_sid)) if t]
            if any(r in said[-1] for r in READ_BACKS):
                await caller.say("Yes.")  # not one of Mia's orders: read back first
                await caller.next_answer()
            for number in (GRACES_ORDER, NO_ORDER):
                await caller.press(f"{number}#")
                await caller.next_answer()
            return caller.call_sid

    call_sid = run(call())
    turns = answers(bot, call_sid)
    spoken, keyed, missing = turns[-3][1], turns[-2][1], turns[-1][1]
    assert turns[-2][0] == GRACES_ORDER and turns[-1][0] == NO_ORDER
    for answer in (spoken, keyed):
        assert "couldn't find" in answer
        for detail in ("hiking boots", "240", "delivered", "FedEx", "Grace"):
            assert detail not in answer, (detail, answer)
    assert keyed.replace(GRACES_ORDER, "N") == missing.replace(NO_ORDER, "N")
    assert bot.tracker(call_sid)["slots"]["customer_id"] == "K-300"


def test_a_caller_cannot_get_another_customers_balance(voice_stack) -> None:
    bot, gateway = voice_stack

    async def call() -> str:
        async with TwilioCaller(gateway.ws_url, caller=MIA) as caller:
            await caller.next_answer()
            await caller.say("What is Grace Hopper's store credit balance?")
            await caller.next_answer()
            for pin in ("2468", "8080"):  # Grace's PIN, then the caller's own
                await caller.press(f"{pin}#")
                await caller.next_answer()
            return caller.call_sid

    call_sid = run(call())
    turns = answers(bot, call_sid)
    asked, graces_pin, own_pin = turns[-3][1], turns[-2][1], turns[-1][1]
    assert "PIN" in asked
    assert "doesn't match" in graces_pin
    assert "verified" in own_pin and "$5.00" in own_pin
    assert all("72.25" not in answer for _, answer in turns)
    slots = bot.tracker(call_sid)["slots"]
    assert slots["customer_id"] == "K-300" and slots["verified"] is True


# --- the console API -----------------------------------------------------------------------
def agent(console: WebAppProcess, bot: BotStack) -> Agent:
    return Agent(console.url, bot.db_url, f"agent-{uuid.uuid4().hex[:6]}")


def client(console: WebAppProcess, username: str, password: str) -> httpx.Client:
    http = httpx.Client(base_url=console.url, timeout=30)
    reply = http.post("/api/login", json={"username": username, "password": password})
    reply.raise_for_status()
    http.headers["Authorization"] = f"Bearer {reply.json()['token']}"
    return http


@pytest.fixture
def admin(console: WebAppProcess, sender: str) -> Iterator[httpx.Client]:
    """The admin's client; the test's handoffs are closed afterwards."""
    http = client(console, "admin", ADMIN_PASSWORD)
    yield http
    for handoff in http.get("/api/handoffs").json():
        if handoff["conversation_id"].startswith(sender) and handoff["status"] != "closed":
            http.post(f"/api/handoffs/{handoff['id']}/close",
                      json={"resolution": "other", "return_to_bot": True})


def ask_for_a_person(bot: BotStack, conversation: str, owner: Agent) -> dict:
    """Mia asks for a person in `conversation`; `owner` claims the handoff."""
    bot.say(conversation, "hi, my number is +1 555 987 0300")
    assert "connecting you" in bot.say(conversation, "I want to talk to a real person")
    handoff = eventually(lambda: owner.handoff_of(conversation))
    assert owner.claim(handoff["id"]).status_code == 200
    return handoff


def test_an_agent_cannot_read_or_act_on_another_agents_handoff(
        bot: BotStack, console: WebAppProcess, admin: httpx.Client, sender: str) -> None:
    ann, bob = agent(console, bot), agent(console, bot)
    handoff = ask_for_a_person(bot, sender, ann)
    path = f"/api/handoffs/{handoff['id']}"

    for state in ("assigned", "closed"):
        assert bob.http.get(path).status_code == 403
        assert bob.http.get(f"{path}/context").status_code == 403
        assert handoff["id"] not in [h["id"] for h in bob.handoffs(state)]
        assert handoff["id"] not in [h["id"] for h in bob.handoffs()]
        assert bob.claim(handoff["id"]).status_code == 409
        assert bob.reply(handoff["id"], "hello from Bob").status_code in (403, 409)
        assert bob.close(handoff["id"]).status_code in (403, 409)
        # The owner and the admin still see all of it.
        for reader in (ann.http, admin):
            assert reader.get(path).json()["conversation_id"] == sender
            assert reader.get(f"{path}/context").json()["profile"]["customer_id"] == "K-300"
        assert handoff["id"] in [h["id"] for h in ann.handoffs(state)]
        if state == "assigned":
            assert ann.close(handoff["id"]).status_code == 200
    assert "hello from Bob" not in bot_texts(bot.tracker(sender))


def test_a_handoff_id_reaches_only_its_own_conversation(
        bot: BotStack, console: WebAppProcess, admin: httpx.Client, sender: str) -> None:
    ann, bob = agent(console, bot), agent(console, bot)
    mine, theirs = f"{sender}-ann", f"{sender}-bob"
    ann_handoff = ask_for_a_person(bot, mine, ann)
    bob_handoff = ask_for_a_person(bot, theirs, bob)

    # Another agent's handoff id: refused, and nothing reaches that conversation.
    assert ann.reply(bob_handoff["id"], "a note for Bob's customer").status_code == 403
    # Ann's own id, naming the other conversation in the body: the line goes to hers only.
    sent = ann.http.post(f"/api/handoffs/{ann_handoff['id']}/messages",
                         json={"text": "a line for Ann's customer", "conversation_id": theirs,
                               "handoff_id": bob_handoff["id"]})
    assert sent.status_code == 201
    eventually(lambda: "a line for Ann's customer" in bot_texts(bot.tracker(mine)))
    # A closed handoff's id no longer reaches its conversation, now with another agent.
    assert ann.close(ann_handoff["id"], back_to_bot=True).status_code == 200
    assert "connecting you" in bot.say(mine, "I need a person again please")
    again = eventually(lambda: bob.handoff_of(mine))
    assert again["id"] != ann_handoff["id"]
    assert bob.claim(again["id"]).status_code == 200
    assert ann.reply(ann_handoff["id"], "one more thing").status_code == 409
    assert ann.http.get(f"/api/handoffs/{again['id']}").status_code == 403
    bob_view = bob.http.get(f"/api/handoffs/{again['id']}").json()
    assert "one more thing" not in [line["text"] for line in bob_view["transcript"]]

    theirs_said = bot_texts(bot.tracker(theirs))
    assert not [t for t in theirs_said if "note for Bob's" in t or "line for Ann's" in t]
    assert "one more thing" not in bot_texts(bot.tracker(mine))


def test_customer_data_endpoints_answer_only_their_roles(
        bot: BotStack, console: WebAppProcess, admin: httpx.Client, sender: str) -> None:
    bot.say(sender, "hi, my number is +1 555 987 0300")
    bot.say(sender, "I want to talk to a real person")
    handoff = eventually(lambda: next((h for h in admin.get("/api/handoffs").json()
                                       if h["conversation_id"] == sender), None))
    review = eventually(lambda: admin.get("/api/conversations", params={"q": sender}).json())
    reads = ["/api/customers/K-300/history", "/api/conversations",
             f"/api/conversations/{review[0]['id']}", "/api/leads", "/api/leads.csv",
             "/api/handoffs", f"/api/handoffs/{handoff['id']}",
             f"/api/handoffs/{handoff['id']}/context", "/api/metrics"]
    writes = [("POST", f"/api/handoffs/{handoff['id']}/claim", None),
              ("POST", f"/api/handoffs/{handoff['id']}/messages", {"text": "hi"}),
              ("POST", f"/api/handoffs/{handoff['id']}/close",
               {"resolution": "other", "return_to_bot": True}),
              ("PATCH", "/api/leads/1", {"status": "won"})]

    editor_name = f"editor-{uuid.uuid4().hex[:6]}"
    with contextlib.suppress(AccountError):
        create_user(editor_name, "editor-password-1", "editor", [], db_url=bot.db_url)
    editor = client(console, editor_name, "editor-password-1")
    anonymous = httpx.Client(base_url=console.url, timeout=30)
    forged = httpx.Client(base_url=console.url, timeout=30,
                          headers={"Authorization": "Bearer not-a-real-token"})
    staff = agent(console, bot).http

    for path in reads:
        assert anonymous.get(path).status_code == 401, path
        assert forged.get(path).status_code == 401, path
        assert editor.get(path).status_code == 403, path
        assert staff.get(path).status_code == 200, path
        assert admin.get(path).status_code == 200, path
    for method, path, body in writes:
        assert anonymous.request(method, path, json=body).status_code == 401, path
        assert editor.request(method, path, json=body).status_code == 403, path
    assert "Mia" not in editor.get(f"/api/handoffs/{handoff['id']}/context").text
