"""PIN attempts counted in the store: wrong PINs in a row lock PIN verification for a
subject, whatever the conversation or channel (CONTRACT §4).

A subject is one of
- `customer:<customer_id>`: a known customer, however they were identified (stated email,
  phone or customer id, caller ID); an agent or admin can lift their lock (`unlock`);
- `claim:<hex>`: a stated identifier that matches no customer, keyed by an HMAC-SHA256 of
  its kind and normalised value (`claim_subject`), never the identifier in clear. It is
  counted and locked exactly like a customer, so a locked known customer and a locked
  unknown identifier get the same answers in a new conversation (no PIN is right for it;
  its attempts check a decoy hash, as slowly as a real PIN).

`HELPDESK_MAX_PIN_ATTEMPTS` (3) wrong in a row set `locked_until` to now +
`HELPDESK_PIN_LOCKOUT_S` (900); until then every attempt is refused, the right PIN too.
A right PIN resets the count.

Each attempt is admitted, and counted, by one conditional UPDATE before its PIN is
checked: attempts running at the same time (other conversations, other Rasa servers)
each get their own place in the count and cannot slip past the limit. A right PIN then
clears the count only if no other attempt came in meanwhile.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.exc import IntegrityError

from helpdesk.config import get_settings
from helpdesk.crm.models import Customer, PinLockout
from helpdesk.crm.pins import check_decoy, pin_matches
from helpdesk.security.internal_auth import internal_secret
from helpdesk.store.database import session_scope
from helpdesk.store.times import as_utc

LOCKOUT_ENV = "HELPDESK_PIN_LOCKOUT_S"  # read by helpdesk.config
CUSTOMER_PREFIX, CLAIM_PREFIX = "customer:", "claim:"
CLAIM_KINDS = ("email", "phone", "customer_id", "conversation")
_CLAIM_SUBJECT = re.compile(r"^claim:[0-9a-f]{64}$")
_KEY_LABEL = b"helpdesk pin-lockout claim subject v1"
# Only when HELPDESK_INTERNAL_SECRET is unset (a process outside the stack): claims then
# count per process, never in clear.
_PROCESS_KEY = secrets.token_bytes(32)

log = logging.getLogger(__name__)
_warned_no_secret = False


class AttemptOutcome(str, Enum):
    VERIFIED = "verified"
    RETRY = "retry"
    LOCKED = "locked"


@dataclass(frozen=True)
class PinAttempt:
    """One PIN attempt: its outcome, the failures in a row after it, the lock's end, and
    whether it was refused unchecked (the subject was locked already)."""

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
    return get_settings().pin_lockout_s


# --- subjects ------------------------------------------------------------------------------
def customer_subject(customer_id: str) -> str:
    return f"{CUSTOMER_PREFIX}{customer_id}"


def normalized_identifier(kind: str, value: str) -> str:
    """VALUE as the lookups compare it: an email and a customer id lowercased (both are
    matched case-insensitively), a phone number as given (E.164 already)."""
    value = value.strip()
    if kind == "email":
        return value.strip(".").strip().lower()
    if kind == "customer_id":
        return value.lower()
    return value


def _claim_key(secret: str | None) -> bytes:
    global _warned_no_secret
    secret = secret if secret is not None else internal_secret()
    if not secret:
        if not _warned_no_secret:
            log.warning("HELPDESK_INTERNAL_SECRET is not set: wrong PINs for identifiers "
                        "that match no customer count in this process only")
            _warned_no_secret = True
        return _PROCESS_KEY
    return hmac.new(secret.encode("utf-8"), _KEY_LABEL, hashlib.sha256).digest()


def claim_subject(kind: str, value: str, secret: str | None = None) -> str:
    """`claim:<hex>` for a stated identifier of KIND (email, phone, customer_id; or
    conversation, for a claim whose identifier was not kept): an HMAC-SHA256 of the kind
    and the normalised value, keyed from HELPDESK_INTERNAL_SECRET (SECRET when given), so
    every process of the stack counts the same identifier in the same row."""
    if kind not in CLAIM_KINDS:
        raise ValueError(f"unknown identifier kind {kind!r}")
    message = f"{kind}\x00{normalized_identifier(kind, value)}".encode()
    return CLAIM_PREFIX + hmac.new(_claim_key(secret), message, hashlib.sha256).hexdigest()


def is_claim_subject(subject: object) -> bool:
    return isinstance(subject, str) and bool(_CLAIM_SUBJECT.match(subject))


# --- counting ------------------------------------------------------------------------------
def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else dt.datetime.now(dt.timezone.utc)


def _ensure_row(subject: str, now: dt.datetime, url: str | None) -> None:
    with session_scope(url) as session:
        if session.get(PinLockout, subject) is not None:
            return
    try:
        with session_scope(url) as session:
            session.add(PinLockout(subject=subject, failures=0, locked_until=None,
                                   updated_at=now))
    except IntegrityError:
        pass  # made meanwhile by a concurrent attempt


def _admit(subject: str, max_attempts: int, lockout_s: int | None, now: dt.datetime,
           url: str | None) -> tuple[bool, int, dt.datetime | None]:
    """Count one attempt for SUBJECT unless it is locked: (admitted, failures in a row
    now, the lock's end)."""
    lock_end = now + dt.timedelta(seconds=lockout_s if lockout_s is not None
                                  else lockout_seconds())
    _ensure_row(subject, now, url)
    row = PinLockout.__table__.c
    expired = and_(row.locked_until.is_not(None), row.locked_until <= now)
    counted = case((expired, 1), else_=row.failures + 1)  # an ended lock starts afresh
    with session_scope(url) as session:
        admitted = session.execute(
            update(PinLockout.__table__)
            .where(row.subject == subject,
                   or_(row.locked_until.is_(None), row.locked_until <= now))
            .values(failures=counted,
                    locked_until=case((counted >= max_attempts, lock_end), else_=None),
                    updated_at=now)
        ).rowcount == 1
        failures, locked_until = session.execute(
            select(row.failures, row.locked_until).where(row.subject == subject)
        ).one()
    return admitted, failures, as_utc(locked_until)


def _wrong(failures: int, max_attempts: int, locked_until: dt.datetime | None) -> PinAttempt:
    if failures >= max_attempts:
        return PinAttempt(AttemptOutcome.LOCKED, failures, 0, locked_until)
    return PinAttempt(AttemptOutcome.RETRY, failures, max_attempts - failures, None)


def attempt_pin(customer_id: str, pin: str, max_attempts: int,
                lockout_s: int | None = None, now: dt.datetime | None = None,
                url: str | None = None) -> PinAttempt:
    """Count one attempt for CUSTOMER_ID, then check PIN. A locked customer's attempt is
    refused without looking at the PIN. Raises LookupError for an unknown customer."""
    now = _now(now)
    max_attempts = max(1, max_attempts)
    with session_scope(url) as session:
        pin_hash = session.scalar(select(Customer.pin_hash)
                                  .where(Customer.customer_id == customer_id))
    if pin_hash is None:
        raise LookupError(f"no customer {customer_id!r}")
    subject = customer_subject(customer_id)
    admitted, failures, locked_until = _admit(subject, max_attempts, lockout_s, now, url)
    if not admitted:
        return PinAttempt(AttemptOutcome.LOCKED, failures, 0, locked_until, refused=True)
    if pin_matches(pin_hash, pin):
        row = PinLockout.__table__.c
        with session_scope(url) as session:
            session.execute(update(PinLockout.__table__)
                            .where(row.subject == subject, row.failures == failures)
                            .values(failures=0, locked_until=None, updated_at=now))
        return PinAttempt(AttemptOutcome.VERIFIED, 0, max_attempts, None)
    return _wrong(failures, max_attempts, locked_until)


def attempt_claim(subject: str, pin: str, max_attempts: int,
                  lockout_s: int | None = None, now: dt.datetime | None = None,
                  url: str | None = None) -> PinAttempt:
    """Count one attempt for a claim that matches no customer (SUBJECT from
    `claim_subject`), the same way as a customer's: no PIN is right, an admitted attempt
    checks PIN against a decoy hash (as slow as a real check), a locked one is refused
    unchecked. Raises ValueError for anything but a claim subject."""
    if not is_claim_subject(subject):
        raise ValueError("not a claim subject")
    now = _now(now)
    max_attempts = max(1, max_attempts)
    admitted, failures, locked_until = _admit(subject, max_attempts, lockout_s, now, url)
    if not admitted:
        return PinAttempt(AttemptOutcome.LOCKED, failures, 0, locked_until, refused=True)
    check_decoy(pin)
    return _wrong(failures, max_attempts, locked_until)


# --- state and unlocking ---------------------------------------------------------------------
def _subject_state(subject: str, now: dt.datetime,
                   url: str | None) -> tuple[int, dt.datetime | None]:
    """(failures in a row, the end of a lock still running) for SUBJECT."""
    with session_scope(url) as session:
        row = session.get(PinLockout, subject)
        if row is None:
            return 0, None
        failures, locked_until = row.failures, as_utc(row.locked_until)
    if locked_until is not None and locked_until <= now:
        return 0, None  # the lock has ended
    return failures, locked_until


def subject_locked(subject: str, now: dt.datetime | None = None,
                   url: str | None = None) -> bool:
    """Whether PIN verification is locked for SUBJECT (a customer's or a claim's)."""
    return _subject_state(subject, _now(now), url)[1] is not None


def lock_status(customer_id: str, now: dt.datetime | None = None,
                url: str | None = None) -> PinLockStatus | None:
    """Where CUSTOMER_ID's PIN verification stands; None for an unknown customer."""
    now = _now(now)
    with session_scope(url) as session:
        if session.get(Customer, customer_id) is None:
            return None
    failures, locked_until = _subject_state(customer_subject(customer_id), now, url)
    return PinLockStatus(customer_id, failures, locked_until is not None, locked_until)


def is_locked(customer_id: str, now: dt.datetime | None = None, url: str | None = None) -> bool:
    status = lock_status(customer_id, now, url)
    return bool(status and status.locked)


def unlock_subject(subject: str, now: dt.datetime | None = None, url: str | None = None) -> None:
    """Lift SUBJECT's lock and clear its count."""
    with session_scope(url) as session:
        session.execute(update(PinLockout.__table__)
                        .where(PinLockout.__table__.c.subject == subject)
                        .values(failures=0, locked_until=None, updated_at=_now(now)))


def unlock(customer_id: str, now: dt.datetime | None = None,
           url: str | None = None) -> PinLockStatus | None:
    """Lift the lock and clear the count (an agent's decision); None for an unknown customer."""
    with session_scope(url) as session:
        if session.get(Customer, customer_id) is None:
            return None
    unlock_subject(customer_subject(customer_id), now, url)
    return PinLockStatus(customer_id, 0, False, None)
