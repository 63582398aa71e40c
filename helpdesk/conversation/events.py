"""Reading a conversation from Rasa's tracker events: the latest session, the customer's
intents, the masked transcript lines.

Events are the dicts of Rasa's tracker (`tracker.events` in the action server,
`[e.as_dict() for e in tracker.events]` elsewhere), oldest first; the masking steps also
read Rasa's event objects (the tracker store masks those on write). Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from helpdesk.conversation.state import ActionName, Awaiting, Slot
from helpdesk.privacy.masked_events import MaskedText, masked_texts
from helpdesk.privacy.pins import AWAITS_OTHER, AWAITS_PIN, BOT, OTHER, RELAYED, USER, Step

Event = dict[str, Any]


def latest_session(events: Iterable[Event]) -> list[Event]:
    """The events from the last `session_started` on (all events when there is none)."""
    events = list(events)
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "session_started":
            return events[index:]
    return events


def intent_of(event: Event) -> str:
    """The intent NLU found for a user event ("" when none)."""
    return str(((event.get("parse_data") or {}).get("intent") or {}).get("name") or "")


def user_intents(events: Iterable[Event]) -> list[str]:
    """The intent of each user message, in order ("" for one without)."""
    return [intent_of(event) for event in events if event.get("event") == "user"]


# --- masking ----------------------------------------------------------------------------------
def masking_step(event: Mapping[str, Any] | Any) -> Step:
    """An event (a dict, or a Rasa event object) as the PIN rule reads it: a customer or a
    bot/agent line, the bot starting or stopping to wait for the PIN (slot `awaiting`), a
    customer message relayed to a person (the relay action ran)."""
    if isinstance(event, Mapping):
        kind, text = event.get("event"), event.get("text")
        name, value = event.get("name"), event.get("value")
    else:  # rasa.shared.core.events: UserUttered, BotUttered, SlotSet, ActionExecuted
        kind, text = getattr(event, "type_name", None), getattr(event, "text", None)
        name = getattr(event, "key" if kind == "slot" else "action_name", None)
        value = getattr(event, "value", None)
    if kind == "user":
        return USER, str(text or "")
    if kind == "bot":
        return BOT, str(text or "")
    if kind == "slot" and name == Slot.AWAITING:
        return (AWAITS_PIN if value == Awaiting.PIN else AWAITS_OTHER), ""
    if kind == "action" and name == ActionName.RELAY_TO_AGENT:
        return RELAYED, ""
    return OTHER, ""


def masking_steps(events: Iterable[Mapping[str, Any] | Any]) -> list[Step]:
    return [masking_step(event) for event in events]


def masked_messages(events: list[Mapping[str, Any]] | list[Any]) -> dict[int, MaskedText]:
    """The one masked-events rule (helpdesk.privacy.masked_events) over a conversation's
    events: the messages it changes, by index into EVENTS."""
    return masked_texts(masking_steps(events))


# --- transcript ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    role: str  # user, bot, agent
    text: str
    at: dt.datetime


def lines_from_events(events: Iterable[Event]) -> list[Line]:
    """User and bot messages, masked by the one rule (PINs, card numbers, emails);
    call-control messages without text are left out."""
    events = list(events)
    masked = masked_messages(events)
    lines: list[Line] = []
    for index, event in enumerate(events):
        kind = event.get("event")
        if kind in ("user", "bot") and event.get("text"):
            change = masked.get(index)
            text = change.text if change else str(event["text"])
            lines.append(Line(str(kind), text, event_time(event)))
    return lines


def event_time(event: Event) -> dt.datetime:
    """When the event happened (now, for one without a timestamp)."""
    stamp = event.get("timestamp")
    if isinstance(stamp, (int, float)) and not isinstance(stamp, bool):
        return dt.datetime.fromtimestamp(stamp, dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)
