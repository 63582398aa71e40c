"""Digits heard on a call (helpdesk/text/heard_digits.py): read back digit by digit, and
checked against what can be right before the bot uses them."""

from __future__ import annotations

import pytest

from helpdesk.text.heard_digits import (
    Doubt,
    in_groups,
    order_number_doubt,
    phone_number_doubt,
    pin_in_doubt,
    say_digit_groups,
    say_digits,
)

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


# --- phone numbers ------------------------------------------------------------------------------
def test_a_phone_number_is_read_back_in_its_groups_with_zero_for_0() -> None:
    assert say_digit_groups(["555", "123", "0001"]) == (
        "five five five, one two three, zero zero zero one")
    assert say_digit_groups(["+44", "20", "7946", "0200"]) == (
        "plus four four, two zero, seven nine four six, zero two zero zero")
    assert say_digits("1042") == "one oh four two"  # order numbers keep their "oh"


@pytest.mark.parametrize(("digits", "groups"), [
    ("555987010", ["555", "987", "010"]), ("5559870", ["555", "9870"]),
    ("55598701", ["555", "987", "01"]), ("5559870100", ["555", "987", "0100"]),
    ("1234", ["1234"]), ("", []),
])
def test_digits_that_make_no_number_are_read_back_in_threes(digits: str,
                                                            groups: list[str]) -> None:
    assert in_groups(digits) == groups


@pytest.mark.parametrize(("phone", "heard", "whole", "confidence", "doubt"), [
    ("+15559870100", "5559870100", True, 0.9, None),  # sure: used as heard
    ("+15559870100", "5559870100", True, None, None),  # keyed or typed: as given
    ("+15559870100", "5559870100", True, 0.3, Doubt("unsure", "5559870100")),
    (None, "555987010", False, 0.9, Doubt("invalid", "555987010")),
    ("+15550100", "5550100", False, 0.9, Doubt("invalid", "5550100")),  # no area code
    (None, "555987010", False, None, None),  # keyed: left to the question's own check
    (None, None, False, 0.3, None),  # nothing meant as a phone number
])
def test_a_phone_number_in_doubt_says_why(phone: str | None, heard: str | None, whole: bool,
                                          confidence: float | None,
                                          doubt: Doubt | None) -> None:
    assert phone_number_doubt(phone, heard, whole, confidence, 0.5) == doubt
