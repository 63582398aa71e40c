"""Natural dialogue around the journeys: references to the orders just listed and
corrections, a request put off while another is answered first (a topic switch during the
PIN question, the second of two questions in one message), and messages a person should
answer (anger, urgency, damage, changes the bot cannot make).

TurnAction.run (actions/entry_points.py) calls these before and after each action's own
step, so every intent gets them, by chat and by voice alike.
"""

from __future__ import annotations

import re
from typing import Any

from actions import journeys, self_service
from actions.disclosure import has_identity, is_verified
from actions.turn import Turn
from helpdesk import wording
from helpdesk.conversation.references import is_correction, looks_like_reference, resolve
from helpdesk.conversation.state import Awaiting, Entity, Intent, PendingRequest, Slot
from helpdesk.privacy.pins import mentions_pin
from helpdesk.text import asks
from helpdesk.text.escalation import DAMAGED, damage_word, escalation_reason

# A correction by number ("sorry, I meant 5003") is short; a longer message is a new one.
CORRECTION_WORDS = 8
# The intents that ask for a lookup, and the request each is.
REQUEST_OF_INTENT = {
    Intent.CHECK_ORDER_STATUS: PendingRequest.ORDER_STATUS.value,
    Intent.CHECK_SHIPMENT: PendingRequest.SHIPMENT.value,
    Intent.CHECK_BALANCE: PendingRequest.BALANCE.value,
}
_BACK_TO = {
    PendingRequest.ORDER_STATUS.value: "Now, back to your order question.",
    PendingRequest.SHIPMENT.value: "Now, back to your delivery question.",
    PendingRequest.BALANCE.value: "Now, about your balance.",
}


# --- references and corrections ----------------------------------------------------------
def follow_reference(turn: Turn) -> bool:
    """The message picks one of the orders the bot listed ("the backpack", "the second
    one", "the one from November 2"), or corrects the pick ("sorry, I meant 1045", "no, the
    other one"): answer the listed request for it. False when it does neither."""
    if asks.asks_for_change(turn.text):
        return False  # "no, cancel the backpack": the cancellation's own (self_service)
    if turn.slot(Slot.AWAITING) == Awaiting.ORDER_CHOICE:
        return journeys.handle_order_choice(turn)
    listed = list(turn.slot(Slot.LISTED_ORDERS) or [])
    if turn.slot(Slot.AWAITING):
        return False
    if not listed:
        return correct_named_order(turn)
    if not is_verified(turn):
        return False
    if not (looks_like_reference(turn.text) or is_correction(turn.text)):
        return False
    orders = journeys.listed_views(turn, listed)
    current = turn.slot(Slot.LAST_ORDER_NUMBER)
    reference = resolve(turn.text, [journeys.listed_order(o) for o in orders], current=current)
    request = turn.slot(Slot.LAST_REQUEST) or PendingRequest.ORDER_STATUS.value
    if reference.order_id:
        journeys.answer_picked_order(turn, request, reference.order_id)
        return True
    if reference.ambiguous:
        fits = [o for o in orders if o.order_id in reference.candidates]
        journeys.list_orders(turn, request, fits, "Which of the others do you mean?")
        return True
    return False


def correct_named_order(turn: Turn) -> bool:
    """"Sorry, I meant 5003" after an answer about an order the customer named (nothing
    listed): the same question for the number now given. The number is named, so what may
    be said is what a question naming it would get."""
    last = turn.slot(Slot.LAST_ORDER_NUMBER)
    if (not last or not has_identity(turn) or not is_correction(turn.text)
            or len(turn.text.split()) > CORRECTION_WORDS or mentions_pin(turn.text)
            or turn.entity(Entity.TRACKING_NUMBER)):
        return False
    number = journeys.order_number_in(turn)
    if number is None or number == last or _inside_a_word(number, turn.text):
        return False
    request = turn.slot(Slot.LAST_REQUEST) or PendingRequest.ORDER_STATUS.value
    journeys.answer_picked_order(turn, request, number)
    return True


def _inside_a_word(number: str, text: str) -> bool:
    """NUMBER is part of another identifier in TEXT ("K-500", "1Z111AA...")."""
    return bool(re.search(rf"[\w-]{re.escape(number)}|{re.escape(number)}[^\W\d]", text))


# --- requests put off, and taken up again ---------------------------------------------------
def defer(turn: Turn, request: str, **values: str | None) -> None:
    """Remember REQUEST (with its order number, tracking number or account kind) to take up
    once nothing else is awaited."""
    turn.set(Slot.DEFERRED_REQUEST, {"request": request, **{k: v for k, v in values.items()
                                                            if v}})


def defer_switched_topic(turn: Turn) -> None:
    """A new request while the PIN is asked ("actually, where is my order first?") is no
    wrong PIN: the pending request waits and comes back after the new one."""
    pending = turn.slot(Slot.PENDING_REQUEST)
    asked = REQUEST_OF_INTENT.get(turn.intent or "")
    if turn.slot(Slot.AWAITING) != Awaiting.PIN or not pending or not asked or asked == pending:
        return
    defer(turn, pending, order_number=turn.slot(Slot.PENDING_ORDER_NUMBER),
          tracking_number=turn.slot(Slot.PENDING_TRACKING_NUMBER),
          account_kind=turn.slot(Slot.PENDING_ACCOUNT_KIND))


def defer_second_question(turn: Turn) -> None:
    """Two questions in one message ("where is order 1042 and how many points do I have"):
    the intent's action answers the first, the second is deferred to right after it."""
    if mentions_pin(turn.text):  # "my pin is 2468, what are my points": no order 2468
        return
    first = REQUEST_OF_INTENT.get(turn.intent or "")
    second = asks.second_request(turn.text, first) if first else None
    if second is None:
        return
    if second == asks.BALANCE:
        defer(turn, second, account_kind=turn.entity(Entity.ACCOUNT_KIND))
    else:
        defer(turn, second, order_number=journeys.order_number_in(turn),
              tracking_number=turn.entity(Entity.TRACKING_NUMBER))


def take_up_deferred(turn: Turn) -> None:
    """Once nothing is awaited (and no person is taking over), answer the deferred request."""
    deferred: dict[str, Any] | None = turn.slot(Slot.DEFERRED_REQUEST)
    if not isinstance(deferred, dict) or turn.slot(Slot.AWAITING) or turn.slot(
            Slot.HANDOFF_REQUESTED):
        return
    turn.set(Slot.DEFERRED_REQUEST, None)
    request = deferred.get("request")
    if request not in _BACK_TO:
        return
    turn.say(_BACK_TO[request])
    if request == PendingRequest.BALANCE.value:
        journeys.answer_balance(turn, deferred.get("account_kind"))
    elif request == PendingRequest.SHIPMENT.value:
        journeys.answer_shipment(turn, deferred.get("order_number"),
                                 deferred.get("tracking_number"))
    else:
        journeys.answer_order_status(turn, deferred.get("order_number"))


# --- messages for a person -----------------------------------------------------------------
def escalate(turn: Turn) -> bool:
    """Anger, urgency, repeated contact or a damaged delivery: a person takes over (a
    callback lead when nobody is free), with the reason in the handoff. A damaged delivery
    the customer asks to return ("my order 1042 arrived damaged, I want to return it"),
    with nothing else for a person, starts that return instead."""
    reason = escalation_reason(turn.text)
    if reason is None:
        return False
    damage = damage_word(turn.text)
    if (reason == DAMAGED and damage and asks.asks_for_return(turn.text)
            and escalation_reason(turn.text, damage=False) is None):
        self_service.start_damage_return(turn, damage)
        return True
    journeys.hand_over_now(turn, wording.ESCALATION_PREAMBLES[reason], reason=reason)
    return True


def hand_over_unsupported(turn: Turn) -> bool:
    """An order change the bot cannot make ("can I exchange these for a bigger size") is
    no lookup: a person takes it."""
    if not asks.unsupported_request(turn.text):
        return False
    journeys.hand_over_now(turn, wording.UNSUPPORTED_REQUEST, reason="unsupported_request")
    return True
