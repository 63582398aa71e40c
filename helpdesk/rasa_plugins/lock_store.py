"""Rasa lock store chosen by LOCK_STORE_URL: Redis when set, in-memory otherwise.

The Redis one is Rasa's, with every change of a conversation's ticket lock made under a
short Redis mutex (`AtomicRedisLockStore`): Rasa reads the lock, changes it and writes it
back, so two servers issuing tickets for one conversation at the same moment could both get
the same number, run their turns at once, and the tracker store would keep only one of the
two messages (seen in tests/e2e/test_scale_out.py with messages sent at once to both)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import redis
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockStore, RedisLockStore
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from helpdesk.config import get_settings


class EnvLockStore:
    """Factory Rasa instantiates from endpoints.yml; returns the real lock store."""

    def __new__(cls, endpoint_config: Any = None) -> LockStore:  # type: ignore[misc]
        settings = get_settings()
        url = settings.lock_store_url
        if not url:
            return InMemoryLockStore()
        parts = urlsplit(url)
        if parts.scheme not in ("redis", "rediss"):
            raise ValueError(f"LOCK_STORE_URL must be a redis:// URL, got scheme {parts.scheme!r}")
        db = int(parts.path.strip("/") or 1)
        store = AtomicRedisLockStore(
            host=parts.hostname or "localhost",
            port=parts.port or 6379,
            db=db,
            username=parts.username or None,
            password=parts.password or None,
            use_ssl=parts.scheme == "rediss",
            key_prefix=settings.lock_store_prefix,
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


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store whose read-modify-write steps (issue a ticket, drop expired
    tickets, finish one) each hold a per-conversation Redis mutex (see the module doc)."""

    MUTEX_TIMEOUT_S = 5.0  # a step takes milliseconds; a crashed holder frees it after this

    def _mutex(self, conversation_id: str) -> Any:
        return self.red.lock(f"{self.key_prefix}{conversation_id}:mutex",
                             timeout=self.MUTEX_TIMEOUT_S,
                             blocking_timeout=self.MUTEX_TIMEOUT_S)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
