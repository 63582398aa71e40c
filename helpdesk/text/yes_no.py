"""Yes and no in words: the one reader of answers to the bot's yes-or-no questions (a number
read back on a call, a self-service change to confirm, the lead form's "shall I save it?",
and `route`'s test of whether a message answers such a question at all).

The first words decide: "yes, 5001" is a yes, "no, it's 5002" a no, "uh, yes" a yes; a
message that starts with neither is no answer (`Answer.UNCLEAR`). A button's payload
("/affirm", "/deny") is its answer. What a caller stresses is for the caller to act on:

- `in_doubt`: a yes that also says something is wrong ("yes, not right", "yeah no"), for a
  question where only a plain yes may act (a change to an order);
- `declines`: a no, or a "leave it" ("stop", "never mind", "not now"), to a question that
  takes free text (a return reason, a new address): "wrong size" there is an answer;
- SPOKEN (a voice turn where a yes or no is awaited): speech-to-text writes a lone "No." as
  "0", "Oh." or "O." (Whisper on a phone line), read as a no there and nowhere else (in chat
  or to any other question "0" is a digit and "oh" no answer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from functools import lru_cache

YES_PHRASES = ("yes", "yeah", "yea", "yep", "yup", "sure", "ok", "okay", "correct", "right",
               "that's right", "that is right", "that's correct", "that is correct", "exactly",
               "absolutely", "definitely", "of course", "please do", "go ahead", "do it")
# A plain no, and a no to "is that right?".
NO_PHRASES = ("no", "nope", "nah", "wrong", "that's wrong", "that is wrong", "not right",
              "not correct", "incorrect", "that's not", "that is not")
# Not going on with what was asked: a no to a confirmation, a way out of any other question.
LEAVE_PHRASES = ("don't", "do not", "stop", "cancel that", "never mind", "nevermind",
                 "forget it", "forget that", "leave it", "not now")
# Words that, anywhere in a yes, say something is wrong.
DOUBT_WORDS = ("no", "not", "nope", "wrong", "incorrect", "don't", "isn't", "wait")
# Sounds a caller may start with ("uh, yes", "oh no").
FILLERS = ("oh", "um+", "uh+", "er+m?", "ah+", "well", "hmm+")

_APOSTROPHE = "['\u2019]?"
_PAYLOAD = re.compile(r"^\s*/(affirm|deny)\b", re.I)
_LONE_SPOKEN_NO = re.compile(r"^\W*(?:0|oh|o)\W*$", re.I)


class Answer(str, Enum):
    """What a message answers a yes-or-no question with."""

    YES = "yes"
    NO = "no"
    UNCLEAR = "unclear"  # neither: no answer to the question


def _alternatives(phrases: Iterable[str]) -> str:
    """Regex alternatives of PHRASES, longest first: any spacing, and an apostrophe typed,
    curled or left out ("that's", "that\u2019s", "thats")."""
    return "|".join(r"\s+".join(re.escape(word).replace("'", _APOSTROPHE)
                                for word in phrase.split())
                    for phrase in sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=32)
def _starts_with(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A message that starts with one of PHRASES (after punctuation and a filler sound)."""
    filler = rf"(?:(?:{'|'.join(FILLERS)})\b\W*)?"
    return re.compile(rf"^\W*{filler}(?:{_alternatives(phrases)})(?!\w)", re.I)


_DOUBT = re.compile(rf"\b(?:{_alternatives(DOUBT_WORDS)})(?!\w)", re.I)


def answer(text: str, *, spoken: bool = False, also_yes: Iterable[str] = ()) -> Answer:
    """The answer TEXT gives to a yes-or-no question. SPOKEN: a voice turn where a yes or
    no is awaited (a lone "0" / "oh" is a no); ALSO_YES: words that are a yes to this
    question only (the lead form's "save it")."""
    text = text or ""
    payload = _PAYLOAD.match(text)
    if payload:
        return Answer.YES if payload.group(1).lower() == "affirm" else Answer.NO
    if _starts_with((*YES_PHRASES, *also_yes)).match(text):
        return Answer.YES
    if _starts_with((*NO_PHRASES, *LEAVE_PHRASES)).match(text):
        return Answer.NO
    if spoken and _LONE_SPOKEN_NO.match(text):
        return Answer.NO
    return Answer.UNCLEAR


def is_yes(text: str, *, also_yes: Iterable[str] = ()) -> bool:
    return answer(text, also_yes=tuple(also_yes)) is Answer.YES


def is_no(text: str, *, spoken: bool = False) -> bool:
    return answer(text, spoken=spoken) is Answer.NO


def answers(text: str, *, spoken: bool = False) -> bool:
    """Whether TEXT answers a yes-or-no question at all (a yes or a no)."""
    return answer(text, spoken=spoken) is not Answer.UNCLEAR


def in_doubt(text: str) -> bool:
    """TEXT says, anywhere, that something is wrong ("yes, not right", "yes, wait"): no
    plain yes."""
    return bool(_DOUBT.search(text or ""))


def declines(text: str) -> bool:
    """TEXT starts with a plain no or a "leave it" ("no", "stop", "never mind", "not now"):
    a way out of a question that takes free text, where "wrong size" is an answer."""
    return bool(_starts_with(("no", "nope", "nah", *LEAVE_PHRASES)).match(text or ""))
