"""Bearer tokens for the API: random, stored as SHA-256, expiring, revoked on logout."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select

from helpdesk.accounts.models import ApiToken, User
from helpdesk.accounts.users import UserView, _view
from helpdesk.store.database import session_scope


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def issue_token(user: UserView, ttl_seconds: int, db_url: str | None = None) -> str:
    token = secrets.token_urlsafe(32)
    with session_scope(db_url) as session:
        session.add(ApiToken(token_hash=_digest(token), user_id=user.id, created_at=_now(),
                             expires_at=_now() + dt.timedelta(seconds=ttl_seconds)))
    return token


def user_for_token(token: str, db_url: str | None = None) -> UserView | None:
    if not token or len(token) > 200:
        return None
    with session_scope(db_url) as session:
        row = session.get(ApiToken, _digest(token))
        if row is None or row.revoked_at is not None:
            return None
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(
            tzinfo=dt.timezone.utc)
        if expires <= _now():
            return None
        user = session.get(User, row.user_id)
        return _view(user) if user is not None and user.active else None


def revoke_token(token: str, db_url: str | None = None) -> None:
    with session_scope(db_url) as session:
        row = session.get(ApiToken, _digest(token))
        if row is not None and row.revoked_at is None:
            row.revoked_at = _now()


def revoke_user_tokens(user_id: int, db_url: str | None = None) -> None:
    with session_scope(db_url) as session:
        for row in session.scalars(select(ApiToken).where(ApiToken.user_id == user_id,
                                                          ApiToken.revoked_at.is_(None))):
            row.revoked_at = _now()
