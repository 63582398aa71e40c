"""Messages a person should answer, not the bot: anger, urgency, a customer writing again
and again, shouting, swearing, and a damaged delivery.

Pure rules over the text. `escalation_reason` names why (the handoff's reason, which the
agent sees); None when the bot may answer. A damage *complaint* ("my order arrived
damaged") escalates; a general question about damage ("what if an item arrives damaged")
is left to the FAQ.
"""

from __future__ import annotations

import re
from typing import Final

ANGRY: Final = "angry_customer"
REPEATED: Final = "repeated_contact"
URGENT: Final = "urgent"
DAMAGED: Final = "damaged_order"
REASONS: Final = (DAMAGED, REPEATED, ANGRY, URGENT)

_ANGER = re.compile(
    r"\b(furious|livid|fuming|outraged|outrageous|disgusted|disgusting|unacceptable|"
    r"ridiculous|appalled|appalling|pissed|sick and tired|fed up|had enough|"
    r"(so|really|very|extremely|incredibly|absolutely) (angry|mad|annoyed|upset|frustrated)|"
    r"worst (service|company|shop)|terrible service|horrible service|rip ?off|scam|"
    r"sue you|lawyer|useless company|joke of a)\b", re.I)
_SWEARING = re.compile(
    r"\b(f+u+c+k\w*|sh[i1]t\w*|crap|damn\w*|bloody hell|wtf|bullshit|bs|piss\w*|"
    r"what the hell|hell is going on|bastard\w*|arse|asshole)\b", re.I)
_NUMBER_WORD = r"(?:second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th|\d+|two|three|four|" \
    r"five|six|several|many|multiple|so many)"
_REPEATED = re.compile(
    rf"\b{_NUMBER_WORD} times?\b.{{0,30}}\b(writ\w*|wrote|ask\w*|call\w*|contact\w*|"
    rf"messag\w*|email\w*|chat\w*|tried|told|already)\b|"
    r"\b(keep|kept) (writing|asking|calling|messaging|emailing|contacting|chasing)\b|"
    r"\b(again and again|over and over|still no (answer|reply|response)|"
    r"nobody (ever )?(answers|replies|gets back))\b", re.I)
_URGENT = re.compile(
    r"\b((this|it) is urgent|it's urgent|(very|really|extremely) urgent|urgent(ly)? need|"
    r"need (this|it|help) urgently|asap|emergency|right now!|immediately!)", re.I)
_DAMAGE = re.compile(
    r"\b(damaged|broken|broke|smashed|crushed|cracked|torn|ripped|dented|shattered|"
    r"defective|faulty|soaked|leaking|missing parts?|in pieces)\b", re.I)
_RECEIVED = re.compile(
    r"\b(arrived|came|showed up|turned up|got here|was delivered|i got|i received|"
    r"received it|delivered|was|were|has been|have been)\b", re.I)
_HYPOTHETICAL = re.compile(
    r"\b(if|in case|what happens|policy|do you (replace|refund)|how do i)\b", re.I)


def shouting(text: str) -> bool:
    """Most of a message of at least three words written in capitals."""
    words = [w for w in re.findall(r"[A-Za-z]{2,}", text or "")]
    if len(words) < 3:
        return False
    upper = [w for w in words if w.isupper()]
    return len(upper) >= 3 and len(upper) / len(words) >= 0.7


def damage_complaint(text: str) -> bool:
    """The customer says something they got is damaged (not a question about what happens
    if it were)."""
    return bool(_DAMAGE.search(text) and _RECEIVED.search(text)
                and not _HYPOTHETICAL.search(text))


def damage_word(text: str) -> str | None:
    """The word of a damage complaint in TEXT ("damaged", "broken", "missing parts"), lower
    case; None when TEXT makes none."""
    match = _DAMAGE.search(text or "") if damage_complaint(text or "") else None
    return match.group(1).lower() if match else None


def escalation_reason(text: str, *, damage: bool = True) -> str | None:
    """Why a person should take this message (one of REASONS), or None. DAMAGE=False leaves
    a damage complaint out (it is the reason of a return the customer asks for): only
    anger, urgency and repeated contact count then."""
    text = text or ""
    if damage and damage_complaint(text):
        return DAMAGED
    if _REPEATED.search(text):
        return REPEATED
    if _ANGER.search(text) or _SWEARING.search(text) or shouting(text):
        return ANGRY
    if _URGENT.search(text):
        return URGENT
    return None
