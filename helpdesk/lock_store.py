"""Rasa lock store chosen by LOCK_STORE_URL: Redis when set, in-memory otherwise."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

import redis
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from redis.backoff import ExponentialBackoff
from redis.retry import Retry


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
        store = RedisLockStore(
            host=parts.hostname or "localhost",
            port=parts.port or 6379,
            db=db,
            username=parts.username or None,
            password=parts.password or None,
            use_ssl=parts.scheme == "rediss",
            key_prefix=os.environ.get("LOCK_STORE_PREFIX", "helpdesk"),
        )
        store.red = reconnecting_client(store.red)
        return store


def reconnecting_client(client: redis.Redis) -> redis.Redis:
    """The same client, but a pooled connection Redis dropped (a restart, a network cut)
    is replaced and the command retried, with a short backoff, instead of failing a
    turn per dead connection in the pool."""
    kwargs = {**client.connection_pool.connection_kwargs,
              "retry": Retry(ExponentialBackoff(cap=1.0, base=0.1), retries=3),
              "retry_on_error": [redis.ConnectionError, redis.TimeoutError],
              "health_check_interval": 10}
    pool = redis.ConnectionPool(connection_class=client.connection_pool.connection_class,
                                **kwargs)
    return redis.Redis(connection_pool=pool)
