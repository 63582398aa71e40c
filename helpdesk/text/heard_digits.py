"""Digit strings heard over the phone: how to read one back, and whether it can be right.

Speech-to-text mishears digits more than words ("one oh four two" came out as "have been
31"), so before the bot answers about an order or counts a PIN it checks what it heard
against what can be right: the digit grammar (digits only), the length the CRM's numbers
have, and how sure speech-to-text was. A number in doubt is read back digit by digit (a
phone number in its groups).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

DIGIT_NAMES = ("oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SAID = {"+": "plus"}
PIN_LENGTHS = range(4, 7)  # the CRM's PINs: 4 to 6 digits (helpdesk.crm.csv_rows checks)


def say_digits(number: str, zero: str = "oh") -> str:
    """'1042' -> 'one oh four two': each digit on its own, as people read numbers back
    (ZERO: the word for 0; a phone number's is "zero")."""
    names = (zero, *DIGIT_NAMES[1:])
    return " ".join(names[int(c)] if c.isdecimal() and c.isascii() else _SAID.get(c, c)
                    for c in number.strip() if not c.isspace())


def say_digit_groups(groups: Sequence[str]) -> str:
    """['555', '123', '0001'] -> 'five five five, one two three, zero zero zero one': a phone
    number read back digit by digit, a pause between its groups."""
    return ", ".join(say_digits(group, zero="zero") for group in groups if group.strip())


def in_groups(digits: str) -> list[str]:
    """Digits that make no phone number, in groups of three to read back (the last of two
    to four): '555987010' -> ['555', '987', '010']."""
    groups = []
    while len(digits) > 4:
        groups.append(digits[:3])
        digits = digits[3:]
    return [*groups, digits] if digits else groups


@dataclass(frozen=True)
class Doubt:
    """Why a heard number is read back before it is used. Kinds: "length" (no number of the
    CRM is that long: asked again), "changed" (matched to the nearest of the caller's own
    orders), "unknown" (none of the caller's own orders), "unsure" (speech-to-text was not
    sure of the words); for a phone number "invalid" (its digits make no whole number)."""

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


def phone_number_doubt(phone: str | None, heard: str | None, whole: bool,
                       confidence: float | None, min_confidence: float) -> Doubt | None:
    """The doubt about the phone number stated in a message of a call, or None (use it).

    PHONE: the number as normalised (None: the digits make none); HEARD: the digits of the
    message meant as one (helpdesk.text.phone_numbers.phone_digits; None: no such digits);
    WHOLE: PHONE is a whole number, not a local one; CONFIDENCE: speech-to-text's (None:
    keyed or typed, taken as given). Kinds: "invalid" (digits that make no whole number:
    asked again), "unsure" (read back for a yes)."""
    if confidence is None:
        return None
    if phone is None or not whole:
        return Doubt("invalid", heard) if heard else None
    if confidence < min_confidence:
        return Doubt("unsure", heard or phone)
    return None
