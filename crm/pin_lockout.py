"""PIN attempts per customer in the store: wrong PINs in a row lock PIN verification for
that customer, whatever the conversation or channel (CONTRACT §4).

`HELPDESK_MAX_PIN_ATTEMPTS` (3) wrong in a row set `locked_until` to now +
`HELPDESK_PIN_LOCKOUT_S` (900); until then every attempt is refused, the right PIN too.
A right PIN resets the count; an agent or admin can lift the lock (`unlock`).

Each attempt is admitted, and counted, by one conditional UPDATE before its PIN is
checked: attempts running at the same time (other conversations, other Rasa servers)
each get their own place in the count and cannot slip past the limit. A right PIN then
clears the count only if no other attempt came in meanwhile.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.exc import IntegrityError

from crm.database import session_scope
from crm.models import Customer, PinLockout
from crm.pins import pin_matches
from crm.times import as_utc
from helpdesk.settings import env_int

LOCKOUT_ENV = "HELPDESK_PIN_LOCKOUT_S"
DEFAULT_LOCKOUT_S = 900


class AttemptOutcome(str, Enum):
    VERIFIED = "verified"
    RETRY = "retry"
    LOCKED = "locked"


@dataclass(frozen=True)
class PinAttempt:
    """One PIN attempt: its outcome, the failures in a row after it, the lock's end, and
    whether it was refused unchecked (the customer was locked already)."""

    outcome: AttemptOutcome
    failures: int
    attempts_left: int
    locked_until: dt.datetime | None
    refused: bool = False


@dataclass(frozen=True)
class PinLockStatus:
    customer_id: str
    failures: int
    locked: bool
    locked_until: dt.datetime | None

    def to_json(self) -> dict[str, object]:
        return {"customer_id": self.customer_id, "failures": self.failures,
                "locked": self.locked,
                "locked_until": self.locked_until.isoformat() if self.locked_until else None}


def lockout_seconds() -> int:
    """HELPDESK_PIN_LOCKOUT_S: how long wrong PINs lock verification (default 900 s)."""
    return max(1, env_int(LOCKOUT_ENV, DEFAULT_LOCKOUT_S))


def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else dt.datetime.now(dt.timezone.utc)


def _ensure_row(customer_id: str, now: dt.datetime, url: str | None) -> None:
    with session_scope(url) as session:
        if session.get(PinLockout, customer_id) is not None:
            return
    try:
        with session_scope(url) as session:
            session.add(PinLockout(customer_id=customer_id, failures=0, locked_until=None,
                                   updated_at=now))
    except IntegrityError:
        pass  # made meanwhile by a concurrent attempt


def attempt_pin(customer_id: str, pin: str, max_attempts: int,
                lockout_s: int | None = None, now: dt.datetime | None = None,
                url: str | None = None) -> PinAttempt:
    """Count one attempt for CUSTOMER_ID, then check PIN. A locked customer's attempt is
    refused without looking at the PIN. Raises LookupError for an unknown customer."""
    now = _now(now)
    max_attempts = max(1, max_attempts)
    lock_end = now + dt.timedelta(seconds=lockout_s if lockout_s is not None
                                  else lockout_seconds())
    with session_scope(url) as session:
        pin_hash = session.scalar(select(Customer.pin_hash)
                                  .where(Customer.customer_id == customer_id))
    if pin_hash is None:
        raise LookupError(f"no customer {customer_id!r}")
    _ensure_row(customer_id, now, url)
    row = PinLockout.__table__.c
    expired = and_(row.locked_until.is_not(None), row.locked_until <= now)
    counted = case((expired, 1), else_=row.failures + 1)  # an ended lock starts afresh
    with session_scope(url) as session:
        admitted = session.execute(
            update(PinLockout.__table__)
            .where(row.customer_id == customer_id,
                   or_(row.locked_until.is_(None), row.locked_until <= now))
            .values(failures=counted,
                    locked_until=case((counted >= max_attempts, lock_end), else_=None),
                    updated_at=now)
        ).rowcount == 1
        failures, locked_until = session.execute(
            select(row.failures, row.locked_until).where(row.customer_id == customer_id)
        ).one()
    locked_until = as_utc(locked_until)
    if not admitted:
        return PinAttempt(AttemptOutcome.LOCKED, failures, 0, locked_until, refused=True)
    if pin_matches(pin_hash, pin):
        with session_scope(url) as session:
            session.execute(update(PinLockout.__table__)
                            .where(row.customer_id == customer_id, row.failures == failures)
                            .values(failures=0, locked_until=None, updated_at=now))
        return PinAttempt(AttemptOutcome.VERIFIED, 0, max_attempts, None)
    if failures >= max_attempts:
        return PinAttempt(AttemptOutcome.LOCKED, failures, 0, locked_until)
    return PinAttempt(AttemptOutcome.RETRY, failures, max_attempts - failures, None)


def lock_status(customer_id: str, now: dt.datetime | None = None,
                url: str | None = None) -> PinLockStatus | None:
    """Where CUSTOMER_ID's PIN verification stands; None for an unknown customer."""
    now = _now(now)
    with session_scope(url) as session:
        if session.get(Customer, customer_id) is None:
            return None
        row = session.get(PinLockout, customer_id)
        if row is None:
            return PinLockStatus(customer_id, 0, False, None)
        locked_until = as_utc(row.locked_until)
        failures = row.failures
    if locked_until is not None and locked_until <= now:
        return PinLockStatus(customer_id, 0, False, None)  # the lock has ended
    return PinLockStatus(customer_id, failures, locked_until is not None, locked_until)


def is_locked(customer_id: str, now: dt.datetime | None = None, url: str | None = None) -> bool:
    status = lock_status(customer_id, now, url)
    return bool(status and status.locked)


def unlock(customer_id: str, now: dt.datetime | None = None,
           url: str | None = None) -> PinLockStatus | None:
    """Lift the lock and clear the count (an agent's decision); None for an unknown customer."""
    now = _now(now)
    with session_scope(url) as session:
        if session.get(Customer, customer_id) is None:
            return None
        session.execute(update(PinLockout.__table__)
                        .where(PinLockout.__table__.c.customer_id == customer_id)
                        .values(failures=0, locked_until=None, updated_at=now))
    return PinLockStatus(customer_id, 0, False, None)
