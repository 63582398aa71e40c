"""Can a person take a conversation now: opening hours and online agents."""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk.config import HandoffSettings, get_settings
from helpdesk.handoffs.opening_hours import OpeningHoursError, is_open
from helpdesk.handoffs.presence import online_agents
from helpdesk.store.database import session_scope


@dataclass(frozen=True)
class Availability:
    open_now: bool
    agents_online: int

    @property
    def can_hand_over(self) -> bool:
        return self.open_now and self.agents_online > 0

    @property
    def lead_reason(self) -> str:
        return "after_hours" if not self.open_now else "no_agent"


def current_availability(settings: HandoffSettings | None = None) -> Availability:
    settings = settings or get_settings().handoffs
    try:
        open_now = is_open(settings.opening_hours, settings.timezone)
    except OpeningHoursError:
        open_now = True  # a misconfiguration must not turn every customer away
    with session_scope() as session:
        agents = online_agents(session, settings)
    return Availability(open_now=open_now, agents_online=len(agents))
