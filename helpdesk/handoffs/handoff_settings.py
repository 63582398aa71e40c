"""Settings of handoff routing and lead capture, from environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass

from helpdesk.config import env_int


@dataclass(frozen=True)
class HandoffSettings:
    wait_targets_s: dict[str, int]  # per tier: longer than this and a handoff is overdue
    offer_timeout_s: int  # an offered agent who does not claim in time loses the handoff
    default_capacity: int  # handoffs an agent handles at once, unless set per agent
    agent_idle_s: int  # no sign of life for this long and an agent counts as offline
    average_handle_s: int  # for the expected wait until closed handoffs give a real figure
    opening_hours: str  # "" = always open; else e.g. "mon-fri 09:00-18:00; sat 10:00-14:00"
    timezone: str
    vip_handoff_intents: frozenset[str]  # intents that go to a person for vip customers

    @classmethod
    def from_env(cls) -> HandoffSettings:
        return cls(
            wait_targets_s={
                "vip": env_int("HELPDESK_WAIT_TARGET_VIP_S", 30),
                "gold": env_int("HELPDESK_WAIT_TARGET_GOLD_S", 60),
                "standard": env_int("HELPDESK_WAIT_TARGET_STANDARD_S", 120),
            },
            offer_timeout_s=env_int("HELPDESK_OFFER_TIMEOUT_S", 30),
            default_capacity=env_int("HELPDESK_AGENT_CAPACITY", 3),
            agent_idle_s=env_int("HELPDESK_AGENT_IDLE_S", 900),
            average_handle_s=env_int("HELPDESK_AVERAGE_HANDLE_S", 240),
            opening_hours=os.environ.get("HELPDESK_OPENING_HOURS", "").strip(),
            timezone=os.environ.get("HELPDESK_TIMEZONE", "UTC"),
            vip_handoff_intents=frozenset(
                i.strip() for i in os.environ.get(
                    "HELPDESK_VIP_HANDOFF_INTENTS", "sales_interest,complain").split(",")
                if i.strip()),
        )
