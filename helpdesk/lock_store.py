"""Rasa lock store chosen by LOCK_STORE_URL: Redis when set, in-memory otherwise."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore


class EnvLockStore:
    """Factory Rasa instantiates from endpoints.yml; returns the real lock store."""

    def __new__(cls, endpoint_config: Any = None) -> LockStore:  # type: ignore[misc]
        url = os.environ.get("LOCK_STORE_URL", "").strip()
        if not url:
            return InMemoryLockStore()
        parts = urlsplit(url)
        if parts.scheme not in ("redis", "rediss"):
            raise ValueError(f"LOCK_STORE_URL must be a redis:// URL, got scheme {parts.scheme!r}")
        db = int(parts.path.strip("/") or 1)
        return RedisLockStore(
            host=parts.hostname or "localhost",
            port=parts.port or 6379,
            db=db,
            username=parts.username or None,
            password=parts.password or None,
            use_ssl=parts.scheme == "rediss",
            key_prefix=os.environ.get("LOCK_STORE_PREFIX", "helpdesk"),
        )
