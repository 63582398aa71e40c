"""Masking of card numbers and email addresses in text that is stored or shown later
(transcripts, handoff summaries, exports, logs). PINs have their own rule (pin_masking).

- A card-like number (13 to 19 digits, spaces or dashes allowed, passing the Luhn check)
  keeps only its last four digits: "**** **** **** 1111".
- An email address keeps its first character and its domain: "g***@navy.example".
"""

from __future__ import annotations

import re

_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _mask_card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if not 13 <= len(digits) <= 19 or not luhn_valid(digits):
        return match.group(0)
    return f"**** **** **** {digits[-4:]}"


def mask_cards(text: str) -> str:
    return _CARD.sub(_mask_card, text or "")


def mask_emails(text: str) -> str:
    return _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text or "")


def mask_pii(text: str) -> str:
    """Card numbers and email addresses masked; everything else as it was."""
    return mask_emails(mask_cards(text))
