"""A user turn as the action server gets it, built by hand: a rasa_sdk Tracker (slots, the
latest message, the events before it) and a CollectingDispatcher, for the journeys' unit
tests through the `Turn` seam (actions/turn.py). No Rasa server, no trained model."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.change_entry_points  # noqa: F401 - registers the change actions
from actions.entry_points import TurnAction
from actions.session_start import ActionSessionStart
from actions.turn import Turn

SENDER = "conversation"


def user_event(text: str, intent: str | None, *, channel: str = "rest",
               timestamp: float | None = None, entities: list[dict[str, Any]] | None = None,
               metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    """A customer message as it stands in the tracker's events."""
    parse_data = {"text": text, "intent": {"name": intent}, "entities": entities or [],
                  "metadata": metadata or {}}
    return {"event": "user", "timestamp": time.time() if timestamp is None else timestamp,
            "text": text, "input_channel": channel, "parse_data": parse_data,
            "metadata": metadata or {}}


def make_tracker(text: str, slots: dict[str, Any] | None = None, *, intent: str = "inform",
                 entities: list[dict[str, Any]] | None = None,
                 metadata: dict[str, Any] | None = None, channel: str = "rest",
                 earlier: Iterable[float] = (), history: Iterable[dict[str, Any]] = (),
                 sender: str = SENDER) -> Tracker:
    """The tracker of a turn: TEXT just said with SLOTS set. HISTORY: events before it
    (oldest first); EARLIER: timestamps of earlier customer messages, added after HISTORY
    (the current message is now)."""
    current = user_event(text, intent, channel=channel, entities=entities, metadata=metadata)
    events = list(history)
    events += [{"event": "user", "timestamp": ts, "text": "earlier", "input_channel": channel,
                "parse_data": {}} for ts in earlier]
    events.append(current)
    return Tracker(sender, dict(slots or {}), current["parse_data"], events, False, None, {},
                   None)


def make_turn(text: str, slots: dict[str, Any] | None = None, **message: Any) -> Turn:
    """A Turn for TEXT with SLOTS (`make_tracker`'s keywords describe the message)."""
    return Turn(CollectingDispatcher(), make_tracker(text, slots, **message))


def said(turn: Turn) -> str:
    return "\n".join(m.get("text") or "" for m in turn.dispatcher.messages)


def buttons(turn: Turn) -> list[str]:
    return [b["payload"] for m in turn.dispatcher.messages for b in m.get("buttons") or []]


def all_actions() -> dict[str, Action]:
    """Every action of the action server by name (the classes rasa-sdk registers)."""
    found: dict[str, Action] = {}
    todo: list[type[Action]] = [*TurnAction.__subclasses__(), ActionSessionStart,
                                *(c for c in Action.__subclasses__()
                                  if c.__module__.startswith("actions."))]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        action = cls()
        if action.name():
            found[action.name()] = action
    return found
