"""FAQ answers said on the channel the customer is on.

The knowledge base is written for every channel ("contact us by chat or phone"), but a
customer in the chat should not be sent to the chat, nor a caller told to call us: they
are talking to us already, and the bot can put them through to a person. Pure rewriting of
the few phrasings that do that; an editor's new entry gets the same treatment.
"""

from __future__ import annotations

import re
from typing import Final

_HERE_CHAT: Final = "ask me here to connect you with a person"
_HERE_VOICE: Final = "ask me on this call to connect you with a person"

# (pattern, chat replacement, voice replacement); None leaves the text as it is.
_RULES: Final[tuple[tuple[re.Pattern[str], str | None, str | None], ...]] = (
    (re.compile(r"\b(contact|ask|tell|message|reach) us (by|via|through|on|in) (the )?"
                r"(chat|phone|email)( (or|and) (by |via )?(chat|phone|email))?", re.I),
     _HERE_CHAT, _HERE_VOICE),
    (re.compile(r"\bor by (chat|phone)\b", re.I), "or here in this chat",
     "or right here on this call"),
    (re.compile(r"\bwe can (\w+) (.{1,40}?) by (chat|phone)\b", re.I),
     r"a person here can \1 \2", r"a person on this call can \1 \2"),
    (re.compile(r"\byou can call us\b", re.I), None, "our phone team is available"),
    (re.compile(r"\b(please )?call us\b", re.I), None, _HERE_VOICE),
)


def for_channel(answer: str, voice: bool) -> str:
    """ANSWER as said in the chat (VOICE False) or on a call: no "contact us by chat" in
    the chat, no "call us" on the phone."""
    text = answer
    for pattern, chat, spoken in _RULES:
        replacement = spoken if voice else chat
        if replacement is not None:
            text = pattern.sub(lambda m, r=replacement: _same_case(m, r), text)
    return text


def _same_case(match: re.Match[str], replacement: str) -> str:
    """REPLACEMENT (group references expanded), capitalised when the match was."""
    text = match.expand(replacement)
    return text[:1].upper() + text[1:] if match.group(0)[:1].isupper() else text
