"""Handing a conversation to a person: the handoff record with transcript and summary,
routing, the customer's place in the queue; lead capture when nobody can take it."""

from __future__ import annotations

import logging

from actions import lead_capture
from actions.turn import Turn
from helpdesk.conversation.contracts import hand_off
from helpdesk.conversation.events import lines_from_events, user_intents
from helpdesk.conversation.state import Slot
from helpdesk.handoffs.availability import current_availability
from helpdesk.handoffs.dispatcher import dispatch
from helpdesk.handoffs.records import (
    HandoffDraft,
    add_notice,
    create_handoff,
    queue_status,
    record_customer_message,
    take_undelivered,
)
from helpdesk.handoffs.transcript import skill_for, summarize

log = logging.getLogger(__name__)

# Slots an agent sees in the context panel (the rest are the bot's bookkeeping).
CONTEXT_SLOTS = (Slot.CUSTOMER_ID, Slot.CUSTOMER_NAME, Slot.CUSTOMER_TIER, Slot.IDENTIFIED_BY,
                 Slot.VERIFIED, Slot.VERIFICATION_LOCKED, Slot.LAST_ORDER_NUMBER,
                 Slot.PENDING_REQUEST, Slot.PENDING_ORDER_NUMBER, Slot.PENDING_TRACKING_NUMBER,
                 Slot.PENDING_ACCOUNT_KIND, Slot.LAST_FAQ_ID, Slot.HANDOFF_REASON)


def hand_over(turn: Turn, reason: str) -> None:
    """Create the handoff (or capture a lead when no person can take it now)."""
    turn.set(Slot.HANDOFF_REQUESTED, True)
    turn.set(Slot.HANDOFF_REASON, reason)
    turn.clear(Slot.AWAITING)
    availability = current_availability()
    if not availability.can_hand_over:
        why = ("Our team is outside opening hours right now"
               if not availability.open_now else "No one from our team is free right now")
        lead_capture.start(turn, availability.lead_reason,
                           preamble=f"{why}, but I can have someone call you back.")
        return
    events = list(turn.tracker.events)
    intents = user_intents(events)
    slots = {name: turn.slot(name) for name in CONTEXT_SLOTS if turn.slot(name) not in (
        None, "", [])}
    lines = lines_from_events(events)
    draft = HandoffDraft(
        conversation_id=turn.tracker.sender_id, channel=turn.channel, reason=reason,
        skill=skill_for(intents, reason), tier=turn.slot(Slot.CUSTOMER_TIER),
        customer_id=turn.slot(Slot.CUSTOMER_ID), verified=bool(turn.slot(Slot.VERIFIED)),
        summary=summarize(customer_name=turn.slot(Slot.CUSTOMER_NAME),
                          tier=turn.slot(Slot.CUSTOMER_TIER),
                          verified=bool(turn.slot(Slot.VERIFIED)),
                          identified_by=turn.slot(Slot.IDENTIFIED_BY), intents=intents,
                          slots=slots, lines=lines, reason=reason),
        slots=slots, lines=lines)
    handoff, created = create_handoff(draft)
    if created:
        log.info("handoff %s created for %s (%s, skill %s)", handoff.id, draft.conversation_id,
                 reason, draft.skill)
        try:
            dispatch()
        except Exception:  # routing runs again on the web app's timer
            log.exception("routing after handoff %s failed", handoff.id)
    text = connecting_text(handoff.id, turn.is_voice)
    turn.say(text)
    add_notice(handoff.id, text, delivered=True)
    if turn.is_voice:
        turn.control(hand_off(reason, handoff.id))


def connecting_text(handoff_id: int, voice: bool) -> str:
    place, wait_s = queue_status(handoff_id)
    first = ("Okay, I'm connecting you with a member of our team. Please hold." if voice else
             "Okay, I'm connecting you with a member of our team. They'll see our "
             "conversation so far, so you won't need to repeat yourself.")
    if place == 0:
        return first
    wait = "any moment now" if wait_s < 60 else f"about {round(wait_s / 60)} minute" + (
        "s" if round(wait_s / 60) != 1 else "")
    return f"{first} You're number {place} in the queue; expected wait: {wait}."


def relay_to_agent(turn: Turn, handoff_id: int, status: str) -> None:
    """The customer wrote while a person owns (or is about to own) the conversation: the
    message goes into the handoff transcript; the bot says nothing of its own, except the
    queue place while still waiting. Lines waiting for the customer go out now."""
    if turn.text:
        record_customer_message(handoff_id, turn.text)
    deliver_pending(turn)
    if status == "waiting":
        place, _ = queue_status(handoff_id)
        if place:
            text = (f"Thanks, I've added that for the agent. You're number {place} in the "
                    "queue.")
            turn.say(text)
            add_notice(handoff_id, text, delivered=True)


def deliver_pending(turn: Turn) -> int:
    """Send the agent's replies and notices not delivered yet (each exactly once)."""
    lines = take_undelivered(turn.tracker.sender_id)
    for line in lines:
        if line["role"] == "agent":
            turn.dispatcher.utter_message(text=line["text"], agent_name=line["author"] or "")
        else:
            turn.dispatcher.utter_message(text=line["text"])
    return len(lines)
