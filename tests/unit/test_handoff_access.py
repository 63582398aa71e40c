"""Agents see the waiting queue and their own handoffs; admins see every handoff."""

from __future__ import annotations

import datetime as dt

import pytest

from helpdesk.accounts.users import UserView
from helpdesk.handoffs.access import may_see, visible
from helpdesk.handoffs.records import HandoffView

ANN = UserView(1, "ann", "agent", [], True)
BOB = UserView(2, "bob", "agent", [], True)
BOSS = UserView(3, "boss", "admin", [], True)


def handoff(status: str, assigned_to: str | None) -> HandoffView:
    return HandoffView(
        id=1, conversation_id="c1", channel="rest", status=status, reason="customer_request",
        skill="general", priority=1, tier="standard", created_at=dt.datetime.now(dt.timezone.utc),
        customer=None, verified=False, summary="", slots={}, transcript=[],
        assigned_to=assigned_to, offered_to=None, overdue=False, resolution=None,
        return_to_bot=None, closed_at=None)


@pytest.mark.parametrize("status, owner, ann, bob, boss", [
    ("waiting", None, True, True, True),
    ("assigned", "ann", True, False, True),
    ("closed", "ann", True, False, True),
    ("closed", None, False, False, True),  # closed by an admin before anyone claimed it
])
def test_who_may_see_a_handoff(status: str, owner: str | None, ann: bool, bob: bool,
                               boss: bool) -> None:
    view = handoff(status, owner)
    assert (may_see(ANN, view), may_see(BOB, view), may_see(BOSS, view)) == (ann, bob, boss)


def test_lists_are_filtered_per_user() -> None:
    views = [handoff("waiting", None), handoff("assigned", "ann"), handoff("assigned", "bob")]
    assert [v.assigned_to for v in visible(ANN, views)] == [None, "ann"]
    assert len(visible(BOSS, views)) == 3
