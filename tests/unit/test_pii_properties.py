"""Properties of PII masking and phone normalisation: every card number and email address in
any text is masked; phone numbers in any usual form come back in E.164; nothing raises."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from helpdesk.privacy.pii import luhn_valid, mask_cards, mask_emails, mask_pii
from helpdesk.text.phone_numbers import normalize_phone

WORDS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
SAY = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def with_check_digit(body: str) -> str:
    """`body` plus the digit that makes it pass the Luhn check."""
    return body + next(d for d in "0123456789" if luhn_valid(body + d))


@st.composite
def card_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """(digits, as written): 13-19 Luhn-valid digits, grouped by spaces or dashes or not."""
    length = draw(st.integers(min_value=13, max_value=19))
    digits = with_check_digit(draw(st.text("0123456789", min_size=length - 1,
                                           max_size=length - 1)))
    separator = draw(st.sampled_from(["", " ", "-"]))
    group = draw(st.sampled_from([4, 3, 5, 6]))
    written = separator.join(digits[i:i + group] for i in range(0, len(digits), group))
    return digits, written


@given(card_numbers(), WORDS, WORDS, st.sampled_from([" ", "\n", ": ", " (", " #"]),
       st.sampled_from([" ", "\n", ". ", ") ", ", "]))
@example(("4111111111111111", "4111 1111 1111 1111"), "card", "123", " ", " ")
@example(("4111111111111111", "4111 1111 1111 1111"), "", "12/28", " ", " ")
@example(("4111111111111111", "4111-1111-1111-1111"), "pin 4321", "", " ", " ")
def test_any_card_number_in_text_is_masked(card: tuple[str, str], before: str, after: str,
                                           left: str, right: str) -> None:
    digits, written = card
    masked = mask_pii(f"{before}{left}{written}{right}{after}")
    assert written not in masked
    assert "**** **** **** " in masked


@st.composite
def emails(draw: st.DrawFn) -> tuple[str, str, str]:
    """(address, first character, domain) of a plausible email address."""
    alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    local = draw(st.text(alnum, min_size=1, max_size=1)) + draw(
        st.text(alnum + "._%+-", max_size=20))
    labels = draw(st.lists(st.text(alnum, min_size=1, max_size=10), min_size=1, max_size=3))
    tld = draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=6))
    domain = ".".join([*labels, tld])
    return f"{local}@{domain}", local[0], domain


@given(emails(), WORDS, WORDS)
def test_any_email_in_text_is_masked(email: tuple[str, str, str], before: str,
                                     after: str) -> None:
    address, first, domain = email
    masked = mask_pii(f"{before} {address} {after}")
    assert address not in masked or address == f"{first}***@{domain}"
    assert f"{first}***@{domain}" in masked


@given(st.text())
def test_masking_never_raises_and_is_stable(text: str) -> None:
    once = mask_pii(text)
    assert mask_pii(once) == once
    assert isinstance(mask_cards(text), str) and isinstance(mask_emails(text), str)


@st.composite
def us_phone_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """(E.164, as typed or said) of a North American number."""
    area = draw(st.from_regex(r"[2-9][0-9]{2}", fullmatch=True))
    exchange = draw(st.from_regex(r"[2-9][0-9]{2}", fullmatch=True))
    line = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    forms = [f"({area}) {exchange}-{line}", f"{area}-{exchange}-{line}",
             f"{area}.{exchange}.{line}", f"+1 {area} {exchange} {line}",
             f"1-{area}-{exchange}-{line}", f"{area}{exchange}{line}",
             " ".join(SAY[int(d)] for d in area + exchange + line)]
    return f"+1{area}{exchange}{line}", draw(st.sampled_from(forms))


@given(us_phone_numbers(), st.sampled_from(["", "my number is ", "call me on "]))
def test_us_phone_numbers_in_any_usual_form(phone: tuple[str, str], lead: str) -> None:
    e164, written = phone
    assert normalize_phone(f"{lead}{written}") == e164
    assert normalize_phone(e164) == e164


@given(st.text(max_size=200), st.sampled_from(["US", "GB", "DE", "FR"]))
def test_any_text_gives_e164_or_none(text: str, region: str) -> None:
    phone = normalize_phone(text, region)
    assert phone is None or re.fullmatch(r"\+[1-9]\d{6,14}", phone)


@pytest.mark.parametrize("text, masked", [
    # found by the card property: digits next to a card joined it and hid it from Luhn
    ("4111 1111 1111 1111 123", "**** **** **** 1111 123"),
    ("0000000000000 1", "**** **** **** 0000 1"),
    ("4111 1111 1111 1111 12/28", "**** **** **** 1111 12/28"),
    ("pin 4321 4111-1111-1111-1111", "pin **** **** **** 1111"),  # 4321 4111... passes Luhn
    ("1 2 3 4111111111111111 9 9", "1 2 3 **** **** **** 1111 9 9"),
    ("order 12345678901234 and 5678", "order 12345678901234 and 5678"),
])
def test_card_next_to_other_numbers(text: str, masked: str) -> None:
    assert mask_pii(text) == masked
