"""The analytics' table: one row of facts per conversation (CSAT included)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, Integer, String, Text, UniqueConstraint

from helpdesk.store.base import Base

CONVERSATION_OUTCOMES = ("handoff", "lead", "contained", "abandoned")


class Conversation(Base):
    """One Rasa session of a sender, as facts for analytics
    (see helpdesk/analytics/conversation_facts.py).

    Rewritten after every turn from the tracker's masked events; the transcript holds no PIN.
    """

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("conversation_id", "started_at",
                                       name="uq_conversations_session"),)

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id: str = Column(String(255), nullable=False, index=True)
    started_at: dt.datetime = Column(DateTime(timezone=True), nullable=False, index=True)
    last_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    channel: str = Column(String(32), nullable=False, default="", index=True)
    customer_id: str | None = Column(String(64), nullable=True, index=True)
    verified: bool = Column(Boolean, nullable=False, default=False)
    user_turns: int = Column(Integer, nullable=False, default=0)
    fallback_turns: int = Column(Integer, nullable=False, default=0)
    intents: str = Column(Text, nullable=False, default="[]")  # JSON list, in order
    topic: str | None = Column(String(16), nullable=True)  # orders, billing, sales, general
    handed_off: bool = Column(Boolean, nullable=False, default=False)
    handoff_reason: str | None = Column(String(64), nullable=True)
    lead_captured: bool = Column(Boolean, nullable=False, default=False)
    csat_rating: int | None = Column(Integer, nullable=True)
    csat_comment: str | None = Column(Text, nullable=True)
    transcript: str = Column(Text, nullable=False, default="[]")  # JSON [{role, text, at}]
    outcome: str = Column(String(16), nullable=False)
    updated_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
