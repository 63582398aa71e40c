"""The FAQ's tables: entries with their version history, and unanswered questions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text

from helpdesk.store.base import Base


class FaqEntry(Base):
    """A knowledge-base entry; the bot answers from the live table (no retraining)."""

    __tablename__ = "faq_entries"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    slug: str = Column(String(120), nullable=False, unique=True, index=True)
    question: str = Column(Text, nullable=False)
    answer: str = Column(Text, nullable=False)
    voice_answer: str | None = Column(Text, nullable=True)
    alternates: str = Column(Text, nullable=False, default="[]")  # JSON list of phrasings
    tags: str = Column(Text, nullable=False, default="[]")  # JSON list
    version: int = Column(Integer, nullable=False, default=1)
    deleted_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    updated_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)


class FaqVersion(Base):
    """Every saved state of an entry, for history, diff and revert."""

    __tablename__ = "faq_versions"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    entry_id: int = Column(Integer, ForeignKey("faq_entries.id"), nullable=False, index=True)
    version: int = Column(Integer, nullable=False)
    change: str = Column(String(16), nullable=False)  # create, update, delete, revert, import
    snapshot: str = Column(Text, nullable=False)  # JSON of the editable fields
    changed_by: str = Column(String(120), nullable=False)
    changed_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)


class UnansweredQuestion(Base):
    """A question the bot could not answer, grouped by its normalised text."""

    __tablename__ = "unanswered_questions"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    normalized: str = Column(String(500), nullable=False, unique=True, index=True)
    text: str = Column(Text, nullable=False)  # the latest wording
    count: int = Column(Integer, nullable=False, default=1)
    channel: str = Column(String(32), nullable=False, default="")
    conversation_id: str = Column(String(255), nullable=False, default="")
    first_seen: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    last_seen: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    resolved_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
