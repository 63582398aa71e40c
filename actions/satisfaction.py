"""CSAT: at the end of a conversation the bot resolved, and after an agent closes a
handoff, ask for a 1–5 rating and an optional comment.

Declining ends it politely; a conversation (one Rasa session) is rated at most once: the
rating and comment are slots of the session (`csat_rating`, `csat_comment`), which the
analytics recorder stores with the conversation.
"""

from __future__ import annotations

from actions.turn import Turn
from helpdesk.analytics.conversation_facts import latest_session
from helpdesk.handoffs.transcript import user_intents
from helpdesk.text.ratings import LOW_RATING, is_decline, parse_rating

RATING_STEP = "csat_rating"
COMMENT_STEP = "csat_comment"
MAX_COMMENT_CHARS = 1000
# Requests the bot answers itself: a session with one of these (and no handoff) was
# resolved by the bot.
ANSWERED_INTENTS = {"check_order_status", "check_shipment", "check_balance", "faq"}
RATING_BUTTONS = [{"title": str(n), "payload": str(n)} for n in range(1, 6)]
DECLINE_BUTTON = {"title": "No thanks", "payload": "no thanks"}


def bot_resolved(turn: Turn) -> bool:
    """The session answered a request and never went to a person."""
    intents = set(user_intents(latest_session(turn.tracker.events)))
    return bool(intents & ANSWERED_INTENTS) and not handed_over(turn)


def handed_over(turn: Turn) -> bool:
    return any(event.get("event") == "slot" and event.get("name") == "handoff_requested"
               and event.get("value") for event in latest_session(turn.tracker.events))


def may_ask(turn: Turn) -> bool:
    return not turn.slot("csat_asked") and turn.slot("csat_rating") is None


def ask(turn: Turn, context: str, lead_in: str = "") -> None:
    """Ask for the rating; CONTEXT says what follows it ("goodbye" ends the conversation)."""
    turn.set("csat_asked", True)
    turn.set("csat_context", context)
    turn.set("awaiting", RATING_STEP)
    if turn.is_voice:
        question = ("Before you go, how would you rate this call? Press or say a number "
                    "from 1, poor, to 5, excellent, or say no thanks.")
        turn.say(f"{lead_in} {question}".strip(), buttons=RATING_BUTTONS)
    else:
        question = ("How would you rate this conversation, from 1 (poor) to 5 (excellent)?")
        turn.say(f"{lead_in} {question}".strip(), buttons=[*RATING_BUTTONS, DECLINE_BUTTON])


def handle(turn: Turn) -> None:
    """The customer's answer to the rating or the comment question."""
    step = turn.slot("awaiting")
    if step == COMMENT_STEP:
        _take_comment(turn)
        return
    rating = parse_rating(turn.text)
    if rating is None or turn.slot("csat_rating") is not None:
        turn.set("awaiting", None)
        _end(turn, "No problem." if is_decline(turn.text) else "Okay.")
        return
    turn.set("csat_rating", float(rating))
    if turn.is_voice:
        turn.set("awaiting", None)
        _end(turn, "Thank you for your rating.")
        return
    turn.set("awaiting", COMMENT_STEP)
    question = ("Thanks. Sorry it wasn't better: what could we have done better?"
                if rating <= LOW_RATING else "Thank you! Is there anything you'd like to add?")
    turn.say(f"{question} Type a comment, or skip.",
             buttons=[{"title": "Skip", "payload": "skip"}])


def _take_comment(turn: Turn) -> None:
    turn.set("awaiting", None)
    text = turn.text.strip()
    if not text or is_decline(text):
        _end(turn, "Thanks for your rating.")
        return
    turn.set("csat_comment", text[:MAX_COMMENT_CHARS])
    _end(turn, "Thank you for your feedback, it helps us improve.")


def _end(turn: Turn, text: str) -> None:
    if turn.slot("csat_context") == "goodbye":
        turn.say(f"{text} Goodbye, and have a great day!")
        if turn.is_voice:
            turn.control(hangup=True)
    else:
        turn.say(f"{text} Is there anything else I can help you with?")
