"""Keypad digits (DTMF) become Rasa messages: a single key picks an item of the bot's last
menu (its buttons), `0` and `*` act at once (`*` repeats the last question), longer entries
(a PIN, an order number) end with `#` or a pause of `timeout_s`."""

from __future__ import annotations

import logging
from collections.abc import Callable

from helpdesk.conversation.contracts import KEYPAD_KEY
from voice_gateway.pipeline.clock import Clock, Timer
from voice_gateway.pipeline.frames import Job
from voice_gateway.pipeline.prompts import BotPrompt

log = logging.getLogger(__name__)

DTMF_KEYS = frozenset("0123456789*#")


class Keypad:
    def __init__(self, prompt: BotPrompt, emit: Callable[[Job], None], clock: Clock,
                 timeout_s: float) -> None:
        self.prompt = prompt
        self.emit = emit
        self.clock = clock
        self.timeout_s = timeout_s
        self._digits = ""
        self._timer: Timer | None = None

    @staticmethod
    def accepts(digit: str) -> bool:
        return digit in DTMF_KEYS

    @property
    def entering(self) -> bool:
        """Digits are waiting for `#` or the pause."""
        return bool(self._digits)

    def press(self, digit: str) -> None:
        """One key (one of DTMF_KEYS)."""
        self.cancel()
        if digit == "#":
            self.flush()
            return
        self._digits += digit
        if self.prompt.menu_choice(self._digits) is not None or self._digits in ("0", "*"):
            self.flush()
        else:
            self._timer = self.clock.call_later(self.timeout_s, self.flush)

    def flush(self) -> None:
        """Send what was keyed in (nothing when nothing was)."""
        digits, self._digits = self._digits, ""
        if not digits:
            return
        choice = self.prompt.menu_choice(digits)
        if choice is not None:
            self.emit(Job("text", text=choice["payload"], metadata={KEYPAD_KEY: digits}))
        elif digits == "*":
            self.emit(Job("say", text=self.prompt.question))
        else:
            self.emit(Job("text", text=digits.replace("*", ""), metadata={KEYPAD_KEY: digits}))

    def cancel(self) -> None:
        """Stop waiting for the pause (the digits stay)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
