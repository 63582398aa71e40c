"""Masking of PINs in what a customer says, before a conversation is stored.

One rule for every store of a conversation (the tracker store, the handoff transcript,
the analytics transcript), read message by message in order (`PinWatch`):

- while the bot waits for the PIN (its `awaiting` slot says so), the answer is masked,
  whatever it says (typed digits, spoken words, keypad digits);
- a message that names a PIN and carries a number ("my pin is 4321") is masked;
- while a person owns the conversation (a handoff is open: the message was relayed to an
  agent), the bot does not ask, so the agent's or customer's words decide: a message that
  looks like a PIN (a number of 4 to 6 digits, typed or spoken) within `CONTEXT_LINES`
  lines after anyone named a PIN ("what's your PIN?", "I'll give you my pin") is masked.

Masking replaces every number of the message by `MASK`; keypad digits sent as message
metadata (`dtmf`) are masked with it (helpdesk.rasa_plugins.tracker_store).

This module knows no slot or action names (it is below the conversation's vocabulary): it
reads a conversation as `Step`s, which helpdesk.conversation.events makes of Rasa events.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from helpdesk.text.heard_digits import PIN_LENGTHS
from helpdesk.text.spoken_numbers import normalize_numbers

MASK = "****"
CONTEXT_LINES = 3  # lines (anyone's) after a PIN was named in which a bare number is one
_PIN_CUE = re.compile(
    r"\b(pins?|pin code|pin number|passcode|pass code|security code|secret code)\b",
    re.IGNORECASE)
_DIGITS = re.compile(r"\d(?:[\s-]?\d)*")


def message_needs_masking(text: str, awaiting_pin: bool) -> bool:
    """A message answering the PIN question (AWAITING_PIN: the bot waits for the PIN), or
    one that names a PIN, is masked."""
    if not text:
        return False
    if awaiting_pin:
        return True
    return mentions_pin(text)


def names_pin(text: str) -> bool:
    """'what is your PIN?', 'my passcode': the text speaks of a PIN (digits or not)."""
    return bool(_PIN_CUE.search(text or ""))


def mentions_pin(text: str) -> bool:
    """'my pin is 4321', 'PIN: 4 3 2 1': the message names a PIN and carries digits."""
    return names_pin(text) and bool(_DIGITS.search(normalize_numbers(text or "")))


def looks_like_pin(text: str) -> bool:
    """The text carries a number of 4 to 6 digits, typed or spoken, maybe spaced
    ('4321', 'it is 4 3 2 1', 'four three two one')."""
    numbers = _DIGITS.findall(normalize_numbers(text or ""))
    return any(len(re.sub(r"\D", "", number)) in PIN_LENGTHS for number in numbers)


def mask_digits(text: str) -> str:
    """Replace every number (typed or spoken) in `text` by a fixed mask."""
    return _DIGITS.sub(MASK, normalize_numbers(text or ""))


@dataclass
class PinWatch:
    """The masking rule of the module doc, fed a conversation's lines in order."""

    awaiting_pin: bool = False
    _named: deque[bool] = field(default_factory=lambda: deque(maxlen=CONTEXT_LINES))

    def waits_for_pin(self, waiting: bool) -> None:
        """The bot now waits for the PIN (True), or for something else or nothing."""
        self.awaiting_pin = waiting

    def staff_line(self, text: str) -> None:
        """A line of the bot or an agent."""
        self._named.append(names_pin(text))

    def customer_line(self, text: str, with_agent: bool = False) -> bool:
        """Whether the customer's message `text` is to be masked; `with_agent`: it went to
        a person (an open handoff), not to the bot."""
        masked = message_needs_masking(text, self.awaiting_pin) or (
            with_agent and any(self._named) and looks_like_pin(text))
        self._named.append(names_pin(text))
        return masked


# A conversation as the rule reads it, one step per event: (kind, text), kind one of
USER = "user"  # a customer message (its text)
BOT = "bot"  # a message of the bot or of an agent (its text)
AWAITS_PIN = "awaits_pin"  # the bot now waits for the PIN
AWAITS_OTHER = "awaits_other"  # the bot now waits for something else, or for nothing
RELAYED = "relayed"  # the latest customer message went to a person, not the bot
OTHER = "other"  # passed over
Step = tuple[str, str]


def pin_messages(steps: list[Step]) -> set[int]:
    """The indices of the user steps to mask. A user message went to a person when a
    `RELAYED` step follows it (before the next user message)."""
    relayed: set[int] = set()
    last_user: int | None = None
    for index, (kind, _) in enumerate(steps):
        if kind == USER:
            last_user = index
        elif kind == RELAYED and last_user is not None:
            relayed.add(last_user)
    watch, masked = PinWatch(), set()
    for index, (kind, text) in enumerate(steps):
        if kind in (AWAITS_PIN, AWAITS_OTHER):
            watch.waits_for_pin(kind == AWAITS_PIN)
        elif kind == BOT and text:
            watch.staff_line(text)
        elif kind == USER and text and watch.customer_line(text, index in relayed):
            masked.add(index)
    return masked
