"""Properties of spoken-number parsing: numbers said in words come back as the same digits,
and no text makes the parsers raise."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from helpdesk.text.spoken_numbers import (
    digit_strings,
    extract_choice,
    extract_order_number,
    extract_pin,
    normalize_numbers,
)

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def below_hundred(n: int, hyphen: bool = False) -> str:
    if n < 10:
        return ONES[n]
    if n < 20:
        return TEENS[n - 10]
    tens, unit = divmod(n, 10)
    return TENS[tens] + (("-" if hyphen else " ") + ONES[unit] if unit else "")


def below_thousand(n: int, hyphen: bool, with_and: bool) -> str:
    hundreds, rest = divmod(n, 100)
    words = [ONES[hundreds], "hundred"] if hundreds else []
    if rest or not words:
        words += (["and"] if words and with_and else []) + [below_hundred(rest, hyphen)]
    return " ".join(words)


def cardinal(n: int, hyphen: bool = False, with_and: bool = False) -> str:
    """0..999 999 as words: 'one thousand forty two', 'two hundred and five'."""
    thousands, rest = divmod(n, 1000)
    words = [below_thousand(thousands, hyphen, with_and), "thousand"] if thousands else []
    if rest or not words:
        words += (["and"] if words and with_and and rest < 100 else []) + [
            below_thousand(rest, hyphen, with_and)]
    return " ".join(words)


def in_pairs(n: int) -> str:
    """1000..9999 the way years and order numbers are said: 'ten forty two', 'twenty oh five'."""
    high, low = divmod(n, 100)
    if low == 0:
        tail = "hundred"
    elif low < 10:
        tail = f"oh {ONES[low]}"
    else:
        tail = below_hundred(low)
    return f"{below_hundred(high)} {tail}"


@st.composite
def digits_in_words(draw: st.DrawFn) -> tuple[str, str]:
    """A digit string of 2-10 digits and how someone says it digit by digit."""
    digits = draw(st.text("0123456789", min_size=2, max_size=10))
    words = [draw(st.sampled_from(["zero", "oh"])) if d == "0" else ONES[int(d)]
             for d in digits]
    return digits, " ".join(words)


@given(digits_in_words())
@example(("1111", "one one one one"))
@example(("101", "one oh one"))
@example(("10", "one zero"))
def test_digits_said_one_by_one_come_back(said: tuple[str, str]) -> None:
    digits, words = said
    # 'one' and 'oh' alone are words ("oh one more thing"): a number needs another number
    # word, or to start with 'one one' / 'one oh'.
    assume(set(words.split()) - {"one", "oh"} or " one one" in f" {words}"
           or " one oh" in f" {words}")
    assert normalize_numbers(words) == digits
    assert normalize_numbers(f"my number is {words} thanks") == f"my number is {digits} thanks"


@given(st.integers(min_value=0, max_value=999_999), st.booleans(), st.booleans())
def test_cardinal_numbers_come_back(number: int, hyphen: bool, with_and: bool) -> None:
    words = cardinal(number, hyphen, with_and)
    if words == "one":  # alone, "one" is a word ("the second one"), never a number
        assert normalize_numbers(words) == "one"
        return
    assert normalize_numbers(words) == str(number)
    assert normalize_numbers(f"order {words}") == f"order {number}"


@given(st.integers(min_value=1000, max_value=9999))
def test_numbers_said_in_pairs_come_back(number: int) -> None:
    assert normalize_numbers(in_pairs(number)) == str(number)


@given(st.integers(min_value=1000, max_value=999_999))
def test_pins_and_order_numbers_in_words_are_found(number: int) -> None:
    words = cardinal(number)
    assert extract_order_number(f"where is order {words}") == str(number)
    pin = str(number)
    if 4 <= len(pin) <= 6:
        assert extract_pin(f"my pin is {' '.join(ONES[int(d)] for d in pin)}") == pin


@given(st.text(max_size=300))
@example("²")
@example("order ² please")
@example("١٢٣٤")
def test_any_text_never_raises(text: str) -> None:
    normalized = normalize_numbers(text)
    assert isinstance(normalized, str)
    assert all(d.isdigit() for d in digit_strings(text))
    pin = extract_pin(text)
    assert pin is None or 4 <= len(pin) <= 6
    assert extract_order_number(text, known=["1042"]) is None or True
    choice = extract_choice(text, 3)
    assert choice is None or 1 <= choice <= 3


@given(st.lists(st.sampled_from(ONES + TEENS + TENS[2:] + [
    "hundred", "thousand", "and", "a", "double", "triple", "oh", "o", "number", "#", "-", ",",
    "1", "42", "1,000", "order", "pin", "the", "second", "first"]), max_size=30))
def test_any_mix_of_number_words_never_raises(words: list[str]) -> None:
    text = " ".join(words)
    assert isinstance(normalize_numbers(text), str)
    extract_pin(text)
    extract_order_number(text)
    extract_choice(text, 5)


@pytest.mark.parametrize("text, expected", [
    ("one one one one", "1111"),  # found by the property above: the PIN 1111 was not heard
    ("my pin is one oh one one", "my pin is 1011"),
    ("we open at one o'clock", "we open at one o'clock"),
    ("one of them", "one of them"),
    ("order two thousand and one", "order 2001"),  # found by the cardinal property
    ("a hundred and one reasons", "101 reasons"),
    ("x²", "x²"),  # found by fuzzing: int('²') raised ValueError
    ("order 12-²", "order 12-²"),
])
def test_regressions(text: str, expected: str) -> None:
    assert normalize_numbers(text) == expected
