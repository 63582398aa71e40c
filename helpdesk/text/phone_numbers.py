"""Phone numbers in local or E.164 form, typed or spoken -> E.164 (via `phonenumbers`)."""

from __future__ import annotations

import re

import phonenumbers

from helpdesk.text.spoken_numbers import normalize_numbers

_CANDIDATE = re.compile(r"\+?\(?\d[\d\s().-]{5,22}\d")


def normalize_phone(text: str, default_region: str = "US") -> str | None:
    """E.164 form of the first phone number in `text`, or None."""
    if not text:
        return None
    normalized = normalize_numbers(text[:2000])
    for match in _CANDIDATE.finditer(normalized):
        candidate = match.group().strip()
        digits = re.sub(r"\D", "", candidate)
        if not 7 <= len(digits) <= 15:
            continue
        try:
            number = phonenumbers.parse(candidate, default_region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None
