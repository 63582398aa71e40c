"""Numbers as people type and say them ("one oh four two", "ten forty two", "1 0 4 2") -> digits.

Shared by chat and voice: the same text after speech-to-text or typed in the widget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

DIGIT_WORDS = {"zero": 0, "oh": 0, "o": 0, "nought": 0, "nil": 0, "one": 1, "two": 2,
               "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90}
REPEATS = {"double": 2, "triple": 3}
SCALES = {"hundred": 100, "thousand": 1000}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4, "fifth": 5, "5th": 5}
# Words that are numbers only next to other numbers ("the second one", "oh I see").
AMBIGUOUS = {"one", "oh", "o"}
NUMBER_CUES = {"number", "option", "#", "order", "pin", "code", "press"}

_TOKEN = re.compile(r"\d+(?:,\d{3})*|[A-Za-z]+(?:-[A-Za-z]+)?|[^\sA-Za-z\d]")


def _word_value(word: str) -> tuple[str, int] | None:
    """Classify one lower-case word: ('digit'|'teen'|'tens'|'scale'|'repeat'|'num', value)."""
    if word in DIGIT_WORDS:
        return "digit", DIGIT_WORDS[word]
    if word in TEENS:
        return "teen", TEENS[word]
    if word in TENS:
        return "tens", TENS[word]
    if word in SCALES:
        return "scale", SCALES[word]
    if word in REPEATS:
        return "repeat", REPEATS[word]
    if "-" in word:
        left, _, right = word.partition("-")
        if left in TENS and right in DIGIT_WORDS and DIGIT_WORDS[right] > 0:
            return "tens", TENS[left] + DIGIT_WORDS[right]
    if word.replace(",", "").isdecimal():  # not isdigit: "²" is a digit int() refuses
        return "num", int(word.replace(",", "")) if len(word.replace(",", "")) < 19 else 0
    return None


def _number_mask(tokens: list[str]) -> list[bool]:
    """Which tokens are part of a number. Ambiguous words ('one', 'oh') count only next to
    another number or after a cue word ('number one'), so 'the second one' stays words."""
    lowered = [t.lower() for t in tokens]
    mask = [_word_value(w) is not None and w not in AMBIGUOUS for w in lowered]
    for i, word in enumerate(lowered):
        if word in AMBIGUOUS and i and lowered[i - 1] in NUMBER_CUES and word != "o":
            mask[i] = True
    for i in range(len(lowered) - 1):  # "one one one one", "one oh one": said digit by digit
        if lowered[i] == "one" and lowered[i + 1] in ("one", "oh"):
            mask[i] = mask[i + 1] = True
    changed = True
    while changed:
        changed = False
        for i, word in enumerate(lowered):
            if mask[i] or word not in AMBIGUOUS:
                continue
            if (i and mask[i - 1]) or (i + 1 < len(tokens) and mask[i + 1]):
                mask[i] = changed = True
    for i, word in enumerate(lowered):
        if word == "and" and 0 < i < len(tokens) - 1 and lowered[i - 1] in SCALES and (
                mask[i + 1] or lowered[i + 1] == "one"):  # "two thousand and one"
            mask[i] = mask[i + 1] = True
        if word == "a" and i + 1 < len(tokens) and lowered[i + 1] in SCALES:
            mask[i] = True
    return mask


def _run_to_digits(words: list[str]) -> str:
    """Turn one run of number words/digits into a digit string."""
    parts = [(_word_value(w.lower()) or (("digit", 1) if w.lower() == "a" else ("and", 0)))
             for w in words]
    parts = [p for p in parts if p[0] != "and"]
    if any(kind == "scale" for kind, _ in parts):
        return _cardinal(parts)
    out: list[str] = []
    i = 0
    while i < len(parts):
        kind, value = parts[i]
        if kind == "repeat" and i + 1 < len(parts) and parts[i + 1][0] == "digit":
            out.append(str(parts[i + 1][1]) * value)
            i += 2
            continue
        if kind == "tens" and value % 10 == 0 and i + 1 < len(parts) and \
                parts[i + 1][0] == "digit" and parts[i + 1][1] > 0:
            out.append(str(value + parts[i + 1][1]))
            i += 2
            continue
        if kind in ("teen", "tens") and i + 1 < len(parts) and parts[i + 1][0] == "digit" \
                and parts[i + 1][1] == 0 and i + 2 < len(parts) and parts[i + 2][0] == "digit":
            # "ten oh seven" -> 10 07
            out.append(f"{value}0{parts[i + 2][1]}")
            i += 3
            continue
        if kind == "repeat":
            i += 1
            continue
        out.append(str(value))
        i += 1
    return "".join(out)


def _cardinal(parts: list[tuple[str, int]]) -> str:
    """'one thousand forty two' -> '1042', 'eleven hundred' -> '1100'."""
    total, current = 0, 0
    for kind, value in parts:
        if kind == "scale":
            current = max(current, 1) * value
            if value == 1000:
                total, current = total + current, 0
        else:
            current += value
    return str(total + current)


# Digits said one by one, written by speech-to-text with commas ("1, 0, 4, 2", "one, oh,
# four, two"): three or more in a row are one number, as when written with spaces.
_DIGIT_ITEM = r"(?:\d|zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_COMMA_DIGITS = re.compile(rf"\b{_DIGIT_ITEM}(?:\s*,\s*{_DIGIT_ITEM}\b){{2,}}", re.I)


def _without_digit_commas(text: str) -> str:
    return _COMMA_DIGITS.sub(lambda m: re.sub(r"\s*,\s*", " ", m.group()), text)


def normalize_numbers(text: str) -> str:
    """Rewrite spoken and spaced numbers in `text` as digit strings; keep the rest verbatim."""
    if not text:
        return ""
    text = _without_digit_commas(text)
    matches = list(_TOKEN.finditer(text))
    tokens = [m.group() for m in matches]
    mask = _number_mask(tokens)
    pieces: list[str] = []
    copied_to = 0
    i = 0
    while i < len(tokens):
        if not mask[i]:
            i += 1
            continue
        first = i - 1 if i > 0 and tokens[i - 1] == "#" and tokens[i][0].isdecimal() else i
        j = i
        run: list[str] = []
        while j < len(tokens):
            if mask[j]:
                run.append(tokens[j])
                j += 1
            elif tokens[j] == "-" and j + 1 < len(tokens) and tokens[j + 1][0].isdecimal() \
                    and run and run[-1][0].isdecimal():
                j += 1
            else:
                break
        digits = _join_typed(run) if all(t[0].isdecimal() for t in run) else _run_to_digits(run)
        pieces += [text[copied_to:matches[first].start()], digits]
        copied_to = matches[j - 1].end()
        i = j
    pieces.append(text[copied_to:])
    return _ROUND_AND_SMALL.sub(_add_round_and_small, "".join(pieces)).strip()


# "5000 and 1" (how speech-to-text writes "five thousand and one") -> 5001
_ROUND_AND_SMALL = re.compile(r"\b(\d*[1-9](0{2,}))\s+(?:and|&)\s+(\d{1,3})\b")


def _add_round_and_small(match: re.Match[str]) -> str:
    round_number, zeros, small = match.group(1), match.group(2), match.group(3)
    if len(small) > len(zeros):
        return match.group(0)
    return str(int(round_number) + int(small))


def _join_typed(run: list[str]) -> str:
    """Typed digits: '1 0 4 2' and '10 42' join; '2 ... 10' stay apart only across words."""
    cleaned = [t.replace(",", "") for t in run]
    return "".join(cleaned)


def digit_strings(text: str) -> list[str]:
    return re.findall(r"\d+", normalize_numbers(text))


def extract_pin(text: str, min_len: int = 4, max_len: int = 6) -> str | None:
    """The PIN in a message ('4321', 'my pin is 4 3 2 1', 'four three two one')."""
    normalized = normalize_numbers(text)
    candidates = [m for m in re.finditer(r"\d+", normalized)
                  if min_len <= len(m.group()) <= max_len]
    if not candidates:
        return None
    cue = re.search(r"\b(pin|code)\b", normalized, re.IGNORECASE)
    if cue:
        after = [m for m in candidates if m.start() > cue.end()]
        if after:
            return after[0].group()
    return candidates[-1].group()


def extract_order_number(text: str, known: Iterable[str] | None = None) -> str | None:
    """The order number mentioned, snapped to one of `known` when one edit away: a digit
    misheard, or one dropped or doubled ("five zero zero one" heard as "501")."""
    candidates = [d for d in digit_strings(text) if 3 <= len(d) <= 9]
    if not candidates:
        return None
    known_ids = [str(k) for k in known] if known is not None else []
    for candidate in candidates:
        if candidate in known_ids:
            return candidate
    raw = max(candidates, key=len)
    close = [k for k in known_ids if Levenshtein.distance(k, raw) == 1]
    return close[0] if len(close) == 1 else raw


def extract_choice(text: str, n_options: int) -> int | None:
    """A 1-based pick from a list: 'the first one', 'number 2', '2', 'the last one'."""
    lowered = (text or "").lower()
    words = re.findall(r"[a-z0-9]+", lowered)
    choice: int | None = None
    if "last" in words:
        choice = n_options
    for word in words:
        if word in ORDINALS:
            choice = ORDINALS[word]
            break
    if choice is None:
        numbers = digit_strings(lowered if len(words) > 1 else lowered.replace("one", "1"))
        small = [int(n) for n in numbers if len(n) <= 2]
        if small:
            choice = small[0]
    if choice is None and words in (["one"], ["number", "one"], ["option", "one"]):
        choice = 1
    return choice if choice is not None and 1 <= choice <= n_options else None


_TRAILING_DIGITS = re.compile(r"\d[\d\s,.\-]*$")


def trailing_digit_count(text: str) -> int:
    """How many digits the words end with, however spaced ("my order is one oh" -> 2,
    "5 5 5, 1 2 3" -> 6, "PIN 4321." -> 4, "thanks" -> 0): a caller reading out a number
    who stops there may not have finished it."""
    normalized = normalize_numbers(text or "").rstrip(" .,!?;:…")
    match = _TRAILING_DIGITS.search(normalized)
    return sum(c.isdigit() for c in match.group()) if match else 0
