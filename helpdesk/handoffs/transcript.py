"""A handoff's summary for the agent, the skill it needs, and the masked line of a message
relayed to the agent. The transcript lines themselves are helpdesk.conversation.events'
(`lines_from_events`, masked by the one rule of helpdesk.privacy.masked_events)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from helpdesk.conversation.events import Line
from helpdesk.privacy.pii import mask_pii
from helpdesk.privacy.pins import PinWatch, mask_digits

# The skill a handoff needs, from the customer's latest intents.
SKILL_OF_INTENT = {
    "check_order_status": "orders",
    "check_shipment": "orders",
    "check_balance": "billing",
    "sales_interest": "sales",
}
TOPIC_OF_INTENT = {
    "check_order_status": "order status",
    "check_shipment": "delivery tracking",
    "check_balance": "account balance",
    "sales_interest": "buying / sales",
    "faq": "a general question",
    "complain": "a complaint",
}
REASON_TEXT = {
    "customer_request": "asked for a person",
    "repeated_fallback": "the bot did not understand twice in a row",
    "verification_locked": "PIN verification locked after wrong PINs",
    "complaint": "complaint or strong negative wording",
    "vip_intent": "VIP customer, routed to a person",
    "identification_failed": "the bot could not find the customer's account",
    "unanswered_question": "the bot had no answer",
    "agent_left": "the agent left",
    "angry_customer": "angry customer (strong words, swearing or capitals)",
    "repeated_contact": "the customer has written or called about this several times",
    "urgent": "the customer says it is urgent",
    "damaged_order": "an order arrived damaged",
    "unsupported_request": "a request the bot cannot do",
}


def relayed_line(earlier: Iterable[tuple[str, str]], text: str) -> str:
    """A customer message relayed to an agent, as the handoff transcript keeps it: masked
    by the same PIN rule, read over the handoff's EARLIER lines (role, text), oldest
    first, then card numbers and emails masked."""
    watch = PinWatch()
    for role, line in earlier:
        if role == "user":
            watch.customer_line(line, with_agent=True)
        else:
            watch.staff_line(line)
    if watch.customer_line(text, with_agent=True):
        text = mask_digits(text)
    return mask_pii(text)


def skill_for(intents: list[str], reason: str) -> str:
    for intent in reversed(intents):
        if intent in SKILL_OF_INTENT:
            return SKILL_OF_INTENT[intent]
    return "billing" if reason == "verification_locked" else "general"


def summarize(*, customer_name: str | None, tier: str | None, verified: bool,
              identified_by: str | None, intents: list[str], slots: dict[str, Any],
              lines: list[Line], reason: str) -> str:
    """Who, what they want, what the bot already told them, what is still open."""
    if customer_name:
        how = "verified with PIN" if verified else f"identified by {identified_by or 'CRM'}"
        who = f"{customer_name} ({(tier or 'standard').upper()}, {how})"
    else:
        who = "Anonymous customer (not identified)"
    topics: list[str] = []
    for intent in intents:
        topic = TOPIC_OF_INTENT.get(intent)
        if topic and topic not in topics:
            topics.append(topic)
    wants = ", ".join(topics) if topics else "did not say yet"
    if slots.get("last_order_number"):
        wants += f" (order {slots['last_order_number']})"
    told = [line.text for line in lines if line.role == "bot"][-2:]
    told_text = " / ".join(_short(t) for t in told) if told else "nothing yet"
    asked = [line.text for line in lines if line.role == "user"]
    last_ask = _short(asked[-1]) if asked else ""
    open_text = REASON_TEXT.get(reason, reason.replace("_", " "))
    summary = f"{who}. Wants: {wants}. Bot told them: {told_text}. Open: {open_text}"
    if last_ask:
        summary += f"; last message: \"{last_ask}\""
    return summary + "."


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
