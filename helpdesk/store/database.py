"""Engine and session factory for the CRM store (SQLite by default, PostgreSQL in production)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from helpdesk.config import PROJECT_ROOT, get_settings


def resolve_db_url(url: str | None = None) -> str:
    """Return `url` (or HELPDESK_DB_URL) with a relative SQLite path made absolute.

    `sqlite:///var/helpdesk.db` is relative to the project root, so every service finds the
    same file whatever its working directory.
    """
    return _resolve(url or get_settings().db_url)


@lru_cache(maxsize=32)
def _resolve(raw: str) -> str:
    parsed = make_url(raw)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        if not path.is_absolute():
            path = PROJECT_ROOT / path
        path.parent.mkdir(parents=True, exist_ok=True)
        parsed = parsed.set(database=str(path))
    if parsed.drivername == "postgres":
        parsed = parsed.set(drivername="postgresql")
    return str(parsed)


def get_engine(url: str | None = None) -> Engine:
    """One pooled engine per URL and process (HELPDESK_DB_URL when `url` is None)."""
    return _engine(resolve_db_url(url))


@lru_cache(maxsize=8)
def _engine(resolved: str) -> Engine:
    if resolved.startswith("sqlite"):
        engine = create_engine(
            resolved, future=True, connect_args={"check_same_thread": False, "timeout": 30}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(resolved, future=True, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@lru_cache(maxsize=8)
def _session_factory(resolved: str) -> sessionmaker:
    return sessionmaker(bind=_engine(resolved), future=True, expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session: Session = _session_factory(resolve_db_url(url))()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
