"""Scale-out on the real local PostgreSQL and Redis: two Rasa servers and two action
servers behind Debian's nginx, started exactly as `make run-scaled` starts them."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
import socketio

from helpdesk.config import Settings
from helpdesk.crm.importer import import_directory
from helpdesk.ops.scaled_stack import ScaledPorts, scaled_services
from helpdesk.store.migrate import upgrade_database
from tests.conftest import TEST_CRM_DIR
from tests.e2e.test_csat_and_widget_channel import WidgetClient, texts
from tests.e2e.test_internal_endpoints import listening
from tests.support.databases import fresh_database
from tests.support.stacks import free_port, wait_healthy

pytestmark = pytest.mark.e2e

REDIS_URL = "redis://127.0.0.1:6379/6"
MIA_PHONE = "+15559870300"
SHOP_ORIGIN = "http://shop.example"


@dataclass
class ScaledStack:
    rasa_url: str  # nginx, public: the customer paths only
    backends: list[str]  # each Rasa server
    processes: dict[str, subprocess.Popen]
    logs: Path
    internal_url: str = ""  # nginx, loopback: Rasa's whole HTTP API
    api_token: str = field(default="", repr=False)

    def send(self, base: str, sender: str, text: str) -> list[dict[str, Any]]:
        reply = httpx.post(f"{base}/webhooks/rest/webhook",
                           json={"sender": sender, "message": text}, timeout=60)
        reply.raise_for_status()
        return reply.json()

    def say(self, base: str, sender: str, text: str) -> str:
        return " ".join(m.get("text", "") for m in self.send(base, sender, text))

    def tracker(self, base: str, sender: str) -> dict[str, Any]:
        reply = httpx.get(f"{base}/conversations/{sender}/tracker",
                          params={"token": self.api_token}, timeout=30)
        reply.raise_for_status()
        return reply.json()


@pytest.fixture(scope="module")
def scaled(trained_model: Path, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[ScaledStack]:
    work = tmp_path_factory.mktemp("scaled")
    prefix = f"test{uuid.uuid4().hex[:8]}"  # Rasa wants an alphanumeric prefix
    with fresh_database("postgresql", work, "crm") as crm_url, \
            fresh_database("postgresql", work, "tracker") as tracker_url:
        upgrade_database(crm_url)
        assert import_directory(TEST_CRM_DIR, crm_url).ok
        ports = ScaledPorts(free_port(), free_port(), (free_port(), free_port()),
                            (free_port(), free_port()), rasa_internal=free_port())
        saved = {k: os.environ.get(k) for k in ("TRACKER_STORE_URL", "LOCK_STORE_URL",
                                                  "LOCK_STORE_PREFIX", "HELPDESK_WIDGET_ORIGINS")}
        os.environ.update(TRACKER_STORE_URL=tracker_url, LOCK_STORE_URL=REDIS_URL,
                          LOCK_STORE_PREFIX=prefix, HELPDESK_WIDGET_ORIGINS=SHOP_ORIGIN)
        try:  # settings of this environment (Rasa's --cors comes from them)
            settings = Settings(**{**Settings.from_env().__dict__, "db_url": crm_url,
                                   "console_port": free_port()})
            services = scaled_services(settings, trained_model, ports, work / "nginx",
                                       with_voice=False)
        finally:
            for key, value in saved.items():
                os.environ.pop(key, None) if value is None else os.environ.update({key: value})
        processes: dict[str, subprocess.Popen] = {}
        try:
            for name, command, env in services:
                log = open(work / f"{name}.log", "w")  # noqa: SIM115 - child's lifetime
                processes[name] = subprocess.Popen(command, env=env, stdout=log,
                                                   stderr=subprocess.STDOUT)
            backends = [f"http://127.0.0.1:{port}" for port in ports.rasa_backends]
            for index, port in enumerate(ports.actions_backends, start=1):
                wait_healthy(f"http://127.0.0.1:{port}/health", processes[f"actions-{index}"],
                             work / f"actions-{index}.log")
            for index, url in enumerate(backends, start=1):
                wait_healthy(f"{url}/health", processes[f"rasa-{index}"],
                             work / f"rasa-{index}.log")
            wait_healthy(f"http://127.0.0.1:{ports.rasa}/health", processes["nginx"],
                         work / "nginx" / "error.log")
            yield ScaledStack(f"http://127.0.0.1:{ports.rasa}", backends, processes, work,
                              ports.internal_rasa_url, services[0][2]["RASA_API_TOKEN"])
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            for process in processes.values():
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter(f"{prefix}*"):
                client.delete(key)


def user_and_bot_events(tracker: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["event"], e.get("text") or "") for e in tracker["events"]
            if e["event"] in ("user", "bot")]


def test_one_conversation_alternating_between_two_rasa_servers(scaled: ScaledStack) -> None:
    sender = f"alt-{uuid.uuid4().hex[:8]}"
    first, second = scaled.backends
    assert "Thanks." in scaled.say(first, sender, f"hi, my number is {MIA_PHONE}")
    # Identified on the first server, the second one knows her (and her order).
    assert "Tulsa OK" in scaled.say(second, sender, "has order 8001 shipped")
    questions = [f"where is my order 800{n}" for n in range(1, 7)]
    for index, question in enumerate(questions):
        scaled.say(scaled.backends[index % 2], sender, question)
    for tracker in (scaled.tracker(first, sender), scaled.tracker(second, sender)):
        said = [text for kind, text in user_and_bot_events(tracker) if kind == "user"]
        assert said == [f"hi, my number is {MIA_PHONE}", "has order 8001 shipped", *questions]
        # Each message is followed by its own answer, once.
        events = user_and_bot_events(tracker)
        for question in questions:
            at = events.index(("user", question))
            assert question.split()[-1] in events[at + 1][1]


def test_messages_sent_at_once_to_both_servers_are_each_stored_once(
        scaled: ScaledStack) -> None:
    sender = f"race-{uuid.uuid4().hex[:8]}"
    scaled.say(scaled.backends[0], sender, f"hi, my number is {MIA_PHONE}")
    texts_sent = [f"where is my order 800{n}" for n in range(1, 9)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda pair: scaled.send(scaled.backends[pair[0] % 2], sender, pair[1]),
                      enumerate(texts_sent)))
    events = user_and_bot_events(scaled.tracker(scaled.backends[1], sender))
    said = [text for kind, text in events if kind == "user"]
    assert sorted(said[1:]) == sorted(texts_sent) and len(said) == 9
    # The Redis lock store serialised them: every message is answered before the next.
    for index, (kind, _) in enumerate(events[:-1]):
        if kind == "user":
            assert events[index + 1][0] == "bot"


def test_a_widget_on_one_server_hears_an_agent_message_sent_through_the_other(
        scaled: ScaledStack) -> None:
    """socket.io rooms are shared through Redis: the web app's delivery may run on any
    Rasa server and still reach the browser."""
    listening, delivering = scaled.backends

    async def chat() -> tuple[str, list[dict[str, Any]]]:
        widget = WidgetClient(listening)
        session = await widget.open()
        try:
            await widget.say("hello")
            reply = httpx.post(
                f"{delivering}/conversations/{session}/trigger_intent",
                params={"output_channel": "latest", "token": scaled.api_token},
                json={"name": "bot_challenge"}, timeout=30)
            assert reply.status_code == 200, reply.text
            heard = [await asyncio.wait_for(widget.received.get(), 20)]
            return session, heard
        finally:
            await widget.close()

    session, heard = asyncio.run(chat())
    assert "virtual assistant" in texts(heard)
    assert session


def test_only_the_allowed_sites_may_open_the_widget(scaled: ScaledStack) -> None:
    async def connect(origin: str) -> bool:
        # Straight to one server: this test client long-polls, which (unlike the widget's
        # WebSocket) would need sticky sessions behind nginx's round robin.
        widget = WidgetClient(scaled.backends[1])
        try:
            await widget.open(headers={"Origin": origin})
        except socketio.exceptions.ConnectionError:
            return False
        await widget.close()
        return True

    assert asyncio.run(connect(SHOP_ORIGIN))
    assert not asyncio.run(connect("http://evil.example"))
    preflight = httpx.options(f"{scaled.rasa_url}/webhooks/rest/webhook", headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    assert preflight.headers.get("access-control-allow-origin") != "http://evil.example"


def test_through_nginx_a_killed_server_does_not_stop_the_conversation(
        scaled: ScaledStack) -> None:
    sender = f"kill-{uuid.uuid4().hex[:8]}"
    assert "Tulsa OK" in scaled.say(scaled.rasa_url, sender,
                                    f"my number is {MIA_PHONE}, has order 8001 shipped")
    scaled.say(scaled.rasa_url, sender, "where is my order 8001")
    victim = scaled.processes["rasa-1"]
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=10)
    try:
        for n in range(2, 6):  # nginx skips the dead server; the state lives in PostgreSQL
            assert f"800{n}" in scaled.say(scaled.rasa_url, sender, f"where is my order 800{n}")
        said = [t for k, t in user_and_bot_events(scaled.tracker(scaled.internal_url, sender))
                if k == "user"]
        assert said[1:] == [f"where is my order 800{n}" for n in range(1, 6)]
    finally:
        scaled.processes["rasa-1"] = victim


def test_nginx_keeps_rasas_http_api_off_the_public_port(scaled: ScaledStack) -> None:
    """Issue 14: the public port forwards only the customer paths; even with the right
    token, /conversations, /model and /status answer nginx's 404 there. The stack's own
    processes use the loopback-only internal listener, which still needs the token."""
    sender = f"api-{uuid.uuid4().hex[:8]}"
    assert scaled.say(scaled.rasa_url, sender, "hello")
    token = {"token": scaled.api_token}
    for method, path in (("GET", f"/conversations/{sender}/tracker"),
                         ("POST", f"/conversations/{sender}/tracker/events"),
                         ("GET", "/model"), ("GET", "/status"), ("GET", "/")):
        reply = httpx.request(method, f"{scaled.rasa_url}{path}", params=token, json=[],
                              timeout=30)
        assert reply.status_code == 404, (path, reply.text)
        assert reply.json() == {"error": "not found"}
        # Nor through a path that nginx normalises to one of them.
        sneaky = httpx.request(method, f"{scaled.rasa_url}/webhooks/%2e%2e{path}",
                               params=token, json=[], timeout=30)
        assert sneaky.status_code in (400, 404) and "events" not in sneaky.text
    assert httpx.get(f"{scaled.rasa_url}/health", timeout=10).status_code == 200
    inside = f"{scaled.internal_url}/conversations/{sender}/tracker"
    assert httpx.get(inside, timeout=30).status_code in (401, 403)
    assert scaled.tracker(scaled.internal_url, sender)["sender_id"] == sender
    # Without HELPDESK_BIND every listener of the stack is on loopback, nginx's included.
    for name, process in scaled.processes.items():
        if process.poll() is None:
            addresses = {address for address, _ in listening(process.pid)}
            assert addresses == {"127.0.0.1"}, (name, addresses)
