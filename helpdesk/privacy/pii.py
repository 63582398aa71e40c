"""Masking of card numbers and email addresses in text that is stored or shown later
(transcripts, handoff summaries, exports, logs). PINs have their own rule (pin_masking).

- A card-like number (13 to 19 digits, spaces or dashes allowed, passing the Luhn check)
  keeps only its last four digits: "**** **** **** 1111", also when other numbers stand
  next to it ("4111 1111 1111 1111 123"); numbers that form a card with it go too.
- An email address keeps its first character and its domain: "g***@navy.example".

`mask_phones` (logs, the unanswered-question list; not transcripts, where an agent may
need the number the customer gave): a phone number in international form ("+15551230001",
"+1 555 123 0001", URL-encoded "%2B1555...") or named as one ("caller_number":
"15551230001", "phone 555-123-0001") keeps its last two digits: "+*********01".
"""

from __future__ import annotations

import re

_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,}(?![\d-])")  # a run of digit groups
_EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")
_PHONE_DIGITS = r"\d(?:(?:[ -]|\(|\) ?|\)-?){0,2}\d){6,14}(?!\d)"
_INTERNATIONAL = re.compile(r"(?<![\w+%])(?:\+|%2[Bb])\(?(?=[1-9])" + _PHONE_DIGITS)
_NAMED_PHONE = re.compile(
    r"(\b(?:phone|phone number|telephone|tel|mobile|cell|caller|caller_number|caller number|"
    r"caller_id|caller id|from_number|to_number)\b[\"']?\W{0,4}?)(?<![\d+])\(?"
    + _PHONE_DIGITS, re.IGNORECASE)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card_groups(groups: list[str]) -> list[bool]:
    """Which digit groups belong to a card: to consecutive groups of 13-19 digits that
    pass the Luhn check (a card followed by its expiry or CVV, or after another number)."""
    covered = [False] * len(groups)
    for start in range(len(groups)):
        length = 0
        for end in range(start, len(groups)):
            length += len(groups[end])
            if length > 19:
                break
            if length >= 13 and luhn_valid("".join(groups[start:end + 1])):
                covered[start:end + 1] = [True] * (end + 1 - start)
    return covered


def _mask_card(match: re.Match[str]) -> str:
    parts = re.split(r"([ -])", match.group(0))
    groups, separators = parts[0::2], parts[1::2]
    covered = _card_groups(groups)
    pieces: list[str] = []
    start = 0
    while start < len(groups):
        end = start + 1
        if covered[start]:
            while end < len(groups) and covered[end]:
                end += 1
            pieces.append(f"**** **** **** {''.join(groups[start:end])[-4:]}")
        else:
            pieces.append(groups[start])
        if end - 1 < len(separators):
            pieces.append(separators[end - 1])
        start = end
    return "".join(pieces)


def mask_cards(text: str) -> str:
    return _CARD.sub(_mask_card, text or "")


def without_cards(text: str) -> str:
    """TEXT with every card-like digit run (13 digits or more) taken out: no part of a
    card number is an order number or a PIN."""
    return _CARD.sub(" ", text or "")


def mask_emails(text: str) -> str:
    return _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text or "")


def emails_as_word(text: str, word: str = "email") -> str:
    """Each email address replaced by WORD padded with spaces to the address's length, so
    every other character keeps its offset (a model reading the text sees that an email is
    there, not what the address's words mean)."""
    def replace(match: re.Match[str]) -> str:
        length = len(match.group(0))
        return word[:length].ljust(length)
    return _EMAIL.sub(replace, text or "")


def mask_phone_number(number: str) -> str:
    """One phone number masked down to its last two digits ("+*********00")."""
    digits = re.sub(r"\D", "", number)
    return "+" + "*" * (len(digits) - 2) + digits[-2:]


def mask_phones(text: str) -> str:
    """Phone numbers (see the module doc) masked down to their last two digits."""
    text = _INTERNATIONAL.sub(lambda m: mask_phone_number(m.group(0).replace("%2B", "")
                                                    .replace("%2b", "")), text or "")
    return _NAMED_PHONE.sub(lambda m: m.group(1) + mask_phone_number(m.group(0)[len(m.group(1)):]),
                            text)


def mask_pii(text: str) -> str:
    """Card numbers and email addresses masked; everything else as it was."""
    return mask_emails(mask_cards(text))
