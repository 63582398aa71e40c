"""What a person who was phoned may say whatever the bot asked: "stop calling me", "wrong
number", "who is this?", "call me back later". Words, not NLU intents: a campaign call must
honour an opt-out however it is put, and the model was never trained on a callee's side of
a call.

On a campaign call the keypad's OPT_OUT_KEY does what "stop calling me" does (the opening
says so).
"""

from __future__ import annotations

import re

OPT_OUT_KEY = "9"

_OPT_OUT = re.compile(
    r"\b(stop|quit|don'?t|do not|never|no more)\s+(\w+\s+){0,3}(call|calls|called|calling|"
    r"ringing|phoning|contact\w*)\b"
    r"|\b(take|remove|delete|drop)\s+(me|my (phone )?number|this number)\s+(off|from)\b"
    r"|\b(do[- ]not[- ]call|unsubscribe|opt (me )?out|put me on (the|your) .{0,12}list)\b",
    re.I)
_WRONG_NUMBER = re.compile(
    r"\b(wrong (number|person)|no one (here|by that name)|nobody (here|by that name)|"
    r"(doesn'?t|does not|don'?t|do not) (live|work) here|you have the wrong|"
    r"not (the|a) (right|correct) (number|person)|never heard of)\b", re.I)
_WHO = re.compile(r"\b(who(\s+is|'s|\s+are) (this|that|you|calling|speaking)|who is it|"
                  r"what (company|is this about|'s this about)|why (are|did) you (calling|call))"
                  r"\b|^\W*(who|sorry,? who)\W*$", re.I)


_LATER = re.compile(
    r"\b(call|ring|phone|try)\s+(me\s+|us\s+)?(back\s+)?(later|another time|some other time|"
    r"tomorrow|tonight|this (morning|afternoon|evening)|next week|in an? (hour|bit|while)|"
    r"after \d)"
    r"|\b(not a (good|great) time|(bad|busy) time|i'?m (busy|driving|at work|in a meeting)|"
    r"can'?t (talk|speak) (right )?now|call (me )?back)\b", re.I)
_NOT_AGAIN = re.compile(r"\b(again|ever|anymore|any more|never|stop)\b", re.I)


def asks_for_a_later_call(text: str) -> bool:
    """"Can you call me back later?", "not a good time", "I'm driving": a call back at a
    time that suits, not an opt-out ("don't call me again" is one)."""
    text = text or ""
    return bool(_LATER.search(text)) and not _NOT_AGAIN.search(text)


def asks_not_to_be_called(text: str) -> bool:
    """"Please stop calling me", "take me off your list", "don't call again"."""
    return bool(_OPT_OUT.search(text or ""))


def says_wrong_number(text: str) -> bool:
    return bool(_WRONG_NUMBER.search(text or ""))


def asks_who_is_calling(text: str) -> bool:
    return bool(_WHO.search(text or ""))
