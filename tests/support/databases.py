"""Fresh test databases: a SQLite file, or a throw-away database on the local PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ADMIN_URL = os.environ.get("HELPDESK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
DB_KINDS = ("sqlite", "postgresql")


@contextmanager
def fresh_database(kind: str, tmp_dir: Path, name: str = "helpdesk") -> Iterator[str]:
    """Yield the URL of an empty database of `kind`, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_dir / f'{name}-{uuid.uuid4().hex[:8]}.db'}"
        return
    db_name = f"{name}_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{db_name}"'))
    try:
        yield str(make_url(PG_ADMIN_URL).set(database=db_name))
    finally:
        with admin.connect() as conn:
            conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"
            ), {"d": db_name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}"'))
        admin.dispose()
