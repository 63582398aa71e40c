"""Website customers for the load run: each one chats over the REST webhook through nginx,
pauses like a person between messages, and sends a message again when told to retry.

Every turn is classed as answered, polite (a retry message: nginx or Rasa's 503, or the
bot's "can't reach our systems" answer) or error (anything else: a 5xx without the
retry message, no answer at all, a timeout, a dropped connection)."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import random
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from helpdesk.wording import LOOKUP_UNAVAILABLE, SLOW_ANSWER, TEMPORARY_PROBLEM

POLITE_TEXTS = (TEMPORARY_PROBLEM, SLOW_ANSWER, LOOKUP_UNAVAILABLE)
TURN_TIMEOUT_S = 60.0


@dataclass
class Turn:
    conversation: str
    text: str
    started: float
    seconds: float
    outcome: str  # "answered", "polite" or "error"
    detail: str = ""


@dataclass
class Customer:
    """A CRM customer with one of their orders: what a load conversation talks about."""

    phone: str
    name: str
    order: str

    def script(self) -> list[str]:
        return [f"hi, my number is {self.phone}", f"where is my order {self.order}",
                "do you ship to Canada?", f"when will order {self.order} arrive?",
                "how do I return something?"]


def customers_with_orders(crm_dir: Path) -> list[Customer]:
    with open(crm_dir / "orders.csv", newline="") as handle:
        orders = {row["customer_id"]: row["order_id"] for row in csv.DictReader(handle)}
    with open(crm_dir / "customers.csv", newline="") as handle:
        return [Customer(row["phone"], row["name"].split()[0], orders[row["customer_id"]])
                for row in csv.DictReader(handle) if row["customer_id"] in orders]


@dataclass
class ChatLoad:
    """`conversations` customers chatting until `stop` is set."""

    rasa_url: str
    customers: list[Customer]
    conversations: int = 50
    think_s: tuple[float, float] = (3.0, 8.0)
    retry_s: float = 2.0
    turns: list[Turn] = field(default_factory=list)
    answered: dict[str, list[str]] = field(default_factory=dict)  # sender -> texts, in order
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self, seconds: float | None = None) -> None:
        limits = httpx.Limits(max_connections=self.conversations + 10)
        async with httpx.AsyncClient(timeout=TURN_TIMEOUT_S, limits=limits) as client:
            tasks = [asyncio.create_task(self._customer(client, index))
                     for index in range(self.conversations)]
            if seconds is not None:
                await asyncio.sleep(seconds)
                self.stop.set()
            await asyncio.gather(*tasks)

    async def _customer(self, client: httpx.AsyncClient, index: int) -> None:
        rng = random.Random(index)
        await asyncio.sleep(rng.uniform(0, self.think_s[1]))  # not all at the same instant
        customer = self.customers[index % len(self.customers)]
        while not self.stop.is_set():
            sender = f"load-{index}-{uuid.uuid4().hex[:8]}"
            for text in customer.script():
                if self.stop.is_set():
                    return
                await self._until_answered(client, sender, text)
                await self._pause(rng.uniform(*self.think_s))

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.stop.wait(), seconds)

    async def _until_answered(self, client: httpx.AsyncClient, sender: str, text: str) -> None:
        """Send; on a retry message wait and send again, as a customer would."""
        while True:
            turn = await self._turn(client, sender, text)
            self.turns.append(turn)
            if turn.outcome == "answered":
                self.answered.setdefault(sender, []).append(text)
                return
            if self.stop.is_set() and turn.outcome != "polite":
                return
            await asyncio.sleep(self.retry_s)
            if self.stop.is_set():
                return

    async def _turn(self, client: httpx.AsyncClient, sender: str, text: str) -> Turn:
        started = time.monotonic()
        outcome, detail = "error", ""
        try:
            reply = await client.post(f"{self.rasa_url}/webhooks/rest/webhook",
                                      json={"sender": sender, "message": text})
            outcome, detail = classify(reply)
        except httpx.HTTPError as exc:
            detail = f"{type(exc).__name__}: {exc}"
        return Turn(sender, text, started, time.monotonic() - started, outcome, detail)


def classify(reply: httpx.Response) -> tuple[str, str]:
    try:
        body = reply.json()
    except ValueError:
        return "error", f"{reply.status_code} not JSON: {reply.text[:80]}"
    if reply.status_code == 503 and isinstance(body, dict) and body.get("error") in POLITE_TEXTS:
        return "polite", body["error"]
    if reply.status_code != 200 or not isinstance(body, list):
        return "error", f"{reply.status_code} {str(body)[:120]}"
    texts = [m.get("text") or "" for m in body if isinstance(m, dict)]
    if not any(t.strip() for t in texts):
        return "error", "no answer (silence)"
    if any(t in POLITE_TEXTS for t in texts):
        return "polite", " ".join(texts)[:120]
    return "answered", ""


def missing_messages(stored_user_texts: list[str], answered: list[str]) -> list[str]:
    """Answered messages that are not in the stored conversation, in order (a customer's
    retries may be stored too: the answered ones must be a subsequence)."""
    position, missing = 0, []
    for text in answered:
        try:
            position = stored_user_texts.index(text, position) + 1
        except ValueError:
            missing.append(text)
    return missing
