"""Routing (ACD) as pure functions: who gets a handoff, queue order, expiry, overdue."""

from __future__ import annotations

import datetime as dt

from helpdesk.handoffs.routing import (
    AgentLoad,
    QueuedHandoff,
    expected_wait_s,
    pick_agent,
    plan_offers,
    queue_position,
)

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)
TARGETS = {"vip": 30, "gold": 60, "standard": 120}


def ago(seconds: float) -> dt.datetime:
    return NOW - dt.timedelta(seconds=seconds)


def agent(agent_id: int, skills: set[str], capacity: int = 3, active: int = 0,
          last: dt.datetime | None = None) -> AgentLoad:
    return AgentLoad(agent_id, frozenset(skills), capacity, active, last)


def handoff(handoff_id: int, skill: str = "orders", tier: str = "standard", age: float = 5,
            offered_to: int | None = None, offered_age: float | None = None,
            passed: frozenset[int] = frozenset()) -> QueuedHandoff:
    return QueuedHandoff(handoff_id, skill, tier, ago(age), offered_to,
                         ago(offered_age) if offered_age is not None else None, passed)


def test_the_agent_with_the_skill_and_most_free_capacity_wins() -> None:
    agents = [agent(1, {"orders"}, capacity=3, active=2), agent(2, {"orders"}, capacity=3),
              agent(3, {"billing"}, capacity=9)]
    assert pick_agent("orders", agents).agent_id == 2
    assert pick_agent("billing", agents).agent_id == 3
    assert pick_agent("sales", agents) is None


def test_generalists_take_any_skill_and_general_goes_to_anyone() -> None:
    agents = [agent(1, set()), agent(2, {"billing"}, capacity=5)]
    assert pick_agent("sales", agents).agent_id == 1
    assert pick_agent("general", agents).agent_id == 2


def test_ties_go_to_the_agent_who_got_work_least_recently() -> None:
    agents = [agent(1, {"orders"}, last=ago(10)), agent(2, {"orders"}, last=ago(100))]
    assert pick_agent("orders", agents).agent_id == 2


def test_full_agents_get_nothing() -> None:
    assert pick_agent("orders", [agent(1, {"orders"}, capacity=2, active=2)]) is None


def test_queue_is_served_by_tier_then_waiting_time() -> None:
    queue = [handoff(1, tier="standard", age=100), handoff(2, tier="vip", age=1),
             handoff(3, tier="gold", age=50), handoff(4, tier="vip", age=20)]
    offers = plan_offers(queue, [agent(7, {"orders"}, capacity=2)], NOW, TARGETS, 30)
    assert [o.handoff_id for o in offers] == [4, 2]
    assert [queue_position(queue, i) for i in (4, 2, 3, 1)] == [1, 2, 3, 4]


def test_overdue_handoffs_go_to_any_online_agent() -> None:
    fresh = plan_offers([handoff(1, skill="sales", age=10)], [agent(2, {"billing"})], NOW,
                        TARGETS, 30)
    assert fresh == []
    late = plan_offers([handoff(1, skill="sales", age=200)], [agent(2, {"billing"})], NOW,
                       TARGETS, 30)
    assert [(o.agent_id, o.overdue) for o in late] == [(2, True)]


def test_a_live_offer_is_kept_and_counts_as_load() -> None:
    queue = [handoff(1, offered_to=5, offered_age=3), handoff(2)]
    offers = plan_offers(queue, [agent(5, {"orders"}, capacity=1), agent(6, {"orders"})],
                         NOW, TARGETS, 30)
    assert [(o.handoff_id, o.agent_id) for o in offers] == [(2, 6)]


def test_an_expired_offer_moves_to_the_next_agent() -> None:
    queue = [handoff(1, age=40, offered_to=5, offered_age=31)]
    offers = plan_offers(queue, [agent(5, {"orders"}), agent(6, {"orders"}, active=2)], NOW,
                         TARGETS, 30)
    assert [(o.agent_id, set(o.passed_over)) for o in offers] == [(6, {5})]


def test_when_everyone_passed_the_round_starts_again_without_the_last_one() -> None:
    queue = [handoff(1, age=40, offered_to=6, offered_age=31, passed=frozenset({5}))]
    offers = plan_offers(queue, [agent(5, {"orders"}), agent(6, {"orders"})], NOW, TARGETS, 30)
    assert [(o.agent_id, set(o.passed_over)) for o in offers] == [(5, set())]


def test_an_expired_offer_nobody_can_take_is_withdrawn() -> None:
    queue = [handoff(1, offered_to=5, offered_age=31)]
    offers = plan_offers(queue, [agent(5, {"orders"})], NOW, TARGETS, 30)
    assert [(o.agent_id,) for o in offers] == [(5,)]  # the only agent gets it again
    offers = plan_offers(queue, [], NOW, TARGETS, 30)
    assert [(o.handoff_id, o.agent_id) for o in offers] == [(1, None)]


def test_expected_wait() -> None:
    assert expected_wait_s(1, free_slots=1, agents_with_skill=1, average_handle_s=240) == 0
    assert expected_wait_s(3, free_slots=1, agents_with_skill=2, average_handle_s=240) == 240
    assert expected_wait_s(2, free_slots=0, agents_with_skill=0, average_handle_s=100) == 200
