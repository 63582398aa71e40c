"""How customers answer the satisfaction question: a 1–5 rating (button, key, digit, word,
stars) or a no. Pure; shared by the dialogue policy (is this an answer?) and the action."""

from __future__ import annotations

import re

RATING_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "won": 1, "to": 2, "too": 2, "for": 4, "tree": 3}
_RATING = re.compile(
    r"^\s*(?:i(?:'d| would)? (?:give|rate)(?: (?:it|you|this))?\s*(?:an?\s*)?)?"
    r"(?P<value>[1-5]|one|two|three|four|five|won|too|to|tree|for)"
    r"(?:\s*(?:/|out of|of)\s*5|\s*(?:stars?|points?))?[\s.!]*$", re.I)
_STARS = re.compile(r"^\s*([★⭐]{1,5})\s*$")
_DECLINE = re.compile(
    r"^\s*(/deny|no\b|nope|nah|no,? thanks?|no thank you|skip|not now|later|"
    r"i'?d rather not|rather not|don'?t want to|pass|bye|goodbye|never ?mind)", re.I)

LOW_RATING = 3


def parse_rating(text: str) -> int | None:
    """1–5 from "5", "five stars", "4/5", "I'd give it a 4", "⭐⭐⭐"; None otherwise."""
    stars = _STARS.match(text or "")
    if stars:
        return len(stars.group(1))
    match = _RATING.match(text or "")
    if not match:
        return None
    value = match.group("value").lower()
    return int(value) if value.isdigit() else RATING_WORDS[value]


_LONE_RATING = re.compile(r"(?<![\d.,])([1-5])(?![\d.,]\d)")
SPOKEN_RATING_WORDS = 6


def spoken_rating(text: str) -> int | None:
    """A rating said on a call, where speech-to-text wraps it in words ("number 4", "I
    will give it a 4."): `parse_rating`, else the one digit 1-5 of a short answer."""
    rating = parse_rating(text)
    if rating is not None:
        return rating
    digits = _LONE_RATING.findall(text or "")
    if len(digits) == 1 and len((text or "").split()) <= SPOKEN_RATING_WORDS \
            and not re.search(r"\d{2,}", text):
        return int(digits[0])
    return None


def is_decline(text: str) -> bool:
    return bool(_DECLINE.match(text or ""))


def answers_rating_question(text: str) -> bool:
    """Is this message an answer to "how would you rate ...?" (a rating or a no)?"""
    return parse_rating(text) is not None or is_decline(text)
