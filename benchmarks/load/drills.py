"""Fault drills: take one part of the stack away while customers chat (or a caller talks),
bring it back, and record what the customers saw and whether anything was lost."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from benchmarks.load.chat_customers import ChatLoad, Customer, Turn, missing_messages
from benchmarks.load.stack import LoadStack
from benchmarks.load.twilio_calls import CallRecord, place_call, spoken_digits

STORE_OUTAGE_S = 5.0


@dataclass
class DrillResult:
    service: str
    action: str
    down_s: float
    turns: list[Turn]
    lost: list[str] = field(default_factory=list)  # "sender: text" of answered, not stored
    seen: str = ""  # what the customer was told while it was down
    notes: list[str] = field(default_factory=list)
    back_at: float = 0.0  # time.monotonic() when the service was back
    agent_polls: list[int] = field(default_factory=list)  # web drill: console poll statuses

    def answered_after_back(self) -> int:
        return sum(1 for t in self.turns if t.outcome == "answered" and t.started > self.back_at)

    def count(self, outcome: str) -> int:
        return sum(1 for t in self.turns if t.outcome == outcome)

    @property
    def longest_wait_s(self) -> float:
        """The longest time a customer went from sending a message to getting its answer,
        retries included."""
        longest, since = 0.0, {}
        for turn in sorted(self.turns, key=lambda t: t.started):
            key = (turn.conversation, turn.text)
            since.setdefault(key, turn.started)
            if turn.outcome == "answered":
                longest = max(longest, turn.started + turn.seconds - since.pop(key))
        return longest


def lost_messages(stack: LoadStack, load: ChatLoad) -> list[str]:
    """Every answered message must be in its stored conversation, in order."""
    lost = []
    for sender, answered in load.answered.items():
        events = stack.tracker(sender)["events"]
        stored = [e.get("text") or "" for e in events if e["event"] == "user"]
        lost += [f"{sender}: {text}" for text in missing_messages(stored, answered)]
    return lost


async def chat_drill(stack: LoadStack, customers: list[Customer], conversations: int,
                     service: str, action: str, fault: Callable[[], Awaitable[float]],
                     warmup_s: float = 8.0, after_s: float = 15.0) -> DrillResult:
    """Chat load; after `warmup_s` run `fault` (returns the seconds the service was
    down); keep chatting `after_s` more; then check nothing was lost."""
    load = ChatLoad(stack.rasa_url, customers, conversations)
    running = asyncio.create_task(load.run())
    await asyncio.sleep(warmup_s)
    down_s = await fault()
    back_at = time.monotonic()
    await asyncio.sleep(after_s)
    load.stop.set()
    await running
    result = DrillResult(service, action, down_s, load.turns, back_at=back_at)
    polite = [t.detail for t in load.turns if t.outcome == "polite"]
    result.seen = polite[0] if polite else "nothing: every message was answered"
    result.lost = await asyncio.to_thread(lost_messages, stack, load)
    return result


def restart(stack: LoadStack, service: str) -> Callable[[], Awaitable[float]]:
    async def fault() -> float:
        return await asyncio.to_thread(stack.restart, service)
    return fault


def cut_store(stack: LoadStack, store: str) -> Callable[[], Awaitable[float]]:
    async def fault() -> float:
        proxy = stack.postgres if store == "postgres" else stack.redis
        assert proxy is not None
        proxy.cut()
        await asyncio.sleep(STORE_OUTAGE_S)
        proxy.restore()
        return STORE_OUTAGE_S
    return fault


async def web_app_drill(stack: LoadStack, customers: list[Customer], conversations: int,
                        token: str, warmup_s: float = 8.0, after_s: float = 15.0
                        ) -> DrillResult:
    """Restart the web app while customers chat and an agent's console polls the queue:
    the chat does not depend on the web app; the agent's session survives the restart."""
    polls: list[tuple[float, int]] = []
    stop = asyncio.Event()

    async def agent() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            while not stop.is_set():
                try:
                    reply = await client.get(f"{stack.web_url}/api/handoffs?status=waiting",
                                             headers={"Authorization": f"Bearer {token}"})
                    polls.append((time.monotonic(), reply.status_code))
                except httpx.HTTPError:
                    polls.append((time.monotonic(), 0))
                await asyncio.sleep(0.5)

    console = asyncio.create_task(agent())
    result = await chat_drill(stack, customers, conversations, "web app", "restart",
                              restart(stack, "web"), warmup_s, after_s)
    stop.set()
    await console
    result.agent_polls = [status for _, status in polls]
    failed = sum(1 for _, status in polls if status != 200)
    after = [status for _, status in polls[-5:]]
    result.notes.append(f"agent console: {failed} of {len(polls)} queue polls failed while it "
                        f"restarted (the console shows 'Reconnecting'); afterwards the same "
                        f"login works again: last polls {after}")
    return result


async def voice_drill(stack: LoadStack, customer: Customer) -> tuple[CallRecord, list[str],
                                                                     float]:
    """A call whose gateway restarts between two questions: Twilio's <Connect action>
    request reaches the other gateway, which apologises and reconnects the stream; the
    call goes on as the same Rasa conversation."""
    order = spoken_digits(customer.order)
    restarts: list[asyncio.Task] = []

    async def between(index: int) -> None:
        if index != 1 or restarts:  # once: a reconnected stream asks question 1 again
            return
        for service in stack.group("voice"):
            health = httpx.get(service.health_url, timeout=5).json()
            if health.get("active_calls"):
                restarts.append(asyncio.create_task(
                    asyncio.to_thread(_restart_one, stack, service.name)))
                await asyncio.sleep(1.0)  # the gateway is going down mid-call
                return

    record = await place_call(stack.voice_url, customer.phone,
                              [f"Where is my order {order}?", "Do you ship to Canada?"],
                              between)
    down_s = await restarts[0] if restarts else 0.0
    tracker = stack.tracker(record.call_sid)
    said = [e.get("text") or "" for e in tracker["events"] if e["event"] == "user"]
    return record, said, down_s


def _restart_one(stack: LoadStack, name: str) -> float:
    began = time.monotonic()
    service = stack.services[name]
    service.stop()
    service.start()
    service.wait_healthy()
    return time.monotonic() - began


async def calls_at_once(stack: LoadStack, customers: list[Customer], count: int
                        ) -> list[CallRecord]:
    calls = [place_call(stack.voice_url, c.phone, [f"Where is my order "
                                                   f"{spoken_digits(c.order)}?"])
             for c in customers[:count]]
    return list(await asyncio.gather(*calls))
