"""Staff see only what they should, and logins cannot be guessed at (SQLite and PostgreSQL).

- Agent B reads agent A's conversation (review list, transcript) and A's customer's history:
  nothing (404 / 403); A and the admin read them.
- Wrong passwords for one user name from many client addresses are throttled by the
  per-name limit (no single address reaches its own limit), the right password is then
  refused too, every failure is in the audit log with the user name and address, and no
  password is.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from helpdesk.accounts.users import create_user
from helpdesk.crm.importer import import_directory
from helpdesk.store.migrate import upgrade_database
from tests.support.console import Agent, eventually
from tests.support.databases import DB_KINDS, fresh_database
from tests.support.stacks import BotStack, WebAppProcess, start_web_app

pytestmark = pytest.mark.e2e
ADMIN_PASSWORD = "admin-pass-1"  # tests/e2e/conftest.py `console`
# A customer of this test only, so no other test's waiting handoff opens her history.
NORA = ("customer_id,name,phone,email,tier,pin,language\n"
        "K-914,Nora Quill,+15559870914,nora@quill.example,standard,9147,en\n")


def login(url: str, name: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=30)
    reply = client.post("/api/login", json={"username": name, "password": password})
    reply.raise_for_status()
    client.headers["Authorization"] = f"Bearer {reply.json()['token']}"
    return client


def test_an_agent_cannot_read_another_agents_conversation_or_customer(
        bot: BotStack, console: WebAppProcess, sender: str, tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_text(NORA)
    assert import_directory(tmp_path, bot.db_url).ok
    ann = Agent(console.url, bot.db_url, f"agent-{uuid.uuid4().hex[:6]}")
    bob = Agent(console.url, bot.db_url, f"agent-{uuid.uuid4().hex[:6]}")
    admin = login(console.url, "admin", ADMIN_PASSWORD)
    bot.say(sender, "my email is nora@quill.example")
    assert "connecting you" in bot.say(sender, "I want to talk to a real person")
    handoff = eventually(lambda: ann.handoff_of(sender))
    assert (handoff["customer"] or {}).get("customer_id") == "K-914"
    assert ann.claim(handoff["id"]).status_code == 200

    row = eventually(lambda: admin.get("/api/conversations", params={"q": sender}).json())[0]
    conversation, history = f"/api/conversations/{row['id']}", "/api/customers/K-914/history"
    # Ann's own conversation and customer.
    assert [c["id"] for c in ann.http.get("/api/conversations", params={"q": sender}).json()
            ] == [row["id"]]
    assert ann.http.get(conversation).json()["conversation_id"] == sender
    assert [h["conversation_id"] for h in ann.http.get(history).json()] == [sender]
    # The attack: Bob knows the ids.
    assert bob.http.get("/api/conversations", params={"q": sender}).json() == []
    assert all(c["conversation_id"] != sender for c in bob.http.get("/api/conversations").json())
    denied = bob.http.get(conversation)
    assert denied.status_code == 404 and "error" in denied.json()
    refused = bob.http.get(history)
    assert refused.status_code == 403 and "error" in refused.json()
    assert bob.http.get("/api/customers/NOBODY/history").status_code == 403  # same answer
    # The admin sees everything.
    assert admin.get(conversation).status_code == 200
    assert [h["conversation_id"] for h in admin.get(history).json()] == [sender]
    assert ann.close(handoff["id"]).status_code == 200
    assert bob.http.get(conversation).status_code == 404  # closed: still Ann's


@pytest.fixture(scope="module", params=DB_KINDS)
def proxied_web(request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebAppProcess]:
    """A web app behind one proxy (it takes the client address from X-Forwarded-For), with
    small login limits: 3 failures per address and name, 6 per name."""
    work = tmp_path_factory.mktemp(f"logins-{request.param}")
    with fresh_database(request.param, work, "logins") as url:
        upgrade_database(url)
        create_user("carla", "carla-pass-123", "agent", db_url=url)
        create_user("dora", "dora-pass-1234", "agent", db_url=url)
        app = start_web_app(url, work, {
            "HELPDESK_ADMIN_PASSWORD": ADMIN_PASSWORD, "SANIC_PROXIES_COUNT": "1",
            "HELPDESK_LOGIN_RATE": "3/minute", "HELPDESK_LOGIN_USER_RATE": "6/minute"})
        try:
            yield app
        finally:
            app.stop()


def test_guessing_one_users_password_from_many_addresses_is_throttled_and_audited(
        proxied_web: WebAppProcess) -> None:
    url = proxied_web.url

    def attempt(address: str, password: str, name: str = "carla") -> httpx.Response:
        return httpx.post(f"{url}/api/login", json={"username": name, "password": password},
                          headers={"X-Forwarded-For": address}, timeout=30)

    guesses = [f"guess-{n}-x9" for n in range(8)]
    codes = [attempt(f"203.0.113.{n // 2 + 1}", guess).status_code  # 2 tries per address
             for n, guess in enumerate(guesses)]
    assert codes == [401] * 6 + [429] * 2
    locked = attempt("198.51.100.7", "carla-pass-123")  # a fresh address, the right password
    assert locked.status_code == 429
    assert "error" in locked.json() and int(locked.headers["Retry-After"]) >= 1
    assert attempt("198.51.100.7", "dora-pass-1234", "dora").status_code == 200

    admin = login(url, "admin", ADMIN_PASSWORD)
    entries = admin.get("/api/audit", params={"user": "carla"}).json()
    failed = [e for e in entries if e["action"] == "login.failed"]
    assert len(failed) == 6 and {e["status"] for e in failed} == {401}
    assert {e["client"] for e in failed} == {"203.0.113.1", "203.0.113.2", "203.0.113.3"}
    throttled = [e for e in entries if e["action"] == "login.throttled"]
    assert throttled and {e["status"] for e in throttled} == {429}
    assert {e["client"] for e in throttled} >= {"203.0.113.4", "198.51.100.7"}
    everything = str(admin.get("/api/audit", params={"limit": "1000"}).json())
    assert not [g for g in [*guesses, "carla-pass-123"] if g in everything]
    log = Path(proxied_web.log).read_text()
    assert "login.failed: user name 'carla' from 203.0.113.1" in log
    assert not [g for g in [*guesses, "carla-pass-123"] if g in log]
