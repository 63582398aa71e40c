"""The handoffs' tables: handoffs and their transcripts, and the agents' routing state.

The foreign keys to `users` name the accounts' column itself (a downward import), so the
table they point at is always in the metadata when a handoff is.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text

from helpdesk.accounts.models import User
from helpdesk.store.base import Base

AGENT_PRESENCE = ("online", "away", "offline")


class AgentState(Base):
    """An agent's routing state: presence, how many handoffs at once, last sign of life."""

    __tablename__ = "agent_states"

    user_id: int = Column(Integer, ForeignKey(User.id), primary_key=True)
    presence: str = Column(String(16), nullable=False, default="offline")
    capacity: int = Column(Integer, nullable=False, default=3)
    last_seen: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    last_assigned_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)


HANDOFF_STATUSES = ("waiting", "assigned", "closed")
HANDOFF_SKILLS = ("orders", "billing", "sales", "general")


class Handoff(Base):
    """A conversation handed from the bot to a person: who, why, and where it stands.

    While a handoff is waiting or assigned the bot stays silent in its conversation.
    """

    __tablename__ = "handoffs"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id: str = Column(String(255), nullable=False, index=True)
    channel: str = Column(String(32), nullable=False)
    status: str = Column(String(16), nullable=False, index=True)
    reason: str = Column(String(64), nullable=False)
    skill: str = Column(String(16), nullable=False)
    priority: int = Column(Integer, nullable=False)
    tier: str = Column(String(16), nullable=False, default="standard")
    customer_id: str | None = Column(String(64), nullable=True)
    verified: bool = Column(Boolean, nullable=False, default=False)
    summary: str = Column(Text, nullable=False, default="")
    slots: str = Column(Text, nullable=False, default="{}")  # JSON
    created_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    updated_at: dt.datetime = Column(DateTime(timezone=True), nullable=False, index=True)
    offered_to: int | None = Column(Integer, ForeignKey(User.id), nullable=True)
    offered_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    passed_over: str = Column(Text, nullable=False, default="[]")  # JSON user ids
    overdue_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    assigned_to: int | None = Column(Integer, ForeignKey(User.id), nullable=True, index=True)
    assigned_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    closed_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    resolution: str | None = Column(String(64), nullable=True)
    return_to_bot: bool | None = Column(Boolean, nullable=True)


class HandoffMessage(Base):
    """One line of a handoff's transcript. Lines to the customer written after the handoff
    (agent replies, notices) wait with `delivered_at` empty until the bot delivers them."""

    __tablename__ = "handoff_messages"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    handoff_id: int = Column(Integer, ForeignKey("handoffs.id"), nullable=False, index=True)
    role: str = Column(String(8), nullable=False)  # user, bot, agent
    text: str = Column(Text, nullable=False)
    author: str | None = Column(String(64), nullable=True)  # the agent's name
    at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    outgoing: bool = Column(Boolean, nullable=False, default=False)
    delivered_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
