"""Session start: a new Rasa session begins with nothing known.

No slot is carried over (`session_config.carry_over_slots_to_new_session: false`), so a
verification (`verified`, `verified_until`) never outlives its session (CONTRACT §4). A
caller is identified by caller ID in the first turn's action (actions/entry_points.py),
which reads the caller number only from the voice gateway's authenticated channel: the
session-start metadata does not say which channel sent it, so it is not trusted here.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted
from rasa_sdk.executor import CollectingDispatcher

from helpdesk.conversation.state import ACTION_LISTEN, ActionName


class ActionSessionStart(Action):
    def name(self) -> str:
        return ActionName.SESSION_START

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        return [SessionStarted(), ActionExecuted(ACTION_LISTEN)]
