"""What the bot last asked: its keypad menu (the buttons of its last reply) and its last
question, which the keypad's `*` and the silence re-prompts repeat. Every reply the call
speaks replaces both (a reply without buttons clears the menu)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from voice_gateway.services.rasa_client import BotReply
from voice_gateway.services.speech_models import sentences

DEFAULT_QUESTION = "How can I help you?"
_PRESS = re.compile(r"\bpress\b", re.I)


def key_hints(buttons: list[dict[str, str]]) -> str:
    """Spoken keypad menu for a bot message with buttons: 'Press 1 for ..., 2 for ...'."""
    titles = [str(b.get("title") or b.get("payload")) for b in buttons]
    parts = [f"{index} for {title}" for index, title in enumerate(titles, start=1)]
    return "Press " + ", ".join(parts) + "."


def last_question(text: str) -> str:
    asked = [s for s in sentences(text) if s.endswith("?")]
    return asked[-1] if asked else DEFAULT_QUESTION


@dataclass
class BotPrompt:
    menu: list[dict[str, str]] = field(default_factory=list)
    question: str = DEFAULT_QUESTION

    def menu_choice(self, digits: str) -> dict[str, str] | None:
        """The menu item a single key picks (1 is the first), or None."""
        if len(digits) == 1 and digits.isdigit() and 1 <= int(digits) <= len(self.menu):
            return self.menu[int(digits) - 1]
        return None

    def spoken(self, reply: BotReply) -> list[str]:
        """The sentences to say for REPLY (its menu read out unless it says "press"),
        remembered as the current prompt."""
        texts = list(reply.texts)
        self.menu = reply.buttons
        if reply.buttons and not any(_PRESS.search(t) for t in texts):
            texts.append(key_hints(reply.buttons))
        if texts:
            self.question = last_question(" ".join(texts))
        return texts
