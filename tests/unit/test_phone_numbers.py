"""Phone numbers in local and E.164 form, typed or spoken."""

from __future__ import annotations

import pytest

from helpdesk.text.phone_numbers import digit_groups, is_whole, normalize_phone, phone_digits


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


@pytest.mark.parametrize("text, digits", [
    ("five five five nine eight seven oh one oh", "555987010"),  # no number, still meant
    ("my number is 555-987-0100", "5559870100"),
    ("+1 555 987 0100", "15559870100"),
    ("order 5001", None), ("", None), ("555 12", None),
])
def test_the_digits_meant_as_a_phone_number_valid_or_not(text: str, digits: str | None) -> None:
    assert phone_digits(text) == digits


def test_a_local_number_without_its_area_code_is_not_whole() -> None:
    assert is_whole("+15551230001") and is_whole("+442079460200")
    local = normalize_phone("555 0100")
    assert local is not None and not is_whole(local)
    assert not is_whole("not a number")


def test_a_number_is_grouped_as_people_say_it() -> None:
    assert digit_groups("+15551230001") == ["555", "123", "0001"]
    assert digit_groups("+442079460200") == ["+44", "20", "7946", "0200"]
    assert digit_groups("+442079460200", "GB") == ["020", "7946", "0200"]
