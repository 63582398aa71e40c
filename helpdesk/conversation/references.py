"""What a customer means by "the backpack", "the second one", "the one from November 2",
"1045" or "no, the other one" right after the bot listed their orders.

Pure: the caller passes the listed orders (newest first, as the bot listed them) and the
one the conversation is about now; nothing here reads the CRM or the tracker. The order of
the checks matters: a listed number wins, then "the other one", then a date (so the "2" of
"November 2" is no second position), then a position, then the items, matched fuzzily
(rapidfuzz) so "the shoes one" finds "2x trail shoes" and "backpak" finds "backpack".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from helpdesk.text.spoken_numbers import digit_strings, extract_choice

# The least rapidfuzz ratio (0-100) for a word of the message to name a word of an item.
ITEM_MATCH_MIN = 80


@dataclass(frozen=True)
class ListedOrder:
    """One order as the bot listed it."""

    order_id: str
    placed_at: dt.date
    items: str  # "2x hiking boots; 1x wool socks"


@dataclass(frozen=True)
class Reference:
    """What the message refers to. ORDER_ID: the one order meant (None: none, or not one);
    CANDIDATES: the listed orders that fit when several do; HOW: "number", "other",
    "date", "position", "item", or "" when the message names nothing of the list."""

    order_id: str | None = None
    candidates: tuple[str, ...] = ()
    how: str = ""

    @property
    def ambiguous(self) -> bool:
        return self.order_id is None and len(self.candidates) > 1


NOTHING = Reference()

_MONTHS = {name: n for n, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.? {_DAY}\b", re.I)
_DAY_MONTH = re.compile(rf"\b{_DAY} (?:of )?({_MONTH})\b", re.I)
_MONTH_ONLY = re.compile(rf"\b(?:from|in|of|on) ({_MONTH})\b", re.I)
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})\b")
_OTHER = re.compile(r"\b(?:the )?other (?:one|order)\b|\bnot (?:that|this) one\b|"
                    r"\bthe other\b", re.I)
_NEWEST = re.compile(r"\b(latest|newest|most recent|recent one)\b", re.I)
_OLDEST = re.compile(r"\b(oldest|earliest|first (?:one )?i (?:ordered|placed|bought))\b", re.I)
_CORRECTION = re.compile(
    r"^\W*(sorry|oops|whoops|no|nope|wait|actually|not that|my bad|correction)\b|"
    r"\bi meant\b|\bi mean\b|\bmeant to say\b|\bwrong one\b|\bnot that one\b|"
    r"\bthe other one\b", re.I)
_LEAD_IN = re.compile(r"^\W*(?:(?:and|so|ok|okay|um|uh|what about|how about|i want|i'd like|"
                      r"i mean|i meant|sorry|no|please),?\s+)*", re.I)
_REFERENCE_START = re.compile(r"^(the|that|this|my)\b", re.I)
_WORDS = re.compile(r"[a-z]+")
# Words of a message that name no item.
_NOT_ITEM_WORDS = """
the one ones a an and or with of from for my that this those these please pls order orders
i me meant mean sorry no nope not oops wait actually about what how is it its it's was the
on in at to which want would like id i'd ok okay so um uh yes yeah thing things stuff item
items one's thanks thank you other last first second third latest newest oldest recent
most earliest there their where when status show tell check see get bought ordered placed
got had have has did do does just only also any some all arrive arrived come came
two three four five number option
"""
_NOT_ITEMS = frozenset(_NOT_ITEM_WORDS.split()) | frozenset(_MONTHS)


def is_correction(text: str) -> bool:
    """The message corrects what the bot took: "sorry, I meant 1045", "no, the other one"."""
    return bool(_CORRECTION.search(text or ""))


def looks_like_reference(text: str) -> bool:
    """A short message that points at something ("the backpack", "what about the second
    one", "the one from November 2") rather than asking a new question: a reference to a
    listed order is taken only from such a message or a correction, so "do you sell
    backpacks" after a list is a question, not a pick."""
    words = (text or "").split()
    if not words or len(words) > 8:
        return False
    rest = _LEAD_IN.sub("", text.strip())
    return bool(_REFERENCE_START.match(rest)) or is_correction(text) or bool(
        _NOT_ITEMS.issuperset(_WORDS.findall(text.lower())) and extract_choice(text, 9))


def resolve(text: str, listed: Sequence[ListedOrder], *, current: str | None = None) -> Reference:
    """The listed order TEXT refers to; CURRENT is the order the conversation is about now
    (what "the other one" is other than). NOTHING when it names none of them."""
    if not listed or not text:
        return NOTHING
    ids = [o.order_id for o in listed]
    numbers = [d for d in digit_strings(text) if 3 <= len(d) <= 9]
    named = [n for n in numbers if n in ids]
    if named:
        return Reference(named[0], how="number")
    if numbers:  # an order number, but not one of the list: not a reference to it
        return NOTHING
    for check in (_other, _by_date, _by_position, _by_item):
        found = check(text, listed, current)
        if found is not None:
            return found
    return NOTHING


def _pick(candidates: Sequence[str], how: str) -> Reference:
    if len(candidates) == 1:
        return Reference(candidates[0], tuple(candidates), how)
    return Reference(None, tuple(candidates), how)


def _other(text: str, listed: Sequence[ListedOrder], current: str | None) -> Reference | None:
    if not _OTHER.search(text):
        return None
    others = [o.order_id for o in listed if o.order_id != current]
    return _pick(others, "other") if current and others else Reference(
        None, tuple(o.order_id for o in listed), "other")


def mentioned_dates(text: str) -> list[tuple[int, int | None]]:
    """(month, day) pairs the text names; day None for a month alone ("from October")."""
    found: list[tuple[int, int | None]] = []
    for month, day in _MONTH_DAY.findall(text):
        found.append((_MONTHS[month.lower()], int(day)))
    for day, month in _DAY_MONTH.findall(text):
        found.append((_MONTHS[month.lower()], int(day)))
    for month, day in _SLASH_DATE.findall(text):
        if 1 <= int(month) <= 12:
            found.append((int(month), int(day)))
    if not found:
        found += [(_MONTHS[m.lower()], None) for m in _MONTH_ONLY.findall(text)]
    return found


def _by_date(text: str, listed: Sequence[ListedOrder], current: str | None) -> Reference | None:
    dates = mentioned_dates(text)
    if not dates:
        return None
    fits = [o.order_id for o in listed for month, day in dates
            if o.placed_at.month == month and (day is None or o.placed_at.day == day)]
    return _pick(list(dict.fromkeys(fits)), "date") if fits else Reference(how="date")


def _by_position(text: str, listed: Sequence[ListedOrder],
                 current: str | None) -> Reference | None:
    if _NEWEST.search(text):
        return Reference(listed[0].order_id, how="position")
    if _OLDEST.search(text):
        return Reference(listed[-1].order_id, how="position")
    choice = extract_choice(text, len(listed))
    if not choice or _by_item(text, listed, current) is not None:
        return None  # "the tent one": an item, not "one" as a position
    return Reference(listed[choice - 1].order_id, how="position")


def item_names(items: str) -> list[str]:
    """"2x hiking boots; 1x wool socks" -> ["hiking boots", "wool socks"]."""
    names = [re.sub(r"^\s*\d+\s*x\s*", "", part.strip(), flags=re.I).lower()
             for part in (items or "").split(";")]
    return [n for n in names if n]


def item_score(text: str, items: str) -> float:
    """How well the words of TEXT name one of the ITEMS (0-100): the best rapidfuzz ratio of
    a word of the message (or two joined: "day pack") against a word of an item name (or the
    name without spaces: "daypack")."""
    words = [w for w in _WORDS.findall(text.lower()) if w not in _NOT_ITEMS and len(w) >= 3]
    words += ["".join(pair) for pair in zip(words, words[1:], strict=False)]
    best = 0.0
    for name in item_names(items):
        targets = [w for w in name.split() if len(w) >= 3] + [name.replace(" ", "")]
        for word in words:
            for target in targets:
                best = max(best, fuzz.ratio(word, target))
    return best


def _by_item(text: str, listed: Sequence[ListedOrder], current: str | None) -> Reference | None:
    scores = {o.order_id: item_score(text, o.items) for o in listed}
    top = max(scores.values())
    if top < ITEM_MATCH_MIN:
        return None
    best = [order_id for order_id, score in scores.items() if score >= top - 3]
    return _pick(best, "item")
