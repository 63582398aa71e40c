"""Chat helpers for the end-to-end tests."""

from __future__ import annotations

import time

from tests.support.stacks import BotStack


def answer_within(bot: BotStack, sender: str, question: str, expected: str,
                  seconds: float = 5.0, ignore: str | None = None) -> str:
    """Ask until the answer contains `expected` (and not `ignore`); fail after `seconds`.

    The promise to editors: a saved FAQ change is answered within 5 seconds, with no
    retraining and no restart.
    """
    deadline = time.monotonic() + seconds
    while True:
        answer = bot.say(sender, question)
        if expected in answer and (ignore is None or ignore not in answer):
            return answer
        assert time.monotonic() < deadline, f"still answered {answer!r}"
        time.sleep(0.5)
