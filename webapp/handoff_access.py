"""Which handoffs a console user may see: an admin every one; an agent the waiting queue
(any agent may claim from it) and the handoffs assigned to them, open or closed, but never
a conversation another agent owns or owned."""

from __future__ import annotations

from handoffs.records import HandoffView

from .accounts import UserView

NOT_YOURS = "this handoff belongs to another agent"


def may_see(user: UserView, handoff: HandoffView) -> bool:
    return (user.role == "admin" or handoff.status == "waiting"
            or handoff.assigned_to == user.username)


def visible(user: UserView, handoffs: list[HandoffView]) -> list[HandoffView]:
    return [handoff for handoff in handoffs if may_see(user, handoff)]
