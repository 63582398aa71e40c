"""Agents' presence (online, away, offline), capacity and signs of life."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpdesk.accounts.models import User
from helpdesk.config import HandoffSettings, get_settings
from helpdesk.handoffs.models import AGENT_PRESENCE, AgentState, Handoff
from helpdesk.handoffs.routing import AgentLoad
from helpdesk.store.database import session_scope
from helpdesk.store.times import as_utc


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def agent_state(session: Session, user_id: int, settings: HandoffSettings) -> AgentState:
    state = session.get(AgentState, user_id)
    if state is None:
        state = AgentState(user_id=user_id, presence="offline",
                           capacity=settings.default_capacity)
        session.add(state)
    return state


def set_presence(user_id: int, presence: str, settings: HandoffSettings | None = None) -> str:
    if presence not in AGENT_PRESENCE:
        raise ValueError(f"presence must be one of {', '.join(AGENT_PRESENCE)}")
    settings = settings or get_settings().handoffs
    with session_scope() as session:
        state = agent_state(session, user_id, settings)
        state.presence = presence
        state.last_seen = _now()
    return presence


def touch(user_id: int, settings: HandoffSettings | None = None) -> None:
    """A sign of life from the agent (an API call, the live-update stream)."""
    settings = settings or get_settings().handoffs
    with session_scope() as session:
        agent_state(session, user_id, settings).last_seen = _now()


def presence_of(user_id: int, settings: HandoffSettings | None = None) -> dict:
    settings = settings or get_settings().handoffs
    with session_scope() as session:
        state = session.get(AgentState, user_id)
        if state is None:
            return {"presence": "offline", "capacity": settings.default_capacity}
        return {"presence": effective_presence(state, settings), "capacity": state.capacity}


def effective_presence(state: AgentState, settings: HandoffSettings,
                       now: dt.datetime | None = None) -> str:
    """Online agents who showed no sign of life for too long count as offline."""
    last_seen = as_utc(state.last_seen)
    if state.presence == "online" and (
            last_seen is None
            or ((now or _now()) - last_seen).total_seconds() > settings.agent_idle_s):
        return "offline"
    return state.presence


def online_agents(session: Session, settings: HandoffSettings,
                  now: dt.datetime | None = None) -> list[AgentLoad]:
    """Active agent users who are online, with their current load (assigned handoffs)."""
    now = now or _now()
    rows = session.execute(
        select(User, AgentState).join(AgentState, AgentState.user_id == User.id)
        .where(User.role == "agent", User.active.is_(True), AgentState.presence == "online")
    ).all()
    loads = dict(session.execute(
        select(Handoff.assigned_to, func.count()).where(Handoff.status == "assigned")
        .group_by(Handoff.assigned_to)).all())
    agents = []
    for user, state in rows:
        if effective_presence(state, settings, now) != "online":
            continue
        agents.append(AgentLoad(agent_id=user.id, skills=frozenset(json.loads(user.skills)),
                                capacity=state.capacity, active=loads.get(user.id, 0),
                                last_assigned_at=as_utc(state.last_assigned_at)))
    return agents
