"""Email addresses as callers say them, after speech-to-text, -> "ada.moreno@example.com".

Callers say "ada dot moreno at example dot com", spell the hard part ("m o r e n o",
"M-O-R-E-N-O", "m. o. r. e. n. o."), or mix both ("a d a dot moreno at example.com");
Whisper writes some of it as symbols already ("ada.moreno at example.com"). The address
is found around its "at": the part before it is the nearest word or run of spelled letters
and whatever more is joined to it by "dot", "underscore", "dash" or "plus"; the domain is
words or spelled runs joined by dots, ending in a top-level domain of letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ADDRESS = re.compile(r"^[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}$")
_JOINERS = {"dot": ".", "period": ".", "point": ".", "underscore": "_", "dash": "-",
            "hyphen": "-", "minus": "-", "plus": "+"}
_AT_WORDS = {"at", "@"}
_AFTER_AT = {"sign", "symbol"}  # "at sign example dot com"
_DIGIT_WORDS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
                "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
# One piece of the words: letters spelled with hyphens or with dots and spaces
# ("m-o-r-e-n-o", "m. o. r. e."), a symbol, or a word.
_PIECE = re.compile(r"(?P<spelled>\b(?:[a-z0-9]-){2,}[a-z0-9]\b"
                    r"|\b(?:[a-z0-9]\.\s+){2,}[a-z0-9]\b\.?)"
                    r"|(?P<symbol>[@._+])"
                    r"|(?P<word>[a-z0-9]+(?:'?[a-z0-9]+)*(?:-[a-z0-9]+)*)")
_MAX_LENGTH = 254
_WRITTEN = re.compile(r"[^\s@<>\"'(),;:]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b")


@dataclass(frozen=True)
class _Token:
    text: str  # a word, a single character, or what a word stands for ("dot" -> ".")
    start: int  # where it was said in the text
    end: int


def _pieces(text: str) -> list[_Token]:
    pieces: list[_Token] = []
    for match in _PIECE.finditer(text.lower()):
        if match.group("spelled"):
            pieces += [_Token(ch, match.start(), match.end())
                       for ch in match.group() if ch.isalnum()]
        else:
            word = match.group().replace("'", "")
            pieces.append(_Token(_JOINERS.get(word, "@" if word in _AT_WORDS else word),
                                 match.start(), match.end()))
    return pieces


def _tokens(text: str) -> list[_Token]:
    """Lower-case words, single characters and symbols, with "dot", "double o" and the
    like turned into what they stand for."""
    pieces = _pieces(text)
    tokens: list[_Token] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.text == "double" and i + 1 < len(pieces) and len(pieces[i + 1].text) == 1:
            letter = pieces[i + 1]
            tokens += [_Token(letter.text, piece.start, letter.end)] * 2
            i += 2
            continue
        tokens.append(piece)
        i += 1
    return _spelled_digits(tokens)


def _spelled_digits(tokens: list[_Token]) -> list[_Token]:
    """Digit words inside a spelled run ("b e n one two") are digits; "one" alone is a word."""
    changed = True
    while changed:
        changed = False
        for i, token in enumerate(tokens):
            if token.text in _DIGIT_WORDS and any(
                    0 <= j < len(tokens) and len(tokens[j].text) == 1 and tokens[j].text.isalnum()
                    for j in (i - 1, i + 1)):
                tokens[i] = _Token(_DIGIT_WORDS[token.text], token.start, token.end)
                changed = True
    return tokens


def _is_piece(token: _Token) -> bool:
    return token.text not in _JOINERS.values() and token.text != "@"


def _single(token: _Token) -> bool:
    return len(token.text) == 1 and _is_piece(token)


def _atom_back(tokens: list[_Token], end: int) -> int:
    """Start of the atom ending before END: one word, or a run of single characters."""
    start = end - 1
    if _single(tokens[start]):
        while start > 0 and _single(tokens[start - 1]):
            start -= 1
    return start


def _atom_forward(tokens: list[_Token], start: int) -> int:
    """End (exclusive) of the atom starting at START."""
    end = start + 1
    if _single(tokens[start]):
        while end < len(tokens) and _single(tokens[end]):
            end += 1
    return end


def _local_start(tokens: list[_Token], at: int) -> int | None:
    if at == 0 or not _is_piece(tokens[at - 1]):
        return None
    start = _atom_back(tokens, at)
    while start >= 2 and not _is_piece(tokens[start - 1]) and _is_piece(tokens[start - 2]):
        start = _atom_back(tokens, start - 1)
    return start


def _domain_end(tokens: list[_Token], at: int) -> tuple[int, int] | None:
    """(start, end) of the domain after the "at" at AT."""
    start = at + 1
    while start < len(tokens) and tokens[start].text in _AFTER_AT:
        start += 1
    if start >= len(tokens) or not _is_piece(tokens[start]):
        return None
    end = _atom_forward(tokens, start)
    while (end + 1 < len(tokens) and tokens[end].text in (".", "-")
           and _is_piece(tokens[end + 1])):
        end = _atom_forward(tokens, end + 1)
    return start, end


@dataclass(frozen=True)
class SpokenEmail:
    address: str  # written out: "ada.moreno@example.com"
    start: int  # where it was said in the text
    end: int


def find_spoken_email(text: str) -> SpokenEmail | None:
    """The first email address said in TEXT, written out, with where it was said."""
    if not text or len(text) > 2000:
        return None
    written = _WRITTEN.search(text.lower())
    if written:  # already written out ("o'brien@example.com"): taken as it stands
        return SpokenEmail(written.group(), written.start(), written.end())
    tokens = _tokens(text)
    for at, token in enumerate(tokens):
        if token.text != "@":
            continue
        local, domain = _local_start(tokens, at), _domain_end(tokens, at)
        if local is None or domain is None:
            continue
        address = "".join(t.text for t in tokens[local:at]) + "@" + "".join(
            t.text for t in tokens[domain[0]:domain[1]])
        if len(address) <= _MAX_LENGTH and _ADDRESS.match(address):
            return SpokenEmail(address, tokens[local].start, tokens[domain[1] - 1].end)
    return None


def spoken_email(text: str) -> str | None:
    """The email address said in TEXT, in its written form, or None when there is none."""
    found = find_spoken_email(text)
    return found.address if found else None


def with_written_email(text: str) -> str:
    """TEXT with the email address said in it written out ("it's a d a at example dot
    com" -> "it's ada@example.com"), so what reads it next (the NLU, the masking of logs
    and stored messages) sees an address as typed. Unchanged when it holds none."""
    found = find_spoken_email(text)
    if found is None:
        return text
    return f"{text[:found.start]}{found.address}{text[found.end:]}"
