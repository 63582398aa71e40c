"""The PIN rule: three wrong PINs lock verification for the conversation."""

from actions.verification_policy import PinOutcome, decide


def test_right_pin_verifies_and_resets() -> None:
    assert decide(True, 2).outcome is PinOutcome.VERIFIED
    assert decide(True, 2).failures == 0


def test_wrong_pins_count_down_then_lock() -> None:
    first = decide(False, 0)
    assert (first.outcome, first.attempts_left) == (PinOutcome.RETRY, 2)
    second = decide(False, first.failures)
    assert (second.outcome, second.attempts_left) == (PinOutcome.RETRY, 1)
    third = decide(False, second.failures)
    assert third.outcome is PinOutcome.LOCKED


def test_locked_stays_locked_even_for_the_right_pin() -> None:
    assert decide(True, 3).outcome is PinOutcome.LOCKED
    assert decide(True, 0, already_locked=True).outcome is PinOutcome.LOCKED


def test_attempts_are_a_setting() -> None:
    assert decide(False, 0, max_attempts=1).outcome is PinOutcome.LOCKED
    assert decide(False, 3, max_attempts=5).outcome is PinOutcome.RETRY
