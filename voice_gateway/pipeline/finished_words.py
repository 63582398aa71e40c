"""Does what the caller has said so far read as a finished turn? A rule on the early
transcription's words, for turn taking's quick end (voice_gateway.pipeline.turn_taking).

Finished: the transcript ends a sentence ("Where is my parcel?", "Yes.", "Order 1042."),
its last word is not one that leads on ("... and", "my order number is", "um"), and a
number at its end is long enough to answer (at least MIN_DIGITS digits, or the fewest the
bot asked for; where the bot asked for a number, words without one are not finished
either): "one oh" is a number being read out, not an answer. Whisper writes a
trailing "..." or a comma where the speech trails off, so those are not finished either.
"""

from __future__ import annotations

import re

from helpdesk.text.spoken_numbers import trailing_digit_count

MIN_DIGITS = 4  # the shortest PIN and order number: fewer trailing digits lead on
LEADING_ON = frozenset((
    "a", "an", "the", "my", "your", "our", "his", "her", "their", "this", "that", "these",
    "those", "some", "any",
    "and", "or", "but", "so", "because", "if", "then", "than", "when", "where", "what",
    "which", "who", "how", "whether",
    "is", "are", "was", "were", "be", "been", "am", "i", "i'm", "it's", "we", "they",
    "to", "for", "of", "with", "in", "at", "about", "from", "by", "into", "as", "like",
    "just", "also",
    "um", "uh", "er", "erm", "hmm", "mm", "ah", "oh", "well", "actually", "basically",
    "number",
))
_WORD = re.compile(r"[a-z']+|\d+")
_SENTENCE_END = re.compile(r"(?<!\.)[.?!]\s*$")


def sounds_finished(text: str, min_digits: int | None = None) -> bool:
    """TEXT (a transcript so far) reads as a whole turn; MIN_DIGITS: the fewest digits the
    bot asked for, when it asked for a number (None: MIN_DIGITS is the rule)."""
    text = (text or "").strip()
    if not text or text.endswith("..") or text.endswith("…") or not _SENTENCE_END.search(text):
        return False
    words = _WORD.findall(text.lower())
    if not words or words[-1] in LEADING_ON:
        return False
    digits = trailing_digit_count(text)
    if min_digits is not None:
        return digits >= max(MIN_DIGITS, min_digits)
    return digits == 0 or digits >= MIN_DIGITS
