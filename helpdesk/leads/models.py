"""The leads' table."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Integer, String, Text

from helpdesk.store.base import Base

LEAD_STATUSES = ("new", "contacted", "won", "lost")


class Lead(Base):
    """Sales interest or a callback request captured by the bot."""

    __tablename__ = "leads"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    name: str = Column(String(200), nullable=False)
    phone: str = Column(String(32), nullable=False)
    email: str = Column(String(320), nullable=False, default="")
    interest: str = Column(Text, nullable=False)
    best_time: str = Column(String(200), nullable=False, default="")
    reason: str = Column(String(32), nullable=False)  # sales, no_agent, after_hours
    source_channel: str = Column(String(32), nullable=False)
    conversation_id: str = Column(String(255), nullable=False, index=True)
    customer_id: str | None = Column(String(64), nullable=True)
    status: str = Column(String(16), nullable=False, default="new", index=True)
    owner: str | None = Column(String(64), nullable=True)
    created_at: dt.datetime = Column(DateTime(timezone=True), nullable=False, index=True)
    updated_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
