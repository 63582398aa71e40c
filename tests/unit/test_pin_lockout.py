"""PIN failures per customer in the store (CONTRACT §4), on SQLite and PostgreSQL: wrong
PINs in a row lock the customer for HELPDESK_PIN_LOCKOUT_S, the right PIN is refused while
locked, a right PIN resets the count, an unlock lifts the lock, and attempts made at the
same time cannot slip past the limit."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from crm import lookups, pin_lockout
from crm.pin_lockout import AttemptOutcome

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
