"""Applies the routing plan to the store: offers, expired offers, overdue flags, and agents
who went silent. Run on every new handoff and on a timer by the web app; safe to run from
several processes at once (every write is conditional)."""

from __future__ import annotations

import datetime as dt
import json
import logging

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from helpdesk.accounts.models import User
from helpdesk.config import HandoffSettings, get_settings
from helpdesk.handoffs.models import AgentState, Handoff
from helpdesk.handoffs.presence import effective_presence, online_agents
from helpdesk.handoffs.records import requeue_agent_handoffs, waiting_queue
from helpdesk.handoffs.routing import Offer, is_overdue, plan_offers
from helpdesk.store.database import session_scope

log = logging.getLogger(__name__)


def dispatch(settings: HandoffSettings | None = None,
             now: dt.datetime | None = None) -> list[Offer]:
    """Offer waiting handoffs to agents; returns the offers made or withdrawn."""
    settings = settings or get_settings().handoffs
    now = now or dt.datetime.now(dt.timezone.utc)
    release_silent_agents(settings, now)
    with session_scope() as session:
        queue = waiting_queue(session)
        if not queue:
            return []
        overdue = [h.handoff_id for h in queue if is_overdue(h, now, settings.wait_targets_s)]
        for start in range(0, len(overdue), 500):  # one statement per 500, not one each
            session.execute(update(Handoff).where(
                Handoff.id.in_(overdue[start:start + 500]), Handoff.overdue_at.is_(None))
                .values(overdue_at=now, updated_at=now))
        offers = plan_offers(queue, online_agents(session, settings, now), now,
                             settings.wait_targets_s, settings.offer_timeout_s)
        applied = _apply_offers(session, offers, {h.handoff_id: h.offered_to for h in queue},
                                now)
        if applied:
            log.info("routing: %s", ", ".join(
                f"handoff {o.handoff_id} -> agent {o.agent_id}" for o in applied))
        return applied


def _apply_offers(session: Session, offers: list[Offer], previous: dict[int, int | None],
                  now: dt.datetime) -> list[Offer]:
    """Write the offers in one batched statement, each only if its handoff is still waiting
    with the offer the plan saw (another process may have moved it); returns those written."""
    if not offers:
        return []
    table = Handoff.__table__
    session.execute(
        table.update().where(table.c.id == bindparam("b_id"), table.c.status == "waiting",
                             table.c.offered_to.is_not_distinct_from(bindparam("b_previous")))
        .values(offered_to=bindparam("b_agent"), offered_at=bindparam("b_offered_at"),
                passed_over=bindparam("b_passed_over"), updated_at=now),
        [{"b_id": o.handoff_id, "b_previous": previous[o.handoff_id], "b_agent": o.agent_id,
          "b_offered_at": now if o.agent_id is not None else None,
          "b_passed_over": json.dumps(sorted(o.passed_over))} for o in offers])
    ids = [o.handoff_id for o in offers]
    now_offered = dict(session.execute(
        select(Handoff.id, Handoff.offered_to).where(Handoff.id.in_(ids))).all())
    applied = [o for o in offers if o.handoff_id in now_offered
               and now_offered[o.handoff_id] == o.agent_id]
    agents = {o.agent_id for o in applied if o.agent_id is not None}
    if agents:
        session.execute(update(AgentState).where(AgentState.user_id.in_(agents))
                        .values(last_assigned_at=now))
    return applied


def release_silent_agents(settings: HandoffSettings, now: dt.datetime) -> list[int]:
    """Agents online in name but silent past the idle limit, or away/offline with
    conversations still assigned: those conversations go back to the queue."""
    with session_scope() as session:
        rows = session.execute(
            select(User.id, AgentState).join(AgentState, AgentState.user_id == User.id)
            .where(User.id.in_(select(Handoff.assigned_to).where(
                Handoff.status == "assigned")))).all()
        leaving = [user_id for user_id, state in rows
                   if effective_presence(state, settings, now) != "online"]
        unknown = session.execute(
            select(Handoff.assigned_to).where(
                Handoff.status == "assigned",
                Handoff.assigned_to.not_in(select(AgentState.user_id)))).scalars().all()
    moved: list[int] = []
    for agent_id in {*leaving, *unknown}:
        moved += requeue_agent_handoffs(agent_id)
    if moved:
        log.info("requeued handoffs %s: their agent left", moved)
    return moved


