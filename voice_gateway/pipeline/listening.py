"""What the call listens for next: the words the bot's last reply expects, handed to
Whisper as hotwords for the caller's next utterances.

The reply says it two ways (helpdesk.conversation.contracts): its buttons (the orders or
FAQ entries it lists, a keypad menu), and an `expect` call-control message for what no
button shows (the order numbers on the account, a PIN's digits, a yes or no). Whisper
then writes "1042" rather than "have been 31", and "trail shoes" rather than "trails
hues". The hotwords are bounded (`MAX_HOTWORD_CHARS`): Whisper reads them before every
utterance, so a long list would cost time on each turn and crowd out its domain prompt.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np

from helpdesk.conversation.contracts import ExpectedSpeech
from voice_gateway.services.priority_executor import Urgency
from voice_gateway.services.speech_models import SpeechModels, Transcript

log = logging.getLogger(__name__)

MAX_HOTWORD_CHARS = 200  # about 50 tokens, a quarter of the prompt Whisper allows
MAX_WORD_CHARS = 40  # one expected word or phrase
DIGITS_HINT = "0 1 2 3 4 5 6 7 8 9"
EMAIL_WORDS = ("at", "dot", "dot com", "underscore")  # how an address is said
# Parts of a button title ("5001 · Nov 10 · 1x rain jacket; 2x beanie") and the quantity
# before an item's name.
_TITLE_PARTS = re.compile(r"\s*[·;|]\s*|\s+-\s+")
_QUANTITY = re.compile(r"^\d+\s*x\s+", re.I)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Expectation:
    """What the next utterance may hold: words and phrases, and whether digits are asked."""

    words: tuple[str, ...] = ()
    digits: bool = False
    email: bool = False  # an email address: a spoken one is written out before Rasa
    # The fewest digits that answer: words ending in fewer are a number not finished
    # (voice_gateway.pipeline.turn_taking waits for the rest). None: no such rule.
    min_digits: int | None = None


NOTHING_EXPECTED = Expectation()


def title_words(title: str) -> list[str]:
    """The names in a button title: its parts, without quantities."""
    parts = (_QUANTITY.sub("", part.strip()) for part in _TITLE_PARTS.split(title))
    return [part for part in parts if part]


def expectation(expected: list[ExpectedSpeech], button_titles: list[str]) -> Expectation:
    """What a reply expects: its `expect` messages' words first, then its buttons' names."""
    words: list[str] = []
    digits = email = False
    lengths: list[int] = []
    for item in expected:
        words += [w for w in item.get("words") or [] if isinstance(w, str)]
        digits = digits or item.get("digits") is True
        email = email or item.get("email") is True
        length = item.get("min_digits")
        if isinstance(length, int) and not isinstance(length, bool) and 0 < length <= 20:
            lengths.append(length)
    for title in button_titles:
        words += title_words(title)
    return Expectation(tuple(words), digits, email, min(lengths) if lengths else None)


def hotwords(expected: Expectation, limit: int = MAX_HOTWORD_CHARS) -> str | None:
    """The hotwords for Whisper: the expected words, once each, in order, as many as fit
    in LIMIT characters (whole words only); the digits first when digits are asked."""
    parts: list[str] = [DIGITS_HINT] if expected.digits else []
    seen: set[str] = set()
    length = len(DIGITS_HINT) if expected.digits else 0
    for word in (*expected.words, *(EMAIL_WORDS if expected.email else ())):
        word = _SPACES.sub(" ", word).strip(" ,.")[:MAX_WORD_CHARS].strip()
        key = word.lower()
        if not word or key in seen:
            continue
        added = len(word) + (2 if parts else 0)
        if length + added > limit:
            break
        seen.add(key)
        parts.append(word)
        length += added
    return ", ".join(parts) or None


class CallListener:
    """The call's way to its speech models: every transcription of the call (the early one
    at a pause and the turn's own) listens for what the bot's last reply expects."""

    def __init__(self, models: SpeechModels) -> None:
        self.models = models
        self.expected = NOTHING_EXPECTED

    def expect(self, expected: Expectation) -> None:
        """The bot has replied: its words are what the next utterances may hold."""
        self.expected = expected

    def start_transcription(self, audio: np.ndarray,
                            urgency: Urgency = Urgency.CALLER_WAITING) -> Future[Transcript]:
        words = hotwords(self.expected)
        log.debug("transcribing %.2f s (%s) listening for %r", audio.size / 16000,
                  urgency.name.lower(), words)
        return self.models.start_transcription(audio, urgency, words)

    async def transcribe(self, audio: np.ndarray) -> Transcript:
        return await self.models.transcribe(audio, hotwords(self.expected))
