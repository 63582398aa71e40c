"""Automatic call distribution as pure functions: queue order and which agent gets what.

A waiting handoff is offered to the online agent who has its skill and the most free
capacity (ties: the one who got work least recently). The queue is served by tier (vip,
gold, standard), then by waiting time. An overdue handoff may go to any online agent; an
agent who lets an offer expire is passed over for that handoff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TIER_RANK = {"vip": 0, "gold": 1, "standard": 2}
TIER_PRIORITY = {"vip": 3, "gold": 2, "standard": 1}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass
class AgentLoad:
    agent_id: int
    skills: frozenset[str]  # empty: a generalist who takes any skill
    capacity: int
    active: int  # handoffs assigned to (or offered to) the agent right now
    last_assigned_at: dt.datetime | None = None

    @property
    def free(self) -> int:
        return self.capacity - self.active

    def has_skill(self, skill: str) -> bool:
        return not self.skills or skill in self.skills or skill == "general"


@dataclass(frozen=True)
class QueuedHandoff:
    handoff_id: int
    skill: str
    tier: str
    created_at: dt.datetime
    offered_to: int | None = None
    offered_at: dt.datetime | None = None
    passed_over: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Offer:
    handoff_id: int
    agent_id: int | None  # None: withdraw an expired offer, nobody can take it now
    overdue: bool
    passed_over: frozenset[int]


def queue_key(handoff: QueuedHandoff) -> tuple[int, dt.datetime, int]:
    return TIER_RANK.get(handoff.tier, len(TIER_RANK)), handoff.created_at, handoff.handoff_id


def priority_for(tier: str | None) -> int:
    return TIER_PRIORITY.get(tier or "standard", 1)


def is_overdue(handoff: QueuedHandoff, now: dt.datetime, targets_s: dict[str, int]) -> bool:
    target = targets_s.get(handoff.tier, targets_s.get("standard", 120))
    return (now - handoff.created_at).total_seconds() > target


def pick_agent(skill: str, agents: Iterable[AgentLoad], exclude: Iterable[int] = (),
               any_skill: bool = False) -> AgentLoad | None:
    """The agent with the skill and the most free capacity, or None."""
    excluded = set(exclude)
    best: AgentLoad | None = None
    for agent in agents:
        if agent.free <= 0 or agent.agent_id in excluded:
            continue
        if not any_skill and not agent.has_skill(skill):
            continue
        if best is None or _better(agent, best):
            best = agent
    return best


def _better(agent: AgentLoad, than: AgentLoad) -> bool:
    if agent.free != than.free:
        return agent.free > than.free
    mine, theirs = agent.last_assigned_at or _EPOCH, than.last_assigned_at or _EPOCH
    if mine != theirs:
        return mine < theirs
    return agent.agent_id < than.agent_id


def plan_offers(queue: Sequence[QueuedHandoff], agents: Sequence[AgentLoad],
                now: dt.datetime, targets_s: dict[str, int],
                offer_timeout_s: float) -> list[Offer]:
    """The offers to make (or withdraw) now. Live offers are kept and count as load."""
    by_id = {agent.agent_id: agent for agent in agents}
    live: set[int] = set()
    for handoff in queue:
        agent = by_id.get(handoff.offered_to) if handoff.offered_to is not None else None
        if agent and handoff.offered_at and (
                now - handoff.offered_at).total_seconds() < offer_timeout_s:
            live.add(handoff.handoff_id)
            agent.active += 1

    offers: list[Offer] = []
    for handoff in sorted(queue, key=queue_key):
        if handoff.handoff_id in live:
            continue
        overdue = is_overdue(handoff, now, targets_s)
        passed = set(handoff.passed_over)
        if handoff.offered_to is not None:
            passed.add(handoff.offered_to)  # let the offer expire: next agent
        agent = pick_agent(handoff.skill, agents, passed, any_skill=overdue)
        if agent is None and passed:  # everyone passed: start the round again,
            passed = set()  # the last one last
            agent = (pick_agent(handoff.skill, agents, {handoff.offered_to} - {None},
                                any_skill=overdue)
                     or pick_agent(handoff.skill, agents, any_skill=overdue))
        if agent is None:
            if handoff.offered_to is not None:
                offers.append(Offer(handoff.handoff_id, None, overdue, frozenset(passed)))
            continue
        agent.active += 1
        agent.last_assigned_at = now
        offers.append(Offer(handoff.handoff_id, agent.agent_id, overdue, frozenset(passed)))
    return offers


def queue_position(queue: Sequence[QueuedHandoff], handoff_id: int) -> int:
    """1-based place of a handoff in the queue order (0 when it is not waiting)."""
    for place, handoff in enumerate(sorted(queue, key=queue_key), start=1):
        if handoff.handoff_id == handoff_id:
            return place
    return 0


def expected_wait_s(position: int, free_slots: int, agents_with_skill: int,
                    average_handle_s: float) -> float:
    """Rough wait: none while an agent has room; else the handoffs ahead of this one,
    served in parallel by the agents who can take it."""
    if position <= free_slots:
        return 0.0
    return (position - free_slots) * average_handle_s / max(1, agents_with_skill)
