"""CSAT: at the end of a conversation the bot resolved, and after an agent closes a
handoff, ask for a 1–5 rating and an optional comment.

Declining ends it politely; a conversation (one Rasa session) is rated at most once: the
rating and comment are slots of the session (`csat_rating`, `csat_comment`), which the
analytics recorder stores with the conversation.
"""

from __future__ import annotations

from actions.turn import Turn
from helpdesk.conversation.contracts import hang_up
from helpdesk.conversation.events import latest_session, user_intents
from helpdesk.conversation.state import Awaiting, Intent, Slot
from helpdesk.text.ratings import LOW_RATING, is_decline, parse_rating

RATING_STEP = Awaiting.CSAT_RATING
COMMENT_STEP = Awaiting.CSAT_COMMENT
MAX_COMMENT_CHARS = 1000
# Requests the bot answers itself: a session with one of these (and no handoff) was
# resolved by the bot.
ANSWERED_INTENTS = {Intent.CHECK_ORDER_STATUS, Intent.CHECK_SHIPMENT, Intent.CHECK_BALANCE,
                    Intent.FAQ}
RATING_BUTTONS = [{"title": str(n), "payload": str(n)} for n in range(1, 6)]
DECLINE_BUTTON = {"title": "No thanks", "payload": "no thanks"}


def bot_resolved(turn: Turn) -> bool:
    """The session answered a request and never went to a person."""
    intents = set(user_intents(latest_session(turn.tracker.events)))
    return bool(intents & ANSWERED_INTENTS) and not handed_over(turn)


def handed_over(turn: Turn) -> bool:
    return any(event.get("event") == "slot" and event.get("name") == Slot.HANDOFF_REQUESTED
               and event.get("value") for event in latest_session(turn.tracker.events))


def may_ask(turn: Turn) -> bool:
    return not turn.slot(Slot.CSAT_ASKED) and turn.slot(Slot.CSAT_RATING) is None


def ask(turn: Turn, context: str, lead_in: str = "") -> None:
    """Ask for the rating; CONTEXT says what follows it ("goodbye" ends the conversation)."""
    turn.set(Slot.CSAT_ASKED, True)
    turn.set(Slot.CSAT_CONTEXT, context)
    turn.set(Slot.AWAITING, RATING_STEP)
    if turn.is_voice:
        question = ("Before you go, how would you rate this call? Press or say a number "
                    "from 1, poor, to 5, excellent, or say no thanks.")
        turn.say(f"{lead_in} {question}".strip(), buttons=RATING_BUTTONS)
    else:
        question = ("How would you rate this conversation, from 1 (poor) to 5 (excellent)?")
        turn.say(f"{lead_in} {question}".strip(), buttons=[*RATING_BUTTONS, DECLINE_BUTTON])


def handle(turn: Turn) -> None:
    """The customer's answer to the rating or the comment question."""
    step = turn.slot(Slot.AWAITING)
    if step == COMMENT_STEP:
        _take_comment(turn)
        return
    rating = parse_rating(turn.text)
    if rating is None or turn.slot(Slot.CSAT_RATING) is not None:
        turn.set(Slot.AWAITING, None)
        _end(turn, "No problem." if is_decline(turn.text) else "Okay.")
        return
    turn.set(Slot.CSAT_RATING, float(rating))
    if turn.is_voice:
        turn.set(Slot.AWAITING, None)
        _end(turn, "Thank you for your rating.")
        return
    turn.set(Slot.AWAITING, COMMENT_STEP)
    question = ("Thanks. Sorry it wasn't better: what could we have done better?"
                if rating <= LOW_RATING else "Thank you! Is there anything you'd like to add?")
    turn.say(f"{question} Type a comment, or skip.",
             buttons=[{"title": "Skip", "payload": "skip"}])


def _take_comment(turn: Turn) -> None:
    turn.set(Slot.AWAITING, None)
    text = turn.text.strip()
    if not text or is_decline(text):
        _end(turn, "Thanks for your rating.")
        return
    turn.set(Slot.CSAT_COMMENT, text[:MAX_COMMENT_CHARS])
    _end(turn, "Thank you for your feedback, it helps us improve.")


def _end(turn: Turn, text: str) -> None:
    if turn.slot(Slot.CSAT_CONTEXT) == "goodbye":
        turn.say(f"{text} Goodbye, and have a great day!")
        if turn.is_voice:
            turn.control(hang_up())
    else:
        turn.say(f"{text} Is there anything else I can help you with?")
