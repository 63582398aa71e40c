"""Masking of PINs in user messages before a conversation is stored."""

from __future__ import annotations

import re

from helpdesk.spoken_numbers import normalize_numbers

MASK = "****"
_PIN_CUE = re.compile(r"\b(pin|passcode|pass code|security code)\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d(?:[\s-]?\d)*")


def message_needs_masking(text: str, awaiting: str | None) -> bool:
    """A message answering the PIN question, or one that names a PIN, is masked."""
    if not text:
        return False
    if awaiting == "pin":
        return True
    return mentions_pin(text)


def mentions_pin(text: str) -> bool:
    """'my pin is 4321', 'PIN: 4 3 2 1': the message names a PIN and carries digits."""
    return bool(_PIN_CUE.search(text or "")) and bool(_DIGITS.search(normalize_numbers(text or "")))


def mask_digits(text: str) -> str:
    """Replace every number (typed or spoken) in `text` by a fixed mask."""
    return _DIGITS.sub(MASK, normalize_numbers(text or ""))
