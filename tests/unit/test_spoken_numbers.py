"""Numbers as people type and say them."""

from __future__ import annotations

import pytest

from helpdesk.text.spoken_numbers import (
    digit_strings,
    extract_choice,
    extract_order_number,
    extract_pin,
    normalize_numbers,
)


@pytest.mark.parametrize("text, expected", [
    ("Where's my order ten forty two?", "Where's my order 1042?"),
    ("Where is my order? 5,000 and 3.", "Where is my order? 5003."),
    ("order 1000 and 20", "order 1020"),
    ("I have 100 and 5000 things", "I have 100 and 5000 things"),
    ("I don't know (it's order 1,042).", "I don't know (it's order 1042)."),
    ("placed on November 2, 2026", "placed on November 2, 2026"),
    ("one oh four two", "1042"),
    ("four three two one", "4321"),
    ("ten forty two", "1042"),
    ("1 0 4 2", "1042"),
    ("order #1042", "order 1042"),
    ("twenty one oh five", "2105"),
    ("ten oh seven", "1007"),
    ("eleven hundred", "1100"),
    ("one thousand forty two", "1042"),
    ("two thousand and five", "2005"),
    ("a hundred and five", "105"),
    ("forty two", "42"),
    ("forty-two", "42"),
    ("double seven", "77"),
    ("triple five", "555"),
    ("1,042", "1042"),
    ("10 42", "1042"),
    ("order number ten forty two please", "order number 1042 please"),
    ("my pin is 4 3 2 1", "my pin is 4321"),
    ("uh one oh four two", "uh 1042"),
    ("the second one", "the second one"),
    ("oh I see", "oh I see"),
    ("no one knows", "no one knows"),
    ("2 pairs of size 10", "2 pairs of size 10"),
    ("number one please", "number 1 please"),
])
def test_normalize_numbers(text: str, expected: str) -> None:
    assert normalize_numbers(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("4321", "4321"), ("my pin is 4 3 2 1", "4321"), ("four three two one", "4321"),
    ("pin: 0815", "0815"), ("135790", "135790"), ("12", None), ("hello", None),
    ("order 1042 and my pin is 8642", "8642"),
])
def test_extract_pin(text: str, expected: str | None) -> None:
    assert extract_pin(text) == expected


@pytest.mark.parametrize("text, known, expected", [
    ("where is my order #1042", None, "1042"),
    ("order one oh four two", None, "1042"),
    ("ten forty two", None, "1042"),
    ("where is 1442", ["1042", "1050"], "1042"),
    ("where is 1099", ["1042"], "1099"),
    ("track my parcel for order 501", ["5001", "5002", "5003"], "5001"),  # a zero dropped
    ("order 50011", ["5001"], "5001"),  # a digit doubled
    ("order 501", ["5001", "5010"], "501"),  # two equally close: no guess
    ("call +15551230001", None, None),
    ("nothing here", None, None),
])
def test_extract_order_number(text: str, known: list[str] | None, expected: str | None) -> None:
    assert extract_order_number(text, known=known) == expected


@pytest.mark.parametrize("text, expected", [
    ("the first one", 1), ("second", 2), ("number 2", 2), ("2", 2), ("option three", 3),
    ("the last one", 3), ("the 3rd", 3), ("one", 1), ("the fifth", None), ("hmm", None),
])
def test_extract_choice(text: str, expected: int | None) -> None:
    assert extract_choice(text, 3) == expected


@pytest.mark.parametrize("text", ["", " ", "<script>alert(1)</script>", "'; DROP TABLE x; --",
                                  "🙂" * 100, "9" * 10_240, "and and and", "hundred thousand",
                                  "- - 1 - -", "#", "a"])
def test_never_raises(text: str) -> None:
    normalize_numbers(text)
    digit_strings(text)
    extract_pin(text)
    extract_order_number(text, known=["1042"])
    extract_choice(text, 3)
