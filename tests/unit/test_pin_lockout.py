"""PIN failures in the store (CONTRACT §4), on SQLite and PostgreSQL: wrong PINs in a row
lock the subject for HELPDESK_PIN_LOCKOUT_S, the right PIN is refused while locked, a right
PIN resets the count, an unlock lifts the lock, and attempts made at the same time cannot
slip past the limit. Both kinds of subject: a known customer, and a stated identifier that
matches no customer (counted and locked alike, under a keyed hash of the identifier)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, select

from helpdesk.crm import lookups, pin_lockout
from helpdesk.crm.models import PinLockout
from helpdesk.crm.pin_lockout import AttemptOutcome
from helpdesk.store.database import session_scope
from helpdesk.store.migrate import alembic_config
from tests.support.databases import DB_KINDS, fresh_database

GRACE, GRACE_PIN = "K-100", "2468"
MIA, MIA_PIN = "K-300", "8080"
T0 = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.timezone.utc)


def attempt(customer_id: str, pin: str, now: dt.datetime = T0, max_attempts: int = 3,
            lockout_s: int = 900) -> pin_lockout.PinAttempt:
    return pin_lockout.attempt_pin(customer_id, pin, max_attempts, lockout_s, now=now)


def test_three_wrong_pins_lock_and_the_right_pin_is_refused(loaded_db_url: str) -> None:
    first, second = attempt(GRACE, "1111"), attempt(GRACE, "2222")
    assert (first.outcome, first.attempts_left) == (AttemptOutcome.RETRY, 2)
    assert (second.outcome, second.attempts_left) == (AttemptOutcome.RETRY, 1)
    third = attempt(GRACE, "3333")
    assert third.outcome is AttemptOutcome.LOCKED and not third.refused
    assert third.locked_until == T0 + dt.timedelta(seconds=900)
    right = attempt(GRACE, GRACE_PIN, T0 + dt.timedelta(seconds=899))
    assert right.outcome is AttemptOutcome.LOCKED and right.refused
    status = pin_lockout.lock_status(GRACE, T0 + dt.timedelta(seconds=60))
    assert status is not None and status.locked and status.failures == 3
    # Another customer is not affected.
    assert attempt(MIA, MIA_PIN).outcome is AttemptOutcome.VERIFIED


def test_the_lock_ends_after_the_lockout_and_counting_starts_afresh(loaded_db_url: str) -> None:
    for pin in ("1111", "2222", "3333"):
        attempt(GRACE, pin)
    later = T0 + dt.timedelta(seconds=900)
    assert not pin_lockout.is_locked(GRACE, later)
    again = attempt(GRACE, "4444", later)
    assert (again.outcome, again.failures, again.attempts_left) == (AttemptOutcome.RETRY, 1, 2)
    assert attempt(GRACE, GRACE_PIN, later).outcome is AttemptOutcome.VERIFIED


def test_a_right_pin_resets_the_count(loaded_db_url: str) -> None:
    attempt(GRACE, "1111")
    attempt(GRACE, "2222")
    assert attempt(GRACE, GRACE_PIN).outcome is AttemptOutcome.VERIFIED
    assert pin_lockout.lock_status(GRACE, T0).failures == 0
    assert attempt(GRACE, "1111").attempts_left == 2


def test_an_unlock_lifts_the_lock(loaded_db_url: str) -> None:
    for pin in ("1111", "2222", "3333"):
        attempt(GRACE, pin)
    assert pin_lockout.is_locked(GRACE, T0)
    status = pin_lockout.unlock(GRACE, T0)
    assert status is not None and not status.locked and status.failures == 0
    assert attempt(GRACE, GRACE_PIN).outcome is AttemptOutcome.VERIFIED
    assert pin_lockout.unlock("K-999") is None and pin_lockout.lock_status("K-999") is None


def test_the_limit_and_the_lockout_are_settings(loaded_db_url: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert attempt(GRACE, "1111", max_attempts=1).outcome is AttemptOutcome.LOCKED
    pin_lockout.unlock(GRACE)
    monkeypatch.setenv(pin_lockout.LOCKOUT_ENV, "30")
    assert pin_lockout.lockout_seconds() == 30
    locked = pin_lockout.attempt_pin(GRACE, "1111", 1, now=T0)
    assert locked.locked_until == T0 + dt.timedelta(seconds=30)


def test_an_unknown_customer_is_an_error_not_a_count(loaded_db_url: str) -> None:
    with pytest.raises(LookupError):
        attempt("K-999", "1111")


def test_concurrent_attempts_cannot_slip_past_the_count(loaded_db_url: str) -> None:
    """Twelve wrong PINs at once (as from many conversations): three are checked, the rest
    are refused unchecked, and the customer ends locked."""
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda pin: attempt(GRACE, pin), [f"{n:04d}" for n in range(12)]))
    checked = [r for r in results if not r.refused]
    assert len(checked) == 3
    assert sorted(r.failures for r in checked) == [1, 2, 3]
    assert all(r.outcome is AttemptOutcome.LOCKED for r in results if r.refused)
    assert pin_lockout.is_locked(GRACE, T0)
    # The old per-conversation check of the PIN itself still works.
    assert lookups.check_pin(GRACE, GRACE_PIN)


# --- a stated identifier that matches no customer -----------------------------------------------
NOBODY = pin_lockout.claim_subject("email", "nobody@nowhere.example")


def attempt_claim(subject: str, pin: str, now: dt.datetime = T0, max_attempts: int = 3,
                  lockout_s: int = 900) -> pin_lockout.PinAttempt:
    return pin_lockout.attempt_claim(subject, pin, max_attempts, lockout_s, now=now)


def test_a_claim_is_counted_and_locked_like_a_customer(loaded_db_url: str) -> None:
    claim = [attempt_claim(NOBODY, pin) for pin in ("1111", "2222", "3333")]
    known = [attempt(GRACE, pin) for pin in ("1111", "2222", "3333")]
    assert claim == known  # outcome, count, attempts left, the lock's end: the same
    assert claim[-1].outcome is AttemptOutcome.LOCKED
    refused = attempt_claim(NOBODY, "2468", T0 + dt.timedelta(seconds=899))
    assert refused.outcome is AttemptOutcome.LOCKED and refused.refused
    assert pin_lockout.subject_locked(NOBODY, T0 + dt.timedelta(seconds=60))
    assert pin_lockout.subject_locked(pin_lockout.customer_subject(GRACE), T0)
    # Another identifier, and another customer, are not affected.
    other = pin_lockout.claim_subject("email", "someone@else.example")
    assert not pin_lockout.subject_locked(other, T0)
    assert attempt_claim(other, "1111").attempts_left == 2
    assert attempt(MIA, MIA_PIN).outcome is AttemptOutcome.VERIFIED
    # The lock ends after the lockout, and counting starts afresh; no PIN is ever right.
    later = T0 + dt.timedelta(seconds=900)
    assert not pin_lockout.subject_locked(NOBODY, later)
    again = attempt_claim(NOBODY, GRACE_PIN, later)
    assert (again.outcome, again.failures, again.attempts_left) == (AttemptOutcome.RETRY, 1, 2)


def test_a_claims_lock_can_be_lifted_and_the_customer_unlock_is_unchanged(
        loaded_db_url: str) -> None:
    for pin in ("1111", "2222", "3333"):
        attempt_claim(NOBODY, pin)
        attempt(GRACE, pin)
    pin_lockout.unlock_subject(NOBODY, T0)
    assert not pin_lockout.subject_locked(NOBODY, T0)
    assert attempt_claim(NOBODY, "1111").attempts_left == 2
    assert pin_lockout.is_locked(GRACE, T0)  # a claim's unlock lifts only the claim
    status = pin_lockout.lock_status(GRACE, T0)
    assert status is not None and status.to_json()["customer_id"] == GRACE
    assert status.failures == 3
    assert pin_lockout.unlock(GRACE, T0) is not None and not pin_lockout.is_locked(GRACE, T0)


def test_concurrent_claim_attempts_cannot_slip_past_the_count(loaded_db_url: str) -> None:
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda pin: attempt_claim(NOBODY, pin),
                                [f"{n:04d}" for n in range(12)]))
    checked = [r for r in results if not r.refused]
    assert sorted(r.failures for r in checked) == [1, 2, 3]
    assert all(r.outcome is AttemptOutcome.LOCKED for r in results if r.refused)
    assert pin_lockout.subject_locked(NOBODY, T0)


def test_a_claim_checks_a_decoy_pin_when_admitted_and_nothing_when_refused(
        loaded_db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """As slow as a customer's attempt: a PIN hash is checked for each admitted attempt,
    none for a refused one (as for a locked customer)."""
    checked: list[str] = []
    monkeypatch.setattr(pin_lockout, "check_decoy", lambda pin: checked.append(pin) or False)
    for pin in ("1111", "2222", "3333", "4444"):
        attempt_claim(NOBODY, pin)
    assert checked == ["1111", "2222", "3333"]


def test_the_store_keeps_no_identifier_in_clear(loaded_db_url: str) -> None:
    attempt_claim(pin_lockout.claim_subject("email", "nobody@nowhere.example"), "1111")
    attempt_claim(pin_lockout.claim_subject("phone", "+15559870199"), "1111")
    attempt_claim(pin_lockout.claim_subject("customer_id", "K-999"), "1111")
    attempt(GRACE, "1111")
    with session_scope() as session:
        subjects = set(session.scalars(select(PinLockout.subject)))
    assert pin_lockout.customer_subject(GRACE) in subjects and len(subjects) == 4
    claims = subjects - {pin_lockout.customer_subject(GRACE)}
    assert all(pin_lockout.is_claim_subject(s) for s in claims)
    # ("k-999", not "999": a hex digest may hold any run of digits by chance.)
    for clear in ("nobody", "nowhere", "5559870199", "k-999"):
        assert not any(clear in s.lower() for s in claims)


def test_claim_subjects_are_keyed_hashes_of_the_normalised_identifier(
        monkeypatch: pytest.MonkeyPatch) -> None:
    subject = pin_lockout.claim_subject
    # Normalised as the lookups compare: emails and customer ids regardless of case.
    assert subject("email", " Nobody@Nowhere.EXAMPLE.") == subject("email",
                                                                   "nobody@nowhere.example")
    assert subject("customer_id", "k-999") == subject("customer_id", "K-999")
    assert subject("phone", "+15559870199") != subject("phone", "+15559870198")
    assert subject("email", "k-999@x.example") != subject("customer_id", "k-999@x.example")
    # Keyed: HELPDESK_INTERNAL_SECRET decides the hash, so every process of the stack agrees.
    monkeypatch.setenv("HELPDESK_INTERNAL_SECRET", "one-secret")
    keyed = subject("email", "nobody@nowhere.example")
    assert keyed == subject("email", "nobody@nowhere.example", secret="one-secret")
    assert keyed != subject("email", "nobody@nowhere.example", secret="another-secret")
    monkeypatch.delenv("HELPDESK_INTERNAL_SECRET")
    fallback = subject("email", "nobody@nowhere.example")
    assert fallback != keyed and fallback == subject("email", "nobody@nowhere.example")
    assert pin_lockout.is_claim_subject(keyed) and not pin_lockout.is_claim_subject("claim:x")
    with pytest.raises(ValueError):
        subject("name", "Grace")
    with pytest.raises(ValueError):
        pin_lockout.attempt_claim(pin_lockout.customer_subject(GRACE), "1111", 3)


@pytest.mark.parametrize("kind", DB_KINDS)
def test_the_migration_upgrades_a_database_of_the_previous_release(kind: str,
                                                                   tmp_path: Path) -> None:
    """A database made by the release before (up to 0006) gets the subject-keyed table, and
    the migration goes down and up again."""
    with fresh_database(kind, tmp_path) as url:
        command.upgrade(alembic_config(url), "0006_audit_log")
        engine = create_engine(url, future=True)
        try:
            assert "pin_lockouts" not in inspect(engine).get_table_names()
            command.upgrade(alembic_config(url), "head")
            columns = {c["name"] for c in inspect(engine).get_columns("pin_lockouts")}
            assert columns == {"subject", "failures", "locked_until", "updated_at"}
            assert inspect(engine).get_pk_constraint("pin_lockouts")["constrained_columns"] == [
                "subject"]
            assert not inspect(engine).get_foreign_keys("pin_lockouts")
            claim = pin_lockout.attempt_claim(NOBODY, "1111", 3, now=T0, url=url)
            assert claim.attempts_left == 2
            command.downgrade(alembic_config(url), "0006_audit_log")
            assert "pin_lockouts" not in inspect(engine).get_table_names()
            command.upgrade(alembic_config(url), "head")
        finally:
            engine.dispose()
