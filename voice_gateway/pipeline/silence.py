"""Silence is re-prompted, then the call ends: after `timeout_s` of the caller's audio in
which nothing happened (nobody speaking, no turn waiting, no keypad entry), the bot asks
"Are you still there?" with its last question, `reprompts` times, then says goodbye and
hangs up. Counted in audio time, so it behaves the same whether frames arrive in real time
or faster."""

from __future__ import annotations

import logging

from helpdesk.wording import VOICE_SILENCE_GOODBYE, VOICE_STILL_THERE
from voice_gateway.pipeline.frames import Job
from voice_gateway.pipeline.prompts import BotPrompt

log = logging.getLogger(__name__)


class SilenceWatch:
    def __init__(self, call_id: str, prompt: BotPrompt, timeout_s: float,
                 reprompts: int) -> None:
        self.call_id = call_id
        self.prompt = prompt
        self.timeout_s = timeout_s
        self.reprompts = reprompts
        self.idle_s = 0.0
        self.prompted = 0  # re-prompts since the caller last said or keyed something

    def caller_spoke(self) -> None:
        self.prompted = 0

    def caller_keyed(self) -> None:
        self.idle_s = 0.0
        self.prompted = 0

    def bot_spoke(self) -> None:
        self.idle_s = 0.0

    def count(self, seconds: float, busy: bool) -> Job | None:
        """SECONDS more of the caller's audio; the re-prompt or goodbye when due."""
        if busy:
            self.idle_s = 0.0
            return None
        self.idle_s += seconds
        if self.idle_s < self.timeout_s:
            return None
        self.idle_s = 0.0
        if self.prompted < self.reprompts:
            self.prompted += 1
            return Job("say", text=f"{VOICE_STILL_THERE} {self.prompt.question}")
        log.info("call %s: silent after %d prompts, hanging up", self.call_id, self.prompted)
        return Job("say", text=VOICE_SILENCE_GOODBYE, then_hang_up=True)
