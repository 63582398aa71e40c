"""Digits heard on a call (helpdesk/text/heard_digits.py): read back digit by digit, and
checked against what can be right before the bot uses them."""

from __future__ import annotations

import pytest

from helpdesk.text.heard_digits import Doubt, order_number_doubt, pin_in_doubt, say_digits

LENGTHS = {4}
OWN = ["5001", "5002"]


@pytest.mark.parametrize(("number", "spoken"), [
    ("1042", "one oh four two"), ("5001", "five oh oh one"), ("9", "nine"),
    (" 12 34 ", "one two three four"), ("", ""),
])
def test_digits_are_read_back_one_by_one(number: str, spoken: str) -> None:
    assert say_digits(number) == spoken


def test_a_sure_own_number_of_the_right_length_is_used_as_heard() -> None:
    assert order_number_doubt("5001", "5001", 0.9, 0.5, LENGTHS, OWN) is None
    assert order_number_doubt("7777", "7777", 0.9, 0.5, LENGTHS, None) is None  # no own list


@pytest.mark.parametrize(("number", "heard", "confidence", "known", "kind"), [
    ("5001", "5011", 0.9, OWN, "changed"),  # matched to the caller's own order
    ("5001", "501", 0.9, OWN, "changed"),  # a dropped digit, matched
    ("123456", "123456", 0.9, OWN, "length"),
    ("12", "12", None, None, "length"),  # keyed, still the wrong length
    ("7777", "7777", 0.9, OWN, "unknown"),  # none of the caller's orders
    ("5001", "5001", 0.3, OWN, "unsure"),
    ("7777", "7777", 0.3, None, "unsure"),
])
def test_a_number_in_doubt_says_why(number: str, heard: str, confidence: float | None,
                                    known: list[str] | None, kind: str) -> None:
    assert order_number_doubt(number, heard, confidence, 0.5, LENGTHS, known) == Doubt(
        kind, heard)


def test_a_keyed_number_is_only_checked_for_its_length() -> None:
    assert order_number_doubt("7777", "7777", None, 0.5, LENGTHS, OWN) is None


def test_unknown_lengths_are_not_checked() -> None:
    assert order_number_doubt("123456", "123456", 0.9, 0.5, set(), None) is None


@pytest.mark.parametrize(("pin", "confidence", "doubt"), [
    ("2468", 0.9, False), ("2468", None, False), ("246810", 0.6, False),
    ("2468", 0.2, True), ("246", 0.9, True), ("2468101", None, True), ("24a8", 0.9, True),
])
def test_a_pin_in_doubt_is_not_checked(pin: str, confidence: float | None,
                                       doubt: bool) -> None:
    assert pin_in_doubt(pin, confidence, 0.5) is doubt
