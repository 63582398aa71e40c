"""Session start: identify a caller by caller ID before the bot says anything."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted
from rasa_sdk.executor import CollectingDispatcher

from .identification import customer_for_caller_number, remember_customer
from .turn import Turn


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        turn = Turn(dispatcher, tracker)
        metadata = tracker.get_slot("session_started_metadata") or {}
        customer = customer_for_caller_number(
            metadata.get("caller_number") if isinstance(metadata, dict) else None)
        if customer:
            remember_customer(turn, customer, "caller_id")
        return [SessionStarted(), *turn.events, ActionExecuted("action_listen")]
