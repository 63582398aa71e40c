"""Issue 14, the open doors: what an attacker who merely reaches a port of the stack gets.

Before the fix Rasa's HTTP API ran without a token on 0.0.0.0 (any tracker could be read
and written: forged `customer_id` + `verified` slots made the bot read out that
customer's balance), and the action server answered any forged `/webhook` call on
0.0.0.0. Each test performs the attack against the real stack (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
import rasa_sdk

from helpdesk.security.internal_auth import INTERNAL_SECRET_HEADER
from tests.support.stacks import BotStack, WebAppProcess, free_port, start_voice_gateway

pytestmark = pytest.mark.e2e

ALAN = "K-200"  # prepaid balance GBP 18.00 in tests/data/crm/accounts.csv
ALANS_BALANCE = ("18.00", "£18")
FORGED_SLOTS = [{"event": "slot", "name": "customer_id", "value": ALAN},
                {"event": "slot", "name": "verified", "value": True}]
REFUSED = (401, 403)


def leaks_balance(text: str) -> bool:
    return any(amount in text for amount in ALANS_BALANCE)


def test_rasas_http_api_refuses_forged_slots_and_reads_without_the_token(
        bot: BotStack, sender: str) -> None:
    assert bot.say(sender, "hello")
    events_url = f"{bot.rasa_url}/conversations/{sender}/tracker/events"
    for params in ({}, {"token": "wrong-token"}, {"token": ""}):
        forged = httpx.post(events_url, params=params, json=FORGED_SLOTS, timeout=30)
        assert forged.status_code in REFUSED, forged.text
    answer = bot.say(sender, "what is my prepaid balance")
    assert not leaks_balance(answer), answer
    slots = bot.tracker(sender)["slots"]  # with the token: the forged slots never landed
    assert slots["customer_id"] is None and not slots["verified"]

    tracker_url = f"{bot.rasa_url}/conversations/{sender}/tracker"
    for params in ({}, {"token": "wrong-token"}):
        read = httpx.get(tracker_url, params=params, timeout=30)
        assert read.status_code in REFUSED and "prepaid balance" not in read.text
    assert httpx.get(tracker_url, params={"token": bot.api_token},
                     timeout=30).json()["sender_id"] == sender
    # The rest of the API is closed too; the customer paths stay open.
    for method, path, body in (
            ("GET", "/status", None), ("GET", "/domain", None),
            ("POST", "/model/parse", {"text": "hello"}),
            ("POST", f"/conversations/{sender}/execute", {"name": "action_balance"}),
            ("POST", f"/conversations/{sender}/trigger_intent", {"name": "greet"}),
            ("PUT", f"/conversations/{sender}/tracker/events", FORGED_SLOTS)):
        reply = httpx.request(method, f"{bot.rasa_url}{path}", json=body, timeout=30)
        assert reply.status_code in REFUSED, (path, reply.status_code)
    assert httpx.get(f"{bot.rasa_url}/health", timeout=10).status_code == 200
    assert bot.tracker(sender)["slots"]["customer_id"] is None


def forged_action_call(bot: BotStack, sender: str) -> dict[str, Any]:
    """What an attacker would post to the action server: a real tracker of an anonymous
    conversation with Alan's id and `verified` set by hand."""
    bot.say(sender, "what is my prepaid balance")
    tracker = bot.tracker(sender)
    tracker["slots"].update(customer_id=ALAN, verified=True, awaiting=None)
    domain = httpx.get(f"{bot.rasa_url}/domain", params={"token": bot.api_token},
                       headers={"Accept": "application/json"}, timeout=30)
    domain.raise_for_status()
    return {"next_action": "action_balance", "sender_id": sender, "tracker": tracker,
            "domain": domain.json(), "version": rasa_sdk.__version__}


def test_the_action_server_refuses_a_forged_call_without_the_secret(
        bot: BotStack, sender: str) -> None:
    call = forged_action_call(bot, sender)
    webhook = f"{bot.actions_url}/webhook"
    for headers in ({}, {INTERNAL_SECRET_HEADER: "guessed"},
                    {INTERNAL_SECRET_HEADER: bot.internal_secret[:-1]}):
        forged = httpx.post(webhook, json=call, headers=headers, timeout=30)
        assert forged.status_code == 403, forged.text
        assert "error" in forged.json() and not leaks_balance(forged.text)
    listing = httpx.get(f"{bot.actions_url}/actions", timeout=10)
    assert listing.status_code == 403 and "action_balance" not in listing.text
    assert httpx.get(f"{bot.actions_url}/health", timeout=10).status_code == 200
    # The same call with the secret Rasa sends is served: it is the secret that counts.
    served = httpx.post(webhook, json=call, timeout=30,
                        headers={INTERNAL_SECRET_HEADER: bot.internal_secret})
    assert served.status_code == 200, served.text
    assert {"events", "responses"} <= set(served.json())


def listening(pid: int) -> set[tuple[str, int]]:
    """(address, port) of every TCP socket PID and its children listen on."""
    process = psutil.Process(pid)
    found = set()
    for each in (process, *process.children(recursive=True)):
        for connection in each.net_connections(kind="inet"):
            if connection.status == psutil.CONN_LISTEN:
                found.add((connection.laddr.ip, connection.laddr.port))
    return found


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def test_rasa_the_action_server_and_the_web_app_listen_on_loopback_only(
        bot: BotStack, console: WebAppProcess) -> None:
    for process, url in ((bot.processes[-1], bot.rasa_url), (bot.processes[0], bot.actions_url),
                         (console.process, console.url)):
        sockets = listening(process.pid)
        assert ("127.0.0.1", port_of(url)) in sockets
        assert {address for address, _ in sockets} == {"127.0.0.1"}, (url, sockets)


@pytest.mark.parametrize("bind", ["", "0.0.0.0"], ids=["default", "opened"])
def test_the_voice_gateway_and_audiosocket_listen_where_helpdesk_bind_says(
        bind: str, tmp_path: Path) -> None:
    """No HELPDESK_BIND: loopback only, AudioSocket included (it listened on 0.0.0.0
    whatever was set); HELPDESK_BIND=0.0.0.0 opens both on purpose."""
    gateway = start_voice_gateway(f"http://127.0.0.1:{free_port()}", tmp_path,
                                  {"HELPDESK_BIND": bind})
    try:
        sockets = listening(gateway.process.pid)
    finally:
        gateway.stop()
    expected = bind or "127.0.0.1"
    assert (expected, port_of(gateway.url)) in sockets
    assert (expected, gateway.audiosocket_port) in sockets
    assert {address for address, _ in sockets} == {expected}, sockets


def test_an_unknown_sender_cannot_guess_their_way_in(bot: BotStack) -> None:
    """The token is the stack's own, not a guessable default."""
    assert len(bot.api_token) >= 32 and len(bot.internal_secret) >= 32
    assert bot.api_token != bot.internal_secret
    sender = f"guess-{uuid.uuid4().hex[:8]}"
    for guess in ("rasa", "token", "secret", "admin", "changeme"):
        reply = httpx.get(f"{bot.rasa_url}/conversations/{sender}/tracker",
                          params={"token": guess}, timeout=10)
        assert reply.status_code in REFUSED
