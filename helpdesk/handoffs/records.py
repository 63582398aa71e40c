"""Handoff records: create, list, claim, messages both ways, close, requeue.

Every state change is a conditional UPDATE, so several web apps and action servers can
work on the same handoffs: two agents claiming one handoff, exactly one wins; an agent
message racing a customer message is delivered exactly once.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from helpdesk.accounts.models import User
from helpdesk.config import HandoffSettings, get_settings
from helpdesk.crm.models import Customer
from helpdesk.handoffs.models import Handoff, HandoffMessage
from helpdesk.handoffs.presence import agent_state, online_agents
from helpdesk.handoffs.routing import QueuedHandoff, expected_wait_s, priority_for, queue_position
from helpdesk.handoffs.transcript import Line, relayed_line
from helpdesk.leads.models import Lead
from helpdesk.privacy.pins import CONTEXT_LINES
from helpdesk.store.database import session_scope
from helpdesk.store.times import as_utc

OPEN_STATUSES = ("waiting", "assigned")
MAX_MESSAGE_CHARS = 4000


class HandoffError(Exception):
    status = 400


class HandoffNotFound(HandoffError):
    status = 404


class HandoffConflict(HandoffError):
    status = 409


class HandoffForbidden(HandoffError):
    status = 403


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class HandoffDraft:
    conversation_id: str
    channel: str
    reason: str
    skill: str
    tier: str | None
    customer_id: str | None
    verified: bool
    summary: str
    slots: dict[str, Any]
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class HandoffView:
    id: int
    conversation_id: str
    channel: str
    status: str
    reason: str
    skill: str
    priority: int
    tier: str
    created_at: dt.datetime
    customer: dict[str, str] | None
    verified: bool
    summary: str
    slots: dict[str, Any]
    transcript: list[dict[str, Any]]
    assigned_to: str | None
    offered_to: str | None
    overdue: bool
    resolution: str | None
    return_to_bot: bool | None
    closed_at: dt.datetime | None

    def to_json(self) -> dict[str, Any]:
        now = _now()
        return {
            "id": self.id, "conversation_id": self.conversation_id, "channel": self.channel,
            "status": self.status, "reason": self.reason, "skill": self.skill,
            "priority": self.priority, "tier": self.tier,
            "created_at": self.created_at.isoformat(), "customer": self.customer,
            "verified": self.verified, "summary": self.summary, "slots": self.slots,
            "transcript": self.transcript, "assigned_to": self.assigned_to,
            "offered_to": self.offered_to, "overdue": self.overdue,
            "waiting_s": round((now - self.created_at).total_seconds())
            if self.status == "waiting" else None,
            "resolution": self.resolution, "return_to_bot": self.return_to_bot,
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
        }


def _view(session: Session, row: Handoff, with_transcript: bool = True) -> HandoffView:
    customer = session.get(Customer, row.customer_id) if row.customer_id else None
    names = {}
    for user_id in {row.assigned_to, row.offered_to} - {None}:
        user = session.get(User, user_id)
        names[user_id] = user.username if user else None
    transcript = []
    if with_transcript:
        for line in session.execute(
                select(HandoffMessage).where(HandoffMessage.handoff_id == row.id)
                .order_by(HandoffMessage.id)).scalars():
            item = {"role": line.role, "text": line.text, "at": as_utc(line.at).isoformat()}
            if line.author:
                item["author"] = line.author
            transcript.append(item)
    return HandoffView(
        id=row.id, conversation_id=row.conversation_id, channel=row.channel,
        status=row.status, reason=row.reason, skill=row.skill, priority=row.priority,
        tier=row.tier, created_at=as_utc(row.created_at),
        customer={"customer_id": customer.customer_id, "name": customer.name,
                  "tier": customer.tier} if customer else None,
        verified=row.verified, summary=row.summary, slots=json.loads(row.slots or "{}"),
        transcript=transcript, assigned_to=names.get(row.assigned_to),
        offered_to=names.get(row.offered_to), overdue=row.overdue_at is not None,
        resolution=row.resolution, return_to_bot=row.return_to_bot,
        closed_at=as_utc(row.closed_at))


# --- the bot's side ---------------------------------------------------------------------
def create_handoff(draft: HandoffDraft) -> tuple[HandoffView, bool]:
    """The conversation's open handoff if it has one, else a new waiting one.

    Returns the view and whether it was created now."""
    now = _now()
    with session_scope() as session:
        existing = _open_row(session, draft.conversation_id)
        if existing is not None:
            return _view(session, existing, with_transcript=False), False
        row = Handoff(
            conversation_id=draft.conversation_id[:255], channel=draft.channel[:32],
            status="waiting", reason=draft.reason[:64], skill=draft.skill,
            priority=priority_for(draft.tier), tier=draft.tier or "standard",
            customer_id=draft.customer_id, verified=draft.verified, summary=draft.summary,
            slots=json.dumps(draft.slots, default=str), created_at=now, updated_at=now,
            passed_over="[]")
        session.add(row)
        session.flush()
        for line in draft.lines:
            session.add(HandoffMessage(handoff_id=row.id, role=line.role, text=line.text,
                                       at=line.at, outgoing=False))
        return _view(session, row, with_transcript=False), True


def _open_row(session: Session, conversation_id: str) -> Handoff | None:
    return session.execute(
        select(Handoff).where(Handoff.conversation_id == conversation_id,
                              Handoff.status.in_(OPEN_STATUSES))
        .order_by(Handoff.id.desc()).limit(1)).scalar_one_or_none()


def open_handoff_status(conversation_id: str) -> tuple[int, str] | None:
    """(id, status) of the conversation's open handoff: the bot stays silent while one is
    open. One indexed query, for the dialogue policy on every message."""
    with session_scope() as session:
        row = session.execute(
            select(Handoff.id, Handoff.status)
            .where(Handoff.conversation_id == conversation_id,
                   Handoff.status.in_(OPEN_STATUSES))
            .order_by(Handoff.id.desc()).limit(1)).first()
        return (row[0], row[1]) if row else None


def record_customer_message(handoff_id: int, text: str) -> None:
    """A customer's message to the agent, masked by the PIN rule over the handoff's
    latest lines (helpdesk/handoffs/transcript.py `relayed_line`)."""
    now = _now()
    with session_scope() as session:
        earlier = session.execute(
            select(HandoffMessage.role, HandoffMessage.text)
            .where(HandoffMessage.handoff_id == handoff_id)
            .order_by(HandoffMessage.id.desc()).limit(CONTEXT_LINES)).all()
        masked = relayed_line([(role, line) for role, line in reversed(earlier)],
                              text[:MAX_MESSAGE_CHARS])
        session.add(HandoffMessage(handoff_id=handoff_id, role="user", text=masked, at=now,
                                   outgoing=False))
        session.execute(update(Handoff).where(Handoff.id == handoff_id).values(updated_at=now))


def add_notice(handoff_id: int, text: str, delivered: bool = False) -> None:
    """A line from the bot to the customer during a handoff (joined, left, queue place)."""
    now = _now()
    with session_scope() as session:
        session.add(HandoffMessage(handoff_id=handoff_id, role="bot", text=text, at=now,
                                   outgoing=True, delivered_at=now if delivered else None))
        session.execute(update(Handoff).where(Handoff.id == handoff_id).values(updated_at=now))


def take_undelivered(conversation_id: str) -> list[dict[str, Any]]:
    """Lines for the customer not yet delivered, each handed out exactly once."""
    now = _now()
    taken: list[dict[str, Any]] = []
    with session_scope() as session:
        handoff_ids = select(Handoff.id).where(Handoff.conversation_id == conversation_id)
        rows = session.execute(
            select(HandoffMessage).where(HandoffMessage.handoff_id.in_(handoff_ids),
                                         HandoffMessage.outgoing.is_(True),
                                         HandoffMessage.delivered_at.is_(None))
            .order_by(HandoffMessage.id)).scalars().all()
        for row in rows:
            claimed = session.execute(
                update(HandoffMessage)
                .where(HandoffMessage.id == row.id, HandoffMessage.delivered_at.is_(None))
                .values(delivered_at=now)).rowcount
            if claimed == 1:
                taken.append({"role": row.role, "text": row.text, "author": row.author})
    return taken


def queue_status(handoff_id: int, settings: HandoffSettings | None = None) -> tuple[int, float]:
    """(place in the queue, expected wait in seconds) of a waiting handoff; (0, 0) else."""
    settings = settings or get_settings().handoffs
    with session_scope() as session:
        row = session.get(Handoff, handoff_id)
        if row is None or row.status != "waiting":
            return 0, 0.0
        queue = waiting_queue(session)
        place = queue_position(queue, handoff_id)
        agents = [a for a in online_agents(session, settings) if a.has_skill(row.skill)]
        free = sum(max(0, a.free) for a in agents)
        return place, expected_wait_s(place, free, len(agents),
                                      average_handle_seconds(session, settings))


def waiting_queue(session: Session) -> list[QueuedHandoff]:
    rows = session.execute(select(Handoff).where(Handoff.status == "waiting")).scalars()
    return [QueuedHandoff(handoff_id=r.id, skill=r.skill, tier=r.tier,
                          created_at=as_utc(r.created_at), offered_to=r.offered_to,
                          offered_at=as_utc(r.offered_at),
                          passed_over=frozenset(json.loads(r.passed_over or "[]")))
            for r in rows]


def average_handle_seconds(session: Session, settings: HandoffSettings) -> float:
    """Mean time from claim to close over the last 50 closed handoffs (else the setting)."""
    rows = session.execute(
        select(Handoff.assigned_at, Handoff.closed_at)
        .where(Handoff.status == "closed", Handoff.assigned_at.is_not(None))
        .order_by(Handoff.id.desc()).limit(50)).all()
    spans = [(as_utc(closed) - as_utc(assigned)).total_seconds()
             for assigned, closed in rows if assigned and closed]
    return sum(spans) / len(spans) if len(spans) >= 5 else float(settings.average_handle_s)


# --- the agents' side -------------------------------------------------------------------
def list_handoffs(status: str | None = None, limit: int = 200,
                  with_transcript: bool = True) -> list[HandoffView]:
    with session_scope() as session:
        query = select(Handoff).order_by(Handoff.created_at.desc(), Handoff.id.desc())
        if status:
            query = query.where(Handoff.status == status)
        rows = session.execute(query.limit(limit)).scalars().all()
        return [_view(session, row, with_transcript) for row in rows]


def get_handoff(handoff_id: int) -> HandoffView:
    with session_scope() as session:
        row = session.get(Handoff, handoff_id)
        if row is None:
            raise HandoffNotFound("no such handoff")
        return _view(session, row)


def claim(handoff_id: int, agent_id: int, agent_name: str,
          settings: HandoffSettings | None = None) -> HandoffView:
    """Take a waiting handoff. Exactly one of several racing agents wins; the others get
    HandoffConflict. An agent at full capacity cannot take more."""
    settings = settings or get_settings().handoffs
    now = _now()
    with session_scope() as session:
        row = session.get(Handoff, handoff_id)
        if row is None:
            raise HandoffNotFound("no such handoff")
        if row.status != "waiting":
            raise HandoffConflict(f"this handoff is already {row.status}")
        state = agent_state(session, agent_id, settings)
        active = session.execute(select(func.count()).select_from(Handoff).where(
            Handoff.status == "assigned", Handoff.assigned_to == agent_id)).scalar_one()
        if active >= state.capacity:
            raise HandoffConflict(
                f"you already handle {active} conversations, your capacity; close one first")
        won = session.execute(
            update(Handoff).where(Handoff.id == handoff_id, Handoff.status == "waiting")
            .values(status="assigned", assigned_to=agent_id, assigned_at=now,
                    offered_to=None, offered_at=None, updated_at=now)).rowcount
        if won != 1:
            raise HandoffConflict("another agent claimed this handoff first")
        state.last_assigned_at = now
        state.last_seen = now
        session.add(HandoffMessage(
            handoff_id=handoff_id, role="bot", outgoing=True, at=now,
            text=f"You're now connected with {agent_name} from our team."))
    return get_handoff(handoff_id)


def post_agent_message(handoff_id: int, agent_id: int, agent_name: str, text: str) -> None:
    text = (text or "").strip()
    if not text:
        raise HandoffError("the message is empty")
    if len(text) > MAX_MESSAGE_CHARS:
        raise HandoffError(f"the message is longer than {MAX_MESSAGE_CHARS} characters")
    now = _now()
    with session_scope() as session:
        row = _owned(session, handoff_id, agent_id)
        session.add(HandoffMessage(handoff_id=row.id, role="agent", text=text,
                                   author=agent_name, at=now, outgoing=True))
        row.updated_at = now


def _owned(session: Session, handoff_id: int, agent_id: int) -> Handoff:
    row = session.get(Handoff, handoff_id)
    if row is None:
        raise HandoffNotFound("no such handoff")
    if row.status != "assigned":
        raise HandoffConflict(f"this handoff is {row.status}; claim it first"
                              if row.status == "waiting" else "this handoff is closed")
    if row.assigned_to != agent_id:
        raise HandoffForbidden("this handoff is assigned to another agent")
    return row


def close(handoff_id: int, agent_id: int, resolution: str, return_to_bot: bool,
          is_admin: bool = False) -> HandoffView:
    resolution = (resolution or "").strip()
    if not resolution or len(resolution) > 64:
        raise HandoffError("give a resolution code (up to 64 characters)")
    now = _now()
    with session_scope() as session:
        row = session.get(Handoff, handoff_id)
        if row is None:
            raise HandoffNotFound("no such handoff")
        if not is_admin:
            _owned(session, handoff_id, agent_id)
        elif row.status == "closed":
            raise HandoffConflict("this handoff is closed")
        done = session.execute(
            update(Handoff).where(Handoff.id == handoff_id, Handoff.status.in_(OPEN_STATUSES))
            .values(status="closed", closed_at=now, resolution=resolution,
                    return_to_bot=return_to_bot, updated_at=now)).rowcount
        if done != 1:
            raise HandoffConflict("this handoff was closed meanwhile")
        notice = ("You're back with the virtual assistant. Is there anything else I can "
                  "help you with?" if return_to_bot else
                  "The agent has closed this conversation. Thank you for contacting us!")
        session.add(HandoffMessage(handoff_id=handoff_id, role="bot", outgoing=True, at=now,
                                   text=notice))
    return get_handoff(handoff_id)


def requeue_agent_handoffs(agent_id: int) -> list[int]:
    """An agent left (logged out, went away or offline): their conversations go back to the
    queue, ahead of later ones (they keep their created time), and the customer is told."""
    now = _now()
    moved: list[int] = []
    with session_scope() as session:
        rows = session.execute(select(Handoff).where(
            Handoff.status == "assigned", Handoff.assigned_to == agent_id)).scalars().all()
        for row in rows:
            done = session.execute(
                update(Handoff).where(Handoff.id == row.id, Handoff.status == "assigned",
                                      Handoff.assigned_to == agent_id)
                .values(status="waiting", assigned_to=None, assigned_at=None,
                        updated_at=now)).rowcount
            if done == 1:
                moved.append(row.id)
                session.add(HandoffMessage(
                    handoff_id=row.id, role="bot", outgoing=True, at=now,
                    text="Your agent had to leave. I've put you back in the queue for the "
                         "next available person; your conversation so far stays with us."))
    return moved


def change_marker() -> tuple[Any, ...]:
    """Changes whenever a handoff, a transcript line or a lead changes: for live updates."""
    with session_scope() as session:
        handoffs = session.execute(
            select(func.max(Handoff.updated_at), func.count()).select_from(Handoff)).one()
        lines = session.execute(select(func.max(HandoffMessage.id))).one()
        leads = session.execute(select(func.max(Lead.updated_at), func.count())
                                .select_from(Lead)).one()
        return (*handoffs, *lines, *leads)


def conversations_with_pending(older_than_s: float = 2.0, limit: int = 50) -> list[str]:
    """Conversations with lines for the customer still undelivered after a while (Rasa was
    down, or the line came from a timer): delivery is tried again."""
    cutoff = _now() - dt.timedelta(seconds=older_than_s)
    with session_scope() as session:
        return list(session.execute(
            select(Handoff.conversation_id).join(
                HandoffMessage, HandoffMessage.handoff_id == Handoff.id)
            .where(HandoffMessage.outgoing.is_(True), HandoffMessage.delivered_at.is_(None),
                   HandoffMessage.at < cutoff)
            .distinct().limit(limit)).scalars())
