"""Phone numbers in local and E.164 form, typed or spoken."""

from __future__ import annotations

import pytest

from helpdesk.text.phone_numbers import normalize_phone


@pytest.mark.parametrize("text, expected", [
    ("+15551230001", "+15551230001"),
    ("+1 555 123 0001", "+15551230001"),
    ("(555) 123-0001", "+15551230001"),
    ("555.123.0001", "+15551230001"),
    ("5551230001", "+15551230001"),
    ("1-555-123-0001", "+15551230001"),
    ("my number is 555 123 0001", "+15551230001"),
    ("five five five one two three zero zero zero one", "+15551230001"),
    ("it's +44 20 7946 0200", "+442079460200"),
    ("order 1042", None),
    ("", None),
    ("<script>", None),
])
def test_normalize_phone(text: str, expected: str | None) -> None:
    assert normalize_phone(text) == expected
