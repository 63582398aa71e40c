"""The web app's live side of handoffs: a change feed for the console's live updates,
the routing timer (offers, expiries, overdue flags), and deliveries to customers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from helpdesk.handoffs.dispatcher import dispatch
from helpdesk.handoffs.records import (
    change_marker,
    conversations_with_pending,
    get_handoff,
    requeue_agent_handoffs,
)
from helpdesk.web.rasa_delivery import RasaDelivery

log = logging.getLogger(__name__)


class HandoffEvents:
    def __init__(self, poll_s: float = 0.25, routing_s: float = 1.0,
                 delivery: RasaDelivery | None = None) -> None:
        self.poll_s = poll_s
        self.routing_s = routing_s
        self.delivery = delivery or RasaDelivery()
        self.marker: Any = None
        self.version = 0
        self._changed = asyncio.Condition()
        self._tasks: list[asyncio.Task] = []

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._watch()), asyncio.create_task(self._route())]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await self.delivery.close()

    async def wait_for_change(self, seen: int, timeout_s: float) -> int:
        """The version after `seen`, or `seen` again when nothing changed in time."""
        async with self._changed:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: self.version != seen), timeout_s)
            return self.version

    async def changed_now(self) -> None:
        async with self._changed:
            self.version += 1
            self._changed.notify_all()

    async def _watch(self) -> None:
        failing = False
        while True:
            try:
                marker = await asyncio.to_thread(change_marker)
                failing = False
                if marker != self.marker:
                    self.marker = marker
                    await self.changed_now()
            except Exception:  # the store may be briefly away; keep watching
                if not failing:
                    log.exception("watching handoffs failed (retrying quietly)")
                failing = True
            await asyncio.sleep(self.poll_s)

    async def _route(self) -> None:
        while True:
            try:
                await asyncio.to_thread(dispatch)
                for conversation_id in await asyncio.to_thread(conversations_with_pending):
                    await self.delivery.deliver(conversation_id)
            except Exception:
                log.exception("routing handoffs failed")
            await asyncio.sleep(self.routing_s)

    async def deliver(self, handoff_id: int) -> None:
        handoff = await asyncio.to_thread(get_handoff, handoff_id)
        await self.delivery.deliver(handoff.conversation_id)

    async def agent_left(self, agent_id: int) -> None:
        for handoff_id in await asyncio.to_thread(requeue_agent_handoffs, agent_id):
            await self.deliver(handoff_id)
        await self.changed_now()
