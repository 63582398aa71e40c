"""A delivery address as typed or spoken: cleaned up, or None when it cannot be one.

No postal database: the check is what a person taking the address down on the phone would
insist on. A street address needs a house number and a street name, then a town (a
comma, or enough words after the street), within a sane length and without the marks of a
different kind of answer (an email, a link, markup). Spoken commas are often missing, so
"12 Main Street Springfield Illinois 62704" passes as well as the typed form."""

from __future__ import annotations

import re

from helpdesk.text.spoken_numbers import normalize_numbers

MIN_LENGTH = 10
MAX_LENGTH = 200
_LEAD_IN = re.compile(
    r"^(?:(?:ok(?:ay)?|so|yes|yeah|sure|please)[,.]?\s+)*"
    r"(?:(?:my |the )?new (?:delivery |shipping )?address (?:is|will be|would be)[:,]?\s*|"
    r"(?:please )?(?:send|ship|deliver) it to[:,]?\s*|it(?:'s| is)[:,]?\s*|to[:,]?\s+)",
    re.I)
_HOUSE_NUMBER = re.compile(r"\b\d{1,6}[a-z]?\b", re.I)
_NOT_AN_ADDRESS = re.compile(r"[@<>{}\[\]\\|=]|https?:|www\.", re.I)
_WORD = re.compile(r"[^\W\d_]{2,}")


def clean_address(text: str) -> str | None:
    """The address in TEXT on one line ("12 Main Street, Springfield, IL 62704"), or None.

    Spoken numbers are written as digits ("twelve main street" -> "12 main street") when
    nothing is in digits yet; a
    lead-in such as "my new address is" is dropped; spaces and commas are tidied."""
    raw = " ".join((text or "").split())
    if not raw or len(raw) > 4 * MAX_LENGTH or _NOT_AN_ADDRESS.search(raw):
        return None
    # Spoken numbers only when nothing is in digits: the normalizer joins digit groups,
    # which would spoil a typed postcode ("LS1 4AB").
    spoken = raw if re.search(r"\d", raw) else normalize_numbers(raw)
    address = _LEAD_IN.sub("", spoken).strip(" .;:")
    address = re.sub(r"\s*,\s*", ", ", address)
    address = re.sub(r"(, )+", ", ", address).strip(", ")
    if not MIN_LENGTH <= len(address) <= MAX_LENGTH:
        return None
    number = _HOUSE_NUMBER.search(address)
    if number is None:
        return None
    after = address[number.end():]
    words = _WORD.findall(after)
    # A street name and a town: a comma after the street, or at least three words.
    if len(words) < 2 or ("," not in after and len(words) < 3):
        return None
    return address[:1].upper() + address[1:]
