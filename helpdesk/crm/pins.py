"""Salted PIN hashes (argon2id through argon2-cffi); PINs are never stored in clear."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    # PINs are short secrets checked once per conversation: a moderate cost keeps imports of
    # thousands of customers quick while each hash still has its own salt.
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_pin(pin: str) -> str:
    return _hasher().hash(pin)


def pin_matches(pin_hash: str, pin: str) -> bool:
    """True when `pin` is the PIN behind `pin_hash`; never raises on a bad hash."""
    try:
        return _hasher().verify(pin_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    return hash_pin("decoy-pin-that-no-customer-has")


def check_decoy(pin: str) -> bool:
    """Check PIN against a hash no customer has (always False), taking as long as a real
    check: a claim that matches no customer answers a PIN as slowly as one that does."""
    return pin_matches(_decoy_hash(), pin) and False
