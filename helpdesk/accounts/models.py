"""The accounts' tables: the people of the contact center and their login tokens."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text

from helpdesk.store.base import Base

USER_ROLES = ("admin", "editor", "agent", "supervisor")


class User(Base):
    """A person of the contact center: admin, editor (FAQ) or agent (console)."""

    __tablename__ = "users"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    username: str = Column(String(64), nullable=False, unique=True, index=True)
    password_hash: str = Column(String(200), nullable=False)
    role: str = Column(String(16), nullable=False)
    skills: str = Column(Text, nullable=False, default="[]")  # JSON list
    active: bool = Column(Boolean, nullable=False, default=True)
    created_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)


class ApiToken(Base):
    """A login session: only the token's SHA-256 is stored."""

    __tablename__ = "api_tokens"

    token_hash: str = Column(String(64), primary_key=True)
    user_id: int = Column(Integer, ForeignKey("users.id"), nullable=False, index=True)
    created_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    expires_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    revoked_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
