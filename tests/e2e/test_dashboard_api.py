"""The dashboard's API over the real stack (SQLite and PostgreSQL): real REST and voice-
channel conversations show up in /api/metrics, /api/conversations and a customer's history
with the right channel, outcome and counts; roles and bad parameters are answered properly.
CSAT is covered by the unit tests (tests/unit/test_metrics.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from helpdesk.accounts.users import AccountError, create_user
from tests.support.console import Agent, admin_client, eventually
from tests.support.stacks import BotStack, WebAppProcess

pytestmark = pytest.mark.e2e
ADMIN_PASSWORD = "admin-pass-1"


def admin(console: WebAppProcess) -> httpx.Client:
    return admin_client(console.url, ADMIN_PASSWORD)


def conversations_of(client: httpx.Client, sender: str, **params: Any) -> list[dict]:
    reply = client.get("/api/conversations", params={"q": sender, **params})
    reply.raise_for_status()
    return reply.json()


def voice_say(bot: BotStack, sender: str, text: str, caller: str) -> None:
    """A message as the voice gateway sends it: channel `voice`, caller ID as metadata."""
    bot.send_voice(sender, text, metadata={"caller_number": caller})


@pytest.fixture
def client(console: WebAppProcess, sender: str) -> Iterator[httpx.Client]:
    """The admin's API client; the test's handoffs are closed afterwards (others queue)."""
    client = admin(console)
    yield client
    for handoff in client.get("/api/handoffs").json():
        if handoff["conversation_id"].startswith(sender) and handoff["status"] != "closed":
            client.post(f"/api/handoffs/{handoff['id']}/close",
                        json={"resolution": "other", "return_to_bot": True})


def test_real_conversations_in_metrics_list_and_history(
        bot: BotStack, client: httpx.Client, sender: str) -> None:
    since = dt.datetime.now(dt.timezone.utc)
    order, lost, person, call = (f"{sender}-{name}" for name in ("order", "lost", "person",
                                                                  "call"))
    assert "phone number, email or customer ID" in bot.say(order, "where is my order 9001")
    assert "Order 9001" in bot.say(order, "victor@hugo.example")
    bot.say(lost, "/nlu_fallback")
    bot.say(person, "I want to talk to a real person")
    voice_say(bot, call, "where is my order 9001", "+33155550400")

    found = eventually(lambda: len(conversations_of(client, sender)) == 4
                       and conversations_of(client, sender))
    by_id = {c["conversation_id"]: c for c in found}
    assert [c["conversation_id"] for c in found] == [call, person, lost, order]  # newest first
    o = by_id[order]
    assert (o["channel"], o["outcome"], o["topic"], o["user_turns"], o["fallback_turns"],
            o["handed_off"]) == ("rest", "contained", "orders", 2, 0, False)
    assert o["customer"] == {"customer_id": "K-400", "name": "Victor Hugo", "tier": "standard"}
    assert (by_id[lost]["outcome"], by_id[lost]["fallback_turns"]) == ("abandoned", 1)
    assert by_id[lost]["customer"] is None
    assert (by_id[person]["outcome"], by_id[person]["handed_off"]) == ("handoff", True)
    assert (by_id[call]["channel"], by_id[call]["outcome"]) == ("voice", "contained")
    assert by_id[call]["customer"]["customer_id"] == "K-400"

    detail = client.get(f"/api/conversations/{o['id']}").json()
    assert [line["role"] for line in detail["transcript"]][:2] == ["user", "bot"]
    assert detail["transcript"][0]["text"] == "where is my order 9001"
    assert "check_order_status" in detail["intents"] and detail["csat_comment"] is None

    assert [c["conversation_id"] for c in conversations_of(client, sender, fallback="true")] == [
        lost]
    assert [c["conversation_id"] for c in conversations_of(client, sender, handoff="true")] == [
        person]
    assert [c["conversation_id"] for c in conversations_of(client, sender, channel="voice")] == [
        call]
    assert conversations_of(client, "Order 9001, placed on")  # text search in transcripts

    history = client.get("/api/customers/K-400/history").json()
    mine = [h for h in history if h["conversation_id"] in (order, call)]
    assert [(h["conversation_id"], h["channel"], h["topic"], h["repeat_contact"])
            for h in mine] == [(call, "voice", "orders", True), (order, "rest", "orders", False)]

    until = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)
    window = {"since": since.isoformat(), "until": until.isoformat()}
    m = client.get("/api/metrics", params=window).json()
    assert (m["conversations"], m["contained"], m["handoffs"]) == (4, 3, 1)
    assert m["containment_rate"] == 0.75 and m["handoff_rate"] == 0.25
    assert m["fallback_rate"] == 0.2  # 1 of 2 + 1 + 1 + 1 user messages
    assert m["fcr_conversations"] == 2 and m["first_contact_resolution"] == 0.5
    assert m["repeat_contacts"] == 1
    assert m["per_channel"]["rest"]["conversations"] == 3
    assert m["per_channel"]["voice"]["conversations"] == 1
    assert {"intent": "check_order_status", "count": 2} in m["top_intents"]
    assert sum(day["conversations"] for day in m["daily"]) == 4
    assert isinstance(m["top_unanswered"], list) and m["channel"] is None
    assert m["since"].startswith(since.isoformat()[:19])
    voice = client.get("/api/metrics", params={**window, "channel": "voice"}).json()
    assert (voice["conversations"], voice["handoffs"], voice["channel"]) == (1, 0, "voice")
    assert voice["first_contact_resolution"] == 1.0  # the repeat came on another channel

    # A session keeps one row however many turns it has.
    bot.say(order, "thanks")
    eventually(lambda: conversations_of(client, order)[0]["user_turns"] == 3)
    assert len(conversations_of(client, order)) == 1


def test_roles_and_bad_parameters(bot: BotStack, console: WebAppProcess) -> None:
    anonymous = httpx.Client(base_url=console.url, timeout=30)
    for path in ("/api/metrics", "/api/conversations", "/api/conversations/1",
                 "/api/customers/K-400/history"):
        assert anonymous.get(path).status_code == 401, path
    editor_name = f"editor-{uuid.uuid4().hex[:6]}"
    with contextlib.suppress(AccountError):
        create_user(editor_name, "editor-password-1", "editor", [], db_url=bot.db_url)
    token = anonymous.post("/api/login", json={"username": editor_name,
                                               "password": "editor-password-1"}).json()["token"]
    editor = httpx.Client(base_url=console.url, timeout=30,
                          headers={"Authorization": f"Bearer {token}"})
    assert editor.get("/api/metrics").status_code == 403
    assert editor.get("/api/conversations").status_code == 403

    agent = Agent(console.url, bot.db_url, f"agent-{uuid.uuid4().hex[:6]}").http
    default = agent.get("/api/metrics")
    assert default.status_code == 200
    span = (dt.datetime.fromisoformat(default.json()["until"])
            - dt.datetime.fromisoformat(default.json()["since"]))
    assert span == dt.timedelta(days=30)
    assert agent.get("/api/conversations").status_code == 200
    for path, params in [
        ("/api/metrics", {"since": "last tuesday"}),
        ("/api/metrics", {"until": "2026-13-45"}),
        ("/api/metrics", {"since": "2026-11-08", "until": "2026-11-01"}),
        ("/api/metrics", {"since": "2020-01-01", "until": "2026-01-01"}),
        ("/api/metrics", {"channel": "fax"}),
        ("/api/conversations", {"low_csat": "maybe"}),
        ("/api/conversations", {"limit": "0"}),
        ("/api/conversations", {"channel": "<script>"}),
        ("/api/conversations", {"since": "yesterday"}),
    ]:
        reply = agent.get(path, params=params)
        assert reply.status_code == 400, (path, params, reply.text)
        assert "error" in reply.json()
    for path in ("/api/conversations/999999", "/api/conversations/abc",
                 "/api/conversations/-1"):
        reply = agent.get(path)
        assert reply.status_code == 404 and "error" in reply.json(), path
    # An agent reads only the history of customers in their handoffs or the waiting queue.
    assert agent.get("/api/customers/NOBODY/history").status_code == 403
