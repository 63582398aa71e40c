"""Users of the web app: argon2 password hashes, roles, skills, the built-in admin."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select

from helpdesk.accounts.models import USER_ROLES, User
from helpdesk.store.database import session_scope

USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
MIN_PASSWORD = 8
ADMIN = "admin"


class AccountError(ValueError):
    status = 400  # the web API's answer (helpdesk/web/domain_errors.py)


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    role: str
    skills: list[str]
    active: bool

    def to_json(self) -> dict:
        return {"id": self.id, "username": self.username, "role": self.role,
                "skills": self.skills, "active": self.active}


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def _view(user: User) -> UserView:
    return UserView(user.id, user.username, user.role, json.loads(user.skills), user.active)


def create_user(username: str, password: str, role: str, skills: list[str] | None = None,
                db_url: str | None = None) -> UserView:
    if not USERNAME.match(username or ""):
        raise AccountError("the user name must be 2-64 letters, digits or . _ @ -")
    if role not in USER_ROLES:
        raise AccountError(f"the role must be one of {', '.join(USER_ROLES)}")
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    cleaned = sorted({s.strip().lower() for s in skills or [] if s.strip()})
    with session_scope(db_url) as session:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise AccountError(f"user {username!r} already exists")
        user = User(username=username, password_hash=_hasher().hash(password), role=role,
                    skills=json.dumps(cleaned), active=True,
                    created_at=dt.datetime.now(dt.timezone.utc))
        session.add(user)
        session.flush()
        return _view(user)


def authenticate(username: str, password: str, db_url: str | None = None) -> UserView | None:
    with session_scope(db_url) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None or not user.active:
            _hasher().hash(password or "x")  # same work either way: no user enumeration
            return None
        try:
            _hasher().verify(user.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        return _view(user)


def list_users(db_url: str | None = None) -> list[UserView]:
    with session_scope(db_url) as session:
        return [_view(u) for u in session.scalars(select(User).order_by(User.username))]


def set_active(user_id: int, active: bool, db_url: str | None = None) -> UserView | None:
    with session_scope(db_url) as session:
        user = session.get(User, user_id)
        if user is None:
            return None
        user.active = active
        return _view(user)


def ensure_admin(password: str | None, db_url: str | None = None) -> str | None:
    """Create the built-in admin on first start. Returns the generated password (to print
    once) when none was given, None when the admin exists or the password was given."""
    with session_scope(db_url) as session:
        if session.scalar(select(func.count()).select_from(User).where(
                User.username == ADMIN)):
            return None
    generated = None if password else secrets.token_urlsafe(12)
    create_user(ADMIN, password or generated, "admin", db_url=db_url)
    return generated
