"""The web app's event loop stays free while a request waits on blocking work.

A login's argon2 check, the token lookup of an authenticated request and an FAQ query are
made to block on a threading.Event; while one is held there, GET /health on the same app
(same process, same loop) must be answered, and the held request must still be pending.
Were the blocking call made on the loop, the loop would stand still until the Event's
timeout, the held request would finish first, and the test fails. No timed assertions.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import argon2
import httpx
import pytest
from sanic import Sanic

from helpdesk.accounts.api_tokens import issue_token
from helpdesk.accounts.users import create_user
from helpdesk.config import get_settings
from helpdesk.web import api_faq, auth
from helpdesk.web.app import create_app

HELD_AT_MOST_S = 30.0  # only reached when the loop is blocked (the test then fails)


class Gate:
    """Wraps a blocking function: a call waits until `release()` (or HELD_AT_MOST_S)."""

    def __init__(self, blocked: Callable[..., Any]) -> None:
        self.blocked = blocked
        self.entered = threading.Event()  # a call is waiting at the gate
        self.released = threading.Event()
        self.left = threading.Event()  # the waiting call went on (released or timed out)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.entered.set()
        self.released.wait(HELD_AT_MOST_S)
        self.left.set()
        return self.blocked(*args, **kwargs)


@asynccontextmanager
async def serving(app: Sanic) -> AsyncIterator[httpx.AsyncClient]:
    """The app on a free local port, on this test's event loop, and a client for it."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = await app.create_server(sock=listener, access_log=False,
                                     return_asyncio_server=True)  # listening now
    await server.startup()
    await server.before_start()  # as `app.run` does: the listeners, sanic-ext's set-up
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}",
                                     timeout=HELD_AT_MOST_S * 2) as client:
            yield client
    finally:
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()


async def health_answered_while_held(app: Sanic, gate: Gate, method: str, path: str,
                                     **request: Any) -> httpx.Response:
    """Send METHOD PATH, hold it at GATE, check /health meanwhile; the held reply."""
    async with serving(app) as client:
        held = asyncio.create_task(client.request(method, path, **request))
        assert await asyncio.to_thread(gate.entered.wait, HELD_AT_MOST_S)
        health = await client.get("/health")
        assert health.status_code == 200
        assert not gate.left.is_set() and not held.done(), "the loop waited on the call"
        gate.released.set()
        return await held


@pytest.fixture
def app(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Sanic:
    monkeypatch.setattr(Sanic, "test_mode", True)  # one app per test, all named alike
    return create_app(get_settings().web)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_slow_password_check_does_not_hold_up_other_requests(
        app: Sanic, monkeypatch: pytest.MonkeyPatch) -> None:
    create_user("ann", "ann-password-1", "editor")
    gate = Gate(argon2.PasswordHasher.verify)
    monkeypatch.setattr(argon2.PasswordHasher, "verify",
                        lambda hasher, *args, **kwargs: gate(hasher, *args, **kwargs))
    reply = asyncio.run(health_answered_while_held(
        app, gate, "POST", "/api/login", json={"username": "ann", "password": "ann-password-1"}))
    assert reply.status_code == 200 and reply.json()["role"] == "editor"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_slow_token_lookup_does_not_hold_up_other_requests(
        app: Sanic, monkeypatch: pytest.MonkeyPatch) -> None:
    token = issue_token(create_user("ann", "ann-password-1", "agent"), 600)
    gate = Gate(auth.user_for_token)
    monkeypatch.setattr(auth, "user_for_token", gate)
    reply = asyncio.run(health_answered_while_held(
        app, gate, "GET", "/api/me", headers={"Authorization": f"Bearer {token}"}))
    assert reply.status_code == 200 and reply.json()["username"] == "ann"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_slow_faq_query_does_not_hold_up_other_requests(
        app: Sanic, monkeypatch: pytest.MonkeyPatch) -> None:
    token = issue_token(create_user("ed", "editor-pass-1", "editor"), 600)
    gate = Gate(api_faq.list_entries)
    monkeypatch.setattr(api_faq, "list_entries", gate)
    reply = asyncio.run(health_answered_while_held(
        app, gate, "GET", "/api/faq", headers={"Authorization": f"Bearer {token}"}))
    assert reply.status_code == 200 and reply.json() == []
