"""The web app's JSON API: login, roles, FAQ editing, preview, history, OpenAPI, bad input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from helpdesk.accounts.users import create_user
from helpdesk.store.migrate import upgrade_database
from tests.support.databases import fresh_database
from tests.support.stacks import WebAppProcess, start_web_app

pytestmark = pytest.mark.e2e
ADMIN_PASSWORD = "admin-secret-1"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def web(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[WebAppProcess, str]]:
    work = tmp_path_factory.mktemp(f"web-{request.param}")
    with fresh_database(request.param, work, "web") as url:
        upgrade_database(url)
        create_user("ed", "editor-pass-1", "editor", db_url=url)
        create_user("agnes", "agent-pass-1", "agent", ["orders"], db_url=url)
        app = start_web_app(url, work, {"HELPDESK_ADMIN_PASSWORD": ADMIN_PASSWORD,
                                        "HELPDESK_LOGIN_RATE": "8/minute"})
        try:
            yield app, url
        finally:
            app.stop()


_tokens: dict[tuple[str, str], dict[str, str]] = {}


def login(web: WebAppProcess, user: str, password: str) -> dict[str, str]:
    """Bearer header for `user` (one login per app and user; logout tests log in afresh)."""
    if (web.url, user) in _tokens and user != "agnes":
        return _tokens[(web.url, user)]
    reply = httpx.post(f"{web.url}/api/login", json={"username": user, "password": password})
    assert reply.status_code == 200, reply.text
    _tokens[(web.url, user)] = {"Authorization": f"Bearer {reply.json()['token']}"}
    return _tokens[(web.url, user)]


def test_login_roles_and_logout(web) -> None:
    app, _ = web
    assert httpx.get(f"{app.url}/api/faq").status_code == 401
    assert httpx.post(f"{app.url}/api/login",
                      json={"username": "ed", "password": "wrong"}).status_code == 401
    editor = login(app, "ed", "editor-pass-1")
    agent = login(app, "agnes", "agent-pass-1")
    admin = login(app, "admin", ADMIN_PASSWORD)
    assert httpx.get(f"{app.url}/api/faq", headers=editor).status_code == 200
    assert httpx.get(f"{app.url}/api/faq", headers=agent).status_code == 403
    assert httpx.get(f"{app.url}/api/users", headers=editor).status_code == 403
    users = httpx.get(f"{app.url}/api/users", headers=admin).json()
    assert {u["username"]: u["role"] for u in users} == {
        "admin": "admin", "agnes": "agent", "ed": "editor"}
    assert httpx.post(f"{app.url}/api/logout", headers=agent).status_code == 200
    assert httpx.get(f"{app.url}/api/me", headers=agent).status_code == 401
    bogus = {"Authorization": "Bearer not-a-token"}
    assert httpx.get(f"{app.url}/api/me", headers=bogus).status_code == 401


def test_login_is_rate_limited(web) -> None:
    app, _ = web
    codes = [httpx.post(f"{app.url}/api/login",
                        json={"username": "victim", "password": f"guess{i}"}).status_code
             for i in range(10)]
    assert codes[:8] == [401] * 8 and codes[8:] == [429, 429]


def test_faq_editing_history_revert_and_preview(web) -> None:
    app, _ = web
    editor = login(app, "ed", "editor-pass-1")
    created = httpx.post(f"{app.url}/api/faq", headers=editor, json={
        "question": "Do you rent out climbing ropes?", "answer": "Yes, $12 a day.",
        "alternates": ["can i hire a rope"], "tags": ["rentals"]})
    assert created.status_code == 201
    entry_id = created.json()["id"]
    preview = httpx.post(f"{app.url}/api/faq/preview", headers=editor,
                         json={"question": "can I rent a climbing rope"}).json()
    assert preview["decision"] == "answer" and preview["matches"][0]["id"] == entry_id
    assert preview["matches"][0]["score"] > 0.6
    changed = httpx.put(f"{app.url}/api/faq/{entry_id}", headers=editor, json={
        "question": "Do you rent out climbing ropes?", "answer": "Yes, $15 a day."})
    assert changed.json()["version"] == 2
    history = httpx.get(f"{app.url}/api/faq/{entry_id}/history", headers=editor).json()
    assert [h["change"] for h in history] == ["update", "create"]
    assert history[1]["snapshot"]["answer"] == "Yes, $12 a day."
    assert httpx.delete(f"{app.url}/api/faq/{entry_id}", headers=editor).status_code == 200
    assert httpx.get(f"{app.url}/api/faq/{entry_id}", headers=editor).status_code == 404
    reverted = httpx.post(f"{app.url}/api/faq/{entry_id}/revert", headers=editor,
                          json={"version": 1}).json()
    assert reverted["answer"] == "Yes, $12 a day." and not reverted["deleted"]
    found = httpx.get(f"{app.url}/api/faq", headers=editor, params={"q": "ROPES"}).json()
    assert [e["id"] for e in found] == [entry_id]


@pytest.mark.parametrize("method, path, body", [
    ("post", "/api/faq", "not json"),
    ("post", "/api/faq", "[1, 2]"),
    ("post", "/api/faq", '{"question": "", "answer": "x"}'),
    ("post", "/api/faq", '{"question": "<script>alert(1)</script>", "answer": 7}'),
    ("put", "/api/faq/999999", '{"question": "q", "answer": "a"}'),
    ("put", "/api/faq/abc", '{"question": "q", "answer": "a"}'),
    ("get", "/api/faq/1%27%20OR%201=1", None),
    ("delete", "/api/faq/-5", None),
    ("post", "/api/faq/1/revert", '{"version": "one"}'),
    ("post", "/api/faq/preview", '{"question": 42}'),
    ("post", "/api/login", '{"username": ["x"]}'),
    ("get", "/api/nothing-here", None),
])
def test_bad_requests_get_a_clear_4xx(web, method: str, path: str, body: str | None) -> None:
    app, _ = web
    editor = login(app, "ed", "editor-pass-1")
    reply = httpx.request(method.upper(), f"{app.url}{path}", headers=editor, content=body)
    assert 400 <= reply.status_code < 500, reply.text
    assert "error" in reply.json()


def test_openapi_document_matches_the_served_routes(web) -> None:
    app, _ = web
    spec = httpx.get(f"{app.url}/docs/openapi.json").json()
    paths = spec["paths"]
    for path, method in [("/api/login", "post"), ("/api/faq", "get"), ("/api/faq", "post"),
                         ("/api/faq/{entry_id}", "put"), ("/api/faq/{entry_id}", "delete"),
                         ("/api/faq/{entry_id}/history", "get"),
                         ("/api/faq/preview", "post"), ("/api/faq/unanswered", "get"),
                         ("/api/users", "post")]:
        assert method in paths.get(path, {}), (path, method)
    editor = login(app, "ed", "editor-pass-1")
    for path, operations in paths.items():
        if "{" in path:
            continue
        for method in operations:
            reply = httpx.request(method.upper(), f"{app.url}{path}", headers=editor,
                                  json={})
            assert reply.status_code != 404 and reply.status_code < 500, (path, method)


def test_pages_have_security_headers(web) -> None:
    app, _ = web
    page = httpx.get(f"{app.url}/faq")
    assert page.status_code == 200
    assert page.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert httpx.get(f"{app.url}/static/..%2F..%2Fcrm%2Fmodels.py").status_code == 404


def test_command_line_user_add(web, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    _, url = web
    helpdesk = str(Path(sys.executable).with_name("helpdesk"))
    env = {**os.environ, "HELPDESK_DB_URL": url}
    done = subprocess.run([helpdesk, "user", "add", "carl", "--role", "agent", "--password",
                           "carl-pass-12", "--skills", "orders,Billing"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "skills billing, orders" in done.stdout
    again = subprocess.run([helpdesk, "user", "add", "carl", "--role", "agent", "--password",
                            "carl-pass-12"], env=env, capture_output=True, text=True)
    assert again.returncode != 0 and "already exists" in again.stderr


def test_every_change_is_in_the_audit_log_for_admins_only(web) -> None:
    app, _ = web

    def fresh_login(user: str, password: str) -> dict[str, str]:  # other tests log out
        reply = httpx.post(f"{app.url}/api/login", json={"username": user, "password": password})
        assert reply.status_code == 200, reply.text
        return {"Authorization": f"Bearer {reply.json()['token']}"}

    editor = fresh_login("ed", "editor-pass-1")
    admin = fresh_login("admin", ADMIN_PASSWORD)
    created = httpx.post(f"{app.url}/api/faq", headers=editor, json={
        "question": "Do you sell gift cards?", "answer": "Yes, in any amount from $10.",
        "alternates": [], "tags": ["payments"]})
    assert created.status_code == 201
    entry = created.json()["id"]
    assert httpx.delete(f"{app.url}/api/faq/{entry}", headers=editor).status_code == 200
    # A refused change is not an action: it is not logged.
    assert httpx.delete(f"{app.url}/api/faq/{entry}", headers=fresh_login(
        "agnes", "agent-pass-1")).status_code == 403

    log = httpx.get(f"{app.url}/api/audit", params={"user": "ed"}, headers=admin)
    assert log.status_code == 200
    actions = [(e["username"], e["role"], e["action"], e["target"]) for e in log.json()]
    assert ("ed", "editor", "faq.delete", f"DELETE /api/faq/{entry}") == actions[0]
    assert actions[1] == ("ed", "editor", "faq.create", "POST /api/faq")
    assert any(a[2] == "login" for a in actions)
    # ed's wrong password (test_login_roles_and_logout) is there too, without the password.
    changes = [e for e in log.json() if not e["action"].startswith("login.")]
    assert all(e["at"] and e["status"] in (200, 201) for e in changes)
    assert all(e["status"] == 401 and e["role"] == "" for e in log.json()
               if e["action"] == "login.failed")
    assert "wrong" not in str(log.json())
    assert not [e for e in httpx.get(f"{app.url}/api/audit", params={"user": "agnes"},
                                     headers=admin).json() if e["action"] == "faq.delete"]
    assert httpx.get(f"{app.url}/api/audit", headers=editor).status_code == 403
    assert httpx.get(f"{app.url}/api/audit").status_code == 401
    assert httpx.get(f"{app.url}/api/audit", params={"since": "yesterday"},
                     headers=admin).status_code == 400
    assert httpx.get(f"{app.url}/api/audit", params={"limit": "0"},
                     headers=admin).status_code == 400
    page = httpx.get(f"{app.url}/audit")
    assert page.status_code == 200 and "Audit log" in page.text
