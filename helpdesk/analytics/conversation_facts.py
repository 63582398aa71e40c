"""The facts of a conversation (its latest Rasa session), from the tracker's event dicts.

A conversation is one Rasa session of a sender: the events after the last `session_started`
(Rasa starts a new session after 60 minutes idle). The input is the event dicts of a
tracker (`tracker.current_state(EventVerbosity.ALL)["events"]` or
`[e.as_dict() for e in tracker.events]`); this module is pure (no I/O).

Facts (slots are read only from `slot` events inside the session):
- `started_at`: time of the `session_started` event (else the session's first event);
  `last_at`: time of its last event.
- `channel`: `input_channel` of the latest user message ("socketio" = website widget,
  "rest", "voice"), "outbound" for a campaign's call (its first message is the gateway's
  `outbound_call` trigger), so the dashboard counts those calls apart; "" when there is
  none.
- `customer_id`: the last non-empty `customer_id` slot value; `verified`: the final
  `verified` slot value.
- `user_turns`: user messages; `fallback_turns`: those whose intent was `nlu_fallback`;
  `intents`: the user messages' intent names, in order.
- `topic`: the skill the conversation was about (orders, billing, sales, general), from the
  latest intent that maps to one (helpdesk/handoffs/transcript.py `skill_for`); None without user
  messages.
- `handed_off`: `handoff_requested` was set true at any point in the session (the slot goes
  back to false when an agent returns the conversation to the bot); `handoff_reason`: the
  last `handoff_reason` set.
- `lead_captured`: a saved lead left its `lead_id` slot in the session.
- `csat_rating` (1-5, else None) and `csat_comment`: the final CSAT slot values.
- `transcript`: user and bot lines with PINs masked (helpdesk/conversation/events.py).
- `outcome`, first that applies: "handoff" (handed off), "lead" (lead captured),
  "abandoned" (the customer never got an answer: no user message other than an
  `nlu_fallback` one was followed by a bot message before the next user message),
  else "contained".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from helpdesk.conversation.events import event_time, intent_of, latest_session, lines_from_events
from helpdesk.conversation.state import Intent
from helpdesk.handoffs.transcript import skill_for

FALLBACK_INTENT = "nlu_fallback"
CHANNEL_LIMIT = 32
OUTBOUND_CHANNEL = "outbound"  # a campaign's call (helpdesk.campaigns)


@dataclass(frozen=True)
class ConversationFacts:
    conversation_id: str
    started_at: dt.datetime
    last_at: dt.datetime
    channel: str
    customer_id: str | None
    verified: bool
    user_turns: int
    fallback_turns: int
    intents: list[str]
    topic: str | None
    handed_off: bool
    handoff_reason: str | None
    lead_captured: bool
    csat_rating: int | None
    csat_comment: str | None
    outcome: str
    transcript: list[dict[str, str]] = field(default_factory=list)


def conversation_facts(conversation_id: str,
                       events: Iterable[dict[str, Any]]) -> ConversationFacts | None:
    """The facts of the latest session; None when that session has no events at all."""
    session = latest_session(events)
    if not session:
        return None
    slots = _slot_history(session)
    user_events = [e for e in session if e.get("event") == "user"]
    intents = [name for name in (intent_of(e) for e in user_events) if name]
    handed_off = any(value is True for value in slots.get("handoff_requested", []))
    reason = _last_text(slots.get("handoff_reason", []))
    lead = _last_text(slots.get("lead_id", [])) is not None
    return ConversationFacts(
        conversation_id=conversation_id,
        started_at=event_time(session[0]),
        last_at=max(event_time(e) for e in session),
        channel=OUTBOUND_CHANNEL if intents[:1] == [Intent.OUTBOUND_CALL]
        else _channel(user_events),
        customer_id=_last_text(slots.get("customer_id", [])),
        verified=bool((slots.get("verified") or [False])[-1]),
        user_turns=len(user_events),
        fallback_turns=sum(1 for e in user_events if intent_of(e) == FALLBACK_INTENT),
        intents=intents,
        topic=skill_for(intents, reason or "") if user_events else None,
        handed_off=handed_off,
        handoff_reason=reason,
        lead_captured=lead,
        csat_rating=csat_value((slots.get("csat_rating") or [None])[-1]),
        csat_comment=_last_text((slots.get("csat_comment") or [None])[-1:]),
        outcome=_outcome(session, handed_off, lead),
        transcript=[{"role": line.role, "text": line.text, "at": line.at.isoformat()}
                    for line in lines_from_events(session)],
    )


def csat_value(raw: Any) -> int | None:
    """A rating 1-5 from a slot value (number or text), else None."""
    if isinstance(raw, bool) or raw is None:
        return None
    try:
        number = float(raw)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() and 1 <= number <= 5 else None


def _slot_history(session: list[dict[str, Any]]) -> dict[str, list[Any]]:
    history: dict[str, list[Any]] = {}
    for event in session:
        kind = event.get("event")
        if kind == "slot" and isinstance(event.get("name"), str):
            history.setdefault(event["name"], []).append(event.get("value"))
        elif kind in ("restart", "reset_slots"):
            history = {}
    return history


def _last_text(values: list[Any]) -> str | None:
    for value in reversed(values):
        if value not in (None, "", [], {}):
            return str(value)
    return None


def _channel(user_events: list[dict[str, Any]]) -> str:
    for event in reversed(user_events):
        if event.get("input_channel"):
            return str(event["input_channel"])[:CHANNEL_LIMIT]
    return ""


def _outcome(session: list[dict[str, Any]], handed_off: bool, lead: bool) -> str:
    if handed_off:
        return "handoff"
    if lead:
        return "lead"
    return "contained" if _answered(session) else "abandoned"


def _answered(session: list[dict[str, Any]]) -> bool:
    """Whether some understood user message got a bot message before the next one."""
    pending = False
    for event in session:
        kind = event.get("event")
        if kind == "user":
            pending = intent_of(event) != FALLBACK_INTENT
        elif kind == "bot" and pending and event.get("text"):
            return True
    return False


