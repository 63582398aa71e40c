"""Phone numbers in local or E.164 form, typed or spoken -> E.164 (via `phonenumbers`); and,
for reading one back on a call, whether it is whole and its digits in the groups people say."""

from __future__ import annotations

import re

import phonenumbers

from helpdesk.text.spoken_numbers import normalize_numbers

_CANDIDATE = re.compile(r"\+?\(?\d[\d\s().-]{5,22}\d")
MIN_DIGITS = 7  # fewer is no phone number, even a local one


def normalize_phone(text: str, default_region: str = "US") -> str | None:
    """E.164 form of the first phone number in `text`, or None."""
    if not text:
        return None
    normalized = normalize_numbers(text[:2000])
    for match in _CANDIDATE.finditer(normalized):
        candidate = match.group().strip()
        digits = re.sub(r"\D", "", candidate)
        if not MIN_DIGITS <= len(digits) <= 15:
            continue
        try:
            number = phonenumbers.parse(candidate, default_region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def phone_digits(text: str) -> str | None:
    """The digits of the first run in TEXT long enough to be meant as a phone number, a
    valid one or not ("555 987 010" -> "555987010"): what a caller said, to read back."""
    if not text:
        return None
    for match in _CANDIDATE.finditer(normalize_numbers(text[:2000])):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) >= MIN_DIGITS:
            return digits
    return None


def is_whole(e164: str, default_region: str = "US") -> bool:
    """Whether E164 (from `normalize_phone`) is a whole number one could call from anywhere,
    not a local one missing its area code ("555 0100")."""
    try:
        number = phonenumbers.parse(e164, default_region)
    except phonenumbers.NumberParseException:
        return False
    reason = phonenumbers.is_possible_number_with_reason(number)
    return bool(reason == phonenumbers.ValidationResult.IS_POSSIBLE)


def digit_groups(e164: str, default_region: str = "US") -> list[str]:
    """The digits of E164 in the groups people say them in: a number of DEFAULT_REGION's
    country as written there ("+15551230001" -> 555, 123, 0001), any other with its country
    code first ("+442079460200" -> +44, 20, 7946, 0200)."""
    number = phonenumbers.parse(e164, default_region)
    if number.country_code == phonenumbers.country_code_for_region(default_region):
        written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return re.findall(r"\d+", written)
    written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return re.findall(r"\+?\d+", written)


def national_length(default_region: str = "US") -> int:
    """How many digits a phone number of DEFAULT_REGION has, said without its country code
    (10 in the US): what a caller reading one out has not finished before."""
    example = phonenumbers.example_number(default_region)
    if example is None:
        return MIN_DIGITS
    return len(phonenumbers.national_significant_number(example))
