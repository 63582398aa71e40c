"""Which handoffs and conversations a console user may see.

Handoffs: an admin every one; an agent the waiting queue (any agent may claim from it) and
the handoffs assigned to them, open or closed, but never a conversation another agent owns
or owned.

Conversations (the review list and transcripts, `GET /api/conversations[/ID]`) and a
customer's history (`GET /api/customers/ID/history`) follow the same rule: an admin sees
all; an agent the conversations in which a handoff they may see was made, and the history
of a customer with such a handoff. Another agent's conversation answers 404 (as one that
does not exist), another agent's customer 403. Editors see no conversation (their work is
the FAQ, with the masked unanswered questions).

A customer's PIN lock (`/api/customers/ID/pin-status`, `pin-unlock`): an admin any
customer; an agent one with a waiting handoff or a handoff of theirs.
"""

from __future__ import annotations

from sqlalchemy import exists, or_, select

from helpdesk.accounts.users import UserView
from helpdesk.handoffs.models import Handoff
from helpdesk.handoffs.records import HandoffView
from helpdesk.store.database import session_scope

NOT_YOURS = "this handoff belongs to another agent"
NOT_YOUR_CUSTOMER = "this customer is not in your handoffs or the waiting queue"


def may_see(user: UserView, handoff: HandoffView) -> bool:
    return (user.role == "admin" or handoff.status == "waiting"
            or handoff.assigned_to == user.username)


def visible(user: UserView, handoffs: list[HandoffView]) -> list[HandoffView]:
    return [handoff for handoff in handoffs if may_see(user, handoff)]


def conversation_scope(user: UserView) -> int | None:
    """The `agent_id` for helpdesk.analytics.queries: None (everything) for an admin, else the
    user's id (their handoffs' conversations and the waiting queue's)."""
    return None if user.role == "admin" else user.id


def may_handle_customer(user: UserView, customer_id: str) -> bool:
    """An admin any customer; an agent one with a waiting handoff or a handoff of theirs.
    Blocking (the store)."""
    if user.role == "admin":
        return True
    with session_scope() as session:
        return bool(session.scalar(select(exists().where(
            Handoff.customer_id == customer_id,
            or_(Handoff.status == "waiting", Handoff.assigned_to == user.id)))))
