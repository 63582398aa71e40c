"""Handoff benchmarks: time from the customer's request to the handoff showing in the
console (over the live-update stream), against a plain bot reply measured in the same run;
and routing decision time with 1 000 waiting handoffs and 100 agents."""

from __future__ import annotations

import datetime as dt
import os
import random
import threading
import time
import uuid

import httpx
from sqlalchemy import update

from benchmarks.chat_bench import percentile
from helpdesk.config import get_settings
from helpdesk.handoffs.dispatcher import dispatch
from helpdesk.handoffs.models import AgentState, Handoff
from helpdesk.handoffs.routing import AgentLoad, QueuedHandoff, plan_offers
from helpdesk.store.database import session_scope
from tests.support.console import Agent
from tests.support.stacks import BotStack, start_web_app

ROUNDS = 20


class ChangeStream:
    """Reads the console's /api/live stream; `arrived` is set on every 'changed' event."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token
        self.arrived = threading.Event()
        self._stop = False
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.stream("GET", f"{self.url}/api/live", headers=headers,
                          timeout=None) as stream:
            for line in stream.iter_lines():
                if self._stop:
                    return
                if line.startswith("event: changed"):
                    self.arrived.set()


def handoff_to_console(stack: BotStack, web_url: str, agent: Agent) -> tuple[list, list]:
    stream = ChangeStream(web_url, agent.http.headers["Authorization"].split()[1])
    time.sleep(1.0)
    plain, handoff = [], []
    for _ in range(ROUNDS):
        sender = f"bench-h-{uuid.uuid4().hex[:8]}"
        started = time.perf_counter()
        httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=60,
                   json={"sender": sender, "message": "where is my order"})
        plain.append(time.perf_counter() - started)
        stream.arrived.clear()
        started = time.perf_counter()
        httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=60,
                   json={"sender": sender, "message": "let me talk to a person"})
        while True:  # as the console does: on each change event, fetch the queue
            stream.arrived.wait(10)
            stream.arrived.clear()
            if agent.handoff_of(sender):
                break
        handoff.append(time.perf_counter() - started)
        with session_scope(stack.db_url) as session:  # keep the queue short between rounds
            session.execute(update(Handoff).where(Handoff.conversation_id == sender)
                            .values(status="closed", resolution="bench"))
    stream._stop = True
    return plain, handoff


def routing_times(db_url: str) -> tuple[list[float], list[float]]:
    """plan_offers alone, and dispatch() reading and writing the store."""
    rng = random.Random(7)
    now = dt.datetime.now(dt.timezone.utc)
    skills = ["orders", "billing", "sales", "general"]
    queue = [QueuedHandoff(i, rng.choice(skills), rng.choice(["vip", "gold", "standard"]),
                           now - dt.timedelta(seconds=rng.uniform(0, 600)))
             for i in range(1000)]
    agents = [AgentLoad(1000 + i, frozenset(rng.sample(skills, 2)), 3, rng.randint(0, 3))
              for i in range(100)]
    pure = []
    for _ in range(20):
        fresh = [AgentLoad(a.agent_id, a.skills, a.capacity, a.active) for a in agents]
        started = time.perf_counter()
        plan_offers(queue, fresh, now, get_settings().handoffs.wait_targets_s, 30)
        pure.append(time.perf_counter() - started)
    settings = get_settings().handoffs
    with session_scope(db_url) as session:
        for item in queue:
            session.add(Handoff(conversation_id=f"bench-route-{item.handoff_id}",
                                channel="rest", status="waiting", reason="bench",
                                skill=item.skill, priority=1, tier=item.tier, verified=False,
                                summary="", slots="{}", created_at=item.created_at,
                                updated_at=now, passed_over="[]"))
    stored = []
    os.environ["HELPDESK_DB_URL"] = db_url
    get_settings.cache_clear()  # dispatch() uses the store of this process's settings
    for _ in range(5):
        started = time.perf_counter()
        dispatch(settings)
        stored.append(time.perf_counter() - started)
    with session_scope(db_url) as session:
        session.execute(update(Handoff).where(Handoff.reason == "bench")
                        .values(status="closed", offered_to=None))
    return pure, stored


def run(stack: BotStack) -> list[str]:
    work = stack.logs["rasa"].parent
    web = start_web_app(stack.db_url, work, {"HELPDESK_RASA_URL": stack.rasa_url,
                                             "HELPDESK_ADMIN_PASSWORD": "bench-admin-1"})
    try:
        agent = Agent(web.url, stack.db_url, f"bench-agent-{uuid.uuid4().hex[:4]}")
        with session_scope(stack.db_url) as session:
            session.execute(update(AgentState).values(capacity=1000))
        plain, handoff = handoff_to_console(stack, web.url, agent)
    finally:
        web.stop()
    pure, stored = routing_times(stack.db_url)
    ms = lambda values, pct: percentile(values, pct) * 1000  # noqa: E731
    return [
        "## Handoff", "",
        f"{ROUNDS} REST conversations; the console's live-update stream (/api/live) is "
        "open, and on each change event the queue is fetched, as the console page does.", "",
        "| measured | p50 | p95 |", "|---|---|---|",
        f"| baseline: plain bot reply (\"where is my order\") | {ms(plain, 50):.0f} ms | "
        f"{ms(plain, 95):.0f} ms |",
        f"| handoff request → handoff in the console | {ms(handoff, 50):.0f} ms | "
        f"**{ms(handoff, 95):.0f} ms** |", "",
        "Goal: ≤ 1 s p95. The handoff is written by the action before the bot replies; the web "
        "app checks the store for changes every 0.25 s.", "",
        "Routing decision with 1 000 waiting handoffs and 100 agents:", "",
        "| measured | p50 | p95 |", "|---|---|---|",
        f"| routing plan (pure function) | {ms(pure, 50):.1f} ms | {ms(pure, 95):.1f} ms |",
        f"| dispatch() on SQLite: read queue and agents, plan, write offers | "
        f"{ms(stored, 50):.0f} ms | {ms(stored, 95):.0f} ms |", "",
    ]

