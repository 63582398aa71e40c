"""Reading the analytics store: rows for the KPIs, the review list, one conversation, and a
customer's history across channels.

Who sees which conversation follows the handoff rule (helpdesk/handoffs/access.py): the
review list, one conversation and a customer's history take `agent_id`; None reads every
conversation (admins), an agent's id only the conversations (Rasa sessions) in which a
handoff was made that is waiting or was assigned to that agent, and the history of a
customer only when such a handoff is theirs.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from helpdesk.analytics.metrics import (
    REPEAT_WINDOW,
    ConversationRow,
    HandoffRow,
    LeadRow,
    repeat_flags,
)
from helpdesk.analytics.models import Conversation
from helpdesk.crm.models import AccountChange, Customer
from helpdesk.handoffs.models import Handoff
from helpdesk.leads.models import Lead
from helpdesk.store.database import session_scope
from helpdesk.store.times import as_utc

LOW_CSAT = 2
MAX_LIST = 500
# A handoff belongs to the session it was made in: from the session's start to its last
# event, give or take this much clock difference between the servers (sessions of one
# conversation are at least an hour apart: bot/domain.yml session_config).
SESSION_SLACK = dt.timedelta(seconds=60)
METRIC_COLUMNS = (Conversation.id, Conversation.conversation_id, Conversation.started_at,
                  Conversation.channel, Conversation.customer_id, Conversation.topic,
                  Conversation.handed_off, Conversation.csat_rating, Conversation.user_turns,
                  Conversation.fallback_turns, Conversation.intents)


@dataclass(frozen=True)
class ConversationFilters:
    """The review list's filters; None or False means "any"."""

    q: str | None = None
    channel: str | None = None
    low_csat: bool = False
    fallback: bool = False
    handoff: bool = False
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    limit: int = 100


def metric_rows(since: dt.datetime, until: dt.datetime, db_url: str | None = None,
                ) -> tuple[list[ConversationRow], list[HandoffRow], list[LeadRow]]:
    """Conversations from 7 days before `since` to 7 days after `until` (every channel, for
    repeat contacts), handoffs and leads created in [since, until)."""
    since, until = utc(since), utc(until)
    with session_scope(db_url) as session:
        conversations = session.execute(select(*METRIC_COLUMNS).where(
            Conversation.started_at >= since - REPEAT_WINDOW,
            Conversation.started_at <= until + REPEAT_WINDOW))  # transcripts stay unread
        rows = [_metric_row(c) for c in conversations]
        handoffs = [HandoffRow(as_utc(h.created_at), h.channel, as_utc(h.assigned_at),
                               as_utc(h.closed_at))
                    for h in session.scalars(select(Handoff).where(
                        Handoff.created_at >= since, Handoff.created_at < until))]
        leads = [LeadRow(as_utc(lead.created_at), lead.source_channel)
                 for lead in session.scalars(select(Lead).where(
                     Lead.created_at >= since, Lead.created_at < until))]
    return rows, handoffs, leads


def _handoffs_of(agent_id: int) -> Any:
    """The handoffs an agent may see: the waiting queue and those assigned to them."""
    return or_(Handoff.status == "waiting", Handoff.assigned_to == agent_id)


def _handoff_times(session: Any, agent_id: int) -> dict[str, list[dt.datetime]]:
    times: dict[str, list[dt.datetime]] = {}
    for conversation_id, created_at in session.execute(
            select(Handoff.conversation_id, Handoff.created_at).where(_handoffs_of(agent_id))):
        times.setdefault(conversation_id, []).append(as_utc(created_at))
    return times


def _in_session(row: Conversation, times: dict[str, list[dt.datetime]]) -> bool:
    start, end = as_utc(row.started_at) - SESSION_SLACK, as_utc(row.last_at) + SESSION_SLACK
    return any(start <= at <= end for at in times.get(row.conversation_id, ()))


def list_conversations(filters: ConversationFilters, db_url: str | None = None,
                       agent_id: int | None = None) -> list[dict[str, Any]]:
    """Conversations matching every filter, newest first (summaries, no transcript); only
    the agent's (see the module doc) when `agent_id` is given."""
    query = select(Conversation, Customer).outerjoin(
        Customer, Customer.customer_id == Conversation.customer_id)
    if filters.q:
        like = f"%{filters.q.replace('%', '').replace('_', '').strip()}%"
        query = query.where(or_(Conversation.transcript.ilike(like),
                                Conversation.conversation_id.ilike(like),
                                Conversation.customer_id.ilike(like)))
    if filters.channel:
        query = query.where(Conversation.channel == filters.channel)
    if filters.low_csat:
        query = query.where(Conversation.csat_rating <= LOW_CSAT)
    if filters.fallback:
        query = query.where(Conversation.fallback_turns > 0)
    if filters.handoff:
        query = query.where(Conversation.handed_off.is_(True))
    if filters.since:
        query = query.where(Conversation.started_at >= utc(filters.since))
    if filters.until:
        query = query.where(Conversation.started_at < utc(filters.until))
    query = query.order_by(Conversation.started_at.desc(), Conversation.id.desc())
    limit = max(1, min(filters.limit, MAX_LIST))
    with session_scope(db_url) as session:
        if agent_id is None:
            return [_summary(row, customer)
                    for row, customer in session.execute(query.limit(limit))]
        times = _handoff_times(session, agent_id)
        query = query.where(Conversation.conversation_id.in_(
            select(Handoff.conversation_id).where(_handoffs_of(agent_id))))
        found = [(row, customer) for row, customer in session.execute(query)
                 if _in_session(row, times)]
        return [_summary(row, customer) for row, customer in found[:limit]]


def get_conversation(conversation_row_id: int, db_url: str | None = None,
                     agent_id: int | None = None) -> dict[str, Any] | None:
    """One conversation with its transcript, intents, CSAT comment and the changes the
    customer made in it (cancel, return, address, contact); None if unknown or,
    with `agent_id`, not one of the agent's."""
    with session_scope(db_url) as session:
        row = session.get(Conversation, conversation_row_id)
        if row is None:
            return None
        if agent_id is not None and not _in_session(row, _handoff_times(session, agent_id)):
            return None
        customer = session.get(Customer, row.customer_id) if row.customer_id else None
        return {**_summary(row, customer), "transcript": json.loads(row.transcript or "[]"),
                "intents": json.loads(row.intents or "[]"), "csat_comment": row.csat_comment,
                "handoff_reason": row.handoff_reason, "verified": row.verified,
                "changes": _changes(session, row.conversation_id)}


def _changes(session: Session, conversation_id: str) -> list[dict[str, Any]]:
    """The self-service changes the customer made in the conversation, oldest first."""
    return [{"kind": c.kind, "order_id": c.order_id, "old_value": c.old_value,
             "new_value": c.new_value, "at": as_utc(c.at).isoformat()}
            for c in session.scalars(select(AccountChange).where(
                AccountChange.conversation_id == conversation_id).order_by(AccountChange.id))]


def customer_history(customer_id: str, db_url: str | None = None,
                     agent_id: int | None = None) -> list[dict[str, Any]] | None:
    """Every conversation of the customer on any channel, newest first, with repeat flags;
    None when `agent_id` is given and no handoff of this customer is the agent's."""
    with session_scope(db_url) as session:
        if agent_id is not None and session.scalar(
                select(Handoff.id).where(Handoff.customer_id == customer_id,
                                         _handoffs_of(agent_id)).limit(1)) is None:
            return None
        rows = list(session.execute(select(*METRIC_COLUMNS, Conversation.outcome).where(
            Conversation.customer_id == customer_id).order_by(
            Conversation.started_at.desc(), Conversation.id.desc())))
    flags = repeat_flags([_metric_row(row) for row in rows])
    return [{"id": row.id, "conversation_id": row.conversation_id,
             "started_at": as_utc(row.started_at).isoformat(), "channel": row.channel,
             "topic": row.topic, "outcome": row.outcome, "csat_rating": row.csat_rating,
             "repeat_contact": flag} for row, flag in zip(rows, flags, strict=True)]


def utc(moment: dt.datetime) -> dt.datetime:
    """The moment in UTC (naive means UTC): SQLite compares stored UTC times as text."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def _metric_row(row: Any) -> ConversationRow:
    """A ConversationRow from a Conversation or a row of METRIC_COLUMNS."""
    return ConversationRow(
        conversation_id=row.conversation_id, started_at=as_utc(row.started_at),
        channel=row.channel, customer_id=row.customer_id, topic=row.topic,
        handed_off=bool(row.handed_off), csat_rating=row.csat_rating,
        user_turns=row.user_turns, fallback_turns=row.fallback_turns,
        intents=json.loads(row.intents or "[]"), id=row.id)


def _summary(row: Conversation, customer: Customer | None) -> dict[str, Any]:
    who = None
    if row.customer_id:
        who = {"customer_id": row.customer_id, "name": customer.name if customer else None,
               "tier": customer.tier if customer else None}
    return {"id": row.id, "conversation_id": row.conversation_id, "channel": row.channel,
            "customer": who, "started_at": as_utc(row.started_at).isoformat(),
            "last_at": as_utc(row.last_at).isoformat(), "topic": row.topic,
            "outcome": row.outcome, "csat_rating": row.csat_rating,
            "fallback_turns": row.fallback_turns, "handed_off": bool(row.handed_off),
            "user_turns": row.user_turns}
