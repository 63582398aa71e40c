"""The audit log's table."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Integer, String

from helpdesk.store.base import Base


class AuditEntry(Base):
    """Who did what, when: every change made in the web app by an agent, editor or admin, and
    every change a customer made to their orders or contact details through the bot."""

    __tablename__ = "audit_log"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    at: dt.datetime = Column(DateTime(timezone=True), nullable=False, index=True)
    username: str = Column(String(64), nullable=False, index=True)
    role: str = Column(String(16), nullable=False)
    action: str = Column(String(80), nullable=False)  # e.g. "handoffs.claim"
    target: str = Column(String(300), nullable=False)  # the request path
    status: int = Column(Integer, nullable=False)
    client: str = Column(String(64), nullable=False, default="")
    # The conversation a customer's self-service change was made in (None for the web app).
    conversation_id: str | None = Column(String(128), nullable=True, index=True)
