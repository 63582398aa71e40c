"""Digit strings heard over the phone: how to read one back, and whether it can be right.

Speech-to-text mishears digits more than words ("one oh four two" came out as "have been
31"), so before the bot answers about an order or counts a PIN it checks what it heard
against what can be right: the digit grammar (digits only), the length the CRM's numbers
have, and how sure speech-to-text was. A number in doubt is read back digit by digit.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

DIGIT_NAMES = ("oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
PIN_LENGTHS = range(4, 7)  # the CRM's PINs: 4 to 6 digits (helpdesk.crm.csv_rows)


def say_digits(number: str) -> str:
    """'1042' -> 'one oh four two': each digit on its own, as people read numbers back."""
    return " ".join(DIGIT_NAMES[int(c)] if c.isdecimal() and c.isascii() else c
                    for c in number.strip() if not c.isspace())


@dataclass(frozen=True)
class Doubt:
    """Why a heard number is read back before it is used. Kinds: "length" (no number of the
    CRM is that long: asked again), "changed" (matched to the nearest of the caller's own
    orders), "unknown" (none of the caller's own orders), "unsure" (speech-to-text was not
    sure of the words)."""

    kind: str
    heard: str  # the digits as heard


def order_number_doubt(number: str, heard: str, confidence: float | None,
                       min_confidence: float, lengths: Collection[int],
                       known: Collection[str] | None = None) -> Doubt | None:
    """The doubt about order NUMBER taken from the digits HEARD on a call, or None.

    CONFIDENCE: speech-to-text's (None: keyed, only its length checked); LENGTHS: the lengths the
    CRM's order numbers have (empty: not checked); KNOWN: the caller's own order numbers,
    only where the bot may use them (a trusted caller ID or a verified caller), else None."""
    if heard != number:
        return Doubt("changed", heard)
    if lengths and (not heard.isdecimal() or len(heard) not in lengths):
        return Doubt("length", heard)
    if confidence is None:  # keyed: exactly what the caller pressed
        return None
    if known is not None and number not in known:
        return Doubt("unknown", heard)
    if confidence < min_confidence:
        return Doubt("unsure", heard)
    return None


def pin_in_doubt(pin: str, confidence: float | None, min_confidence: float) -> bool:
    """A spoken PIN not to be checked (nor counted): the wrong length, or heard unsurely. A
    keyed or typed PIN (no CONFIDENCE) is taken as given."""
    if not pin.isdecimal() or len(pin) not in PIN_LENGTHS:
        return True
    return confidence is not None and confidence < min_confidence
