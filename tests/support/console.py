"""Test helpers for the agent side: an API client per agent, waiting for a condition."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from sqlalchemy import select, update

from helpdesk.accounts.models import User
from helpdesk.accounts.users import AccountError, create_user
from helpdesk.handoffs.models import AgentState
from helpdesk.store.database import session_scope

T = TypeVar("T")
PASSWORD = "agent-password-123"
ADMIN_PASSWORD = "admin-pass-1"  # the `console` fixture's admin (tests/e2e/conftest.py)


def admin_client(web_url: str, password: str = ADMIN_PASSWORD) -> httpx.Client:
    """An API client logged in as the built-in admin."""
    client = httpx.Client(base_url=web_url, timeout=30)
    reply = client.post("/api/login", json={"username": "admin", "password": password})
    reply.raise_for_status()
    client.headers["Authorization"] = f"Bearer {reply.json()['token']}"
    return client


def eventually(check: Callable[[], T], timeout: float = 10.0, every: float = 0.2) -> T:
    """The first truthy result of `check` within `timeout` seconds, else AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s (last: {result!r})")
        time.sleep(every)


def everyone_offline(db_url: str) -> None:
    with session_scope(db_url) as session:
        session.execute(update(AgentState).values(presence="offline"))


def online_agent(db_url: str, name: str = "voice-agent") -> None:
    """An agent who is online without a console (for tests that only need one to exist)."""
    with contextlib.suppress(AccountError):
        create_user(name, PASSWORD, "agent", [], db_url=db_url)
    with session_scope(db_url) as session:
        user = session.execute(select(User).where(User.username == name)).scalar_one()
        state = session.get(AgentState, user.id) or AgentState(user_id=user.id, capacity=99)
        state.presence, state.last_seen, state.capacity = "online", dt.datetime.now(
            dt.timezone.utc), 99
        session.add(state)


class Agent:
    """An agent logged in to the web app's API."""

    def __init__(self, web_url: str, db_url: str, name: str,
                 skills: list[str] | None = None) -> None:
        with contextlib.suppress(AccountError):  # made by an earlier test on this stack
            create_user(name, PASSWORD, "agent", skills or [], db_url=db_url)
        self.name = name
        self.http = httpx.Client(base_url=web_url, timeout=30)
        reply = self.http.post("/api/login", json={"username": name, "password": PASSWORD})
        reply.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {reply.json()['token']}"

    def handoffs(self, status: str | None = None) -> list[dict[str, Any]]:
        reply = self.http.get("/api/handoffs", params={"status": status} if status else None)
        reply.raise_for_status()
        return reply.json()

    def handoff_of(self, conversation_id: str, status: str = "waiting") -> dict[str, Any] | None:
        return next((h for h in self.handoffs(status)
                     if h["conversation_id"] == conversation_id), None)

    def claim(self, handoff_id: int) -> httpx.Response:
        return self.http.post(f"/api/handoffs/{handoff_id}/claim")

    def reply(self, handoff_id: int, text: str) -> httpx.Response:
        return self.http.post(f"/api/handoffs/{handoff_id}/messages", json={"text": text})

    def close(self, handoff_id: int, back_to_bot: bool = True,
              resolution: str = "resolved") -> httpx.Response:
        return self.http.post(f"/api/handoffs/{handoff_id}/close",
                              json={"resolution": resolution, "return_to_bot": back_to_bot})

    def presence(self, presence: str) -> httpx.Response:
        return self.http.put("/api/agents/me/presence", json={"presence": presence})


def bot_texts(tracker: dict[str, Any]) -> list[str]:
    return [e.get("text") or "" for e in tracker["events"] if e.get("event") == "bot"]
