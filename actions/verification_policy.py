"""The PIN rule of CONTRACT §4 as a pure function: verified, try again, or locked."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class PinOutcome(str, Enum):
    VERIFIED = "verified"
    RETRY = "retry"
    LOCKED = "locked"


@dataclass(frozen=True)
class PinDecision:
    outcome: PinOutcome
    failures: int
    attempts_left: int


def decide(pin_correct: bool, failures_so_far: int, max_attempts: int = 3,
           already_locked: bool = False) -> PinDecision:
    """Apply one PIN attempt. A locked conversation stays locked, even for the right PIN."""
    if already_locked or failures_so_far >= max_attempts:
        return PinDecision(PinOutcome.LOCKED, max(failures_so_far, max_attempts), 0)
    if pin_correct:
        return PinDecision(PinOutcome.VERIFIED, 0, max_attempts)
    failures = failures_so_far + 1
    if failures >= max_attempts:
        return PinDecision(PinOutcome.LOCKED, failures, 0)
    return PinDecision(PinOutcome.RETRY, failures, max_attempts - failures)
