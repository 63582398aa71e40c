"""The self-service journeys: cancel an order, start a return, change an order's delivery
address, update the email or phone number.

Every change needs a verified customer (CONTRACT §4): the request waits (`pending_request`)
while the bot asks who they are and for the PIN (actions/journeys.py), then resumes here.
Each change is read back and made only after a "yes"; the change itself, its rules and its
records are the order service's (helpdesk/crm/order_service.py). The questions asked on the
way are Awaiting states of their own (`change_*`, routed by
helpdesk.conversation.state.route to `action_change_step`), with the change being asked
about in the `change_draft` slot. A question holds for the next message only: the draft
remembers when it was asked, so a "yes" after another topic changes nothing. A damaged
delivery the customer asks to send back starts a return with the damage as its reason
(`start_damage_return`, from actions/dialogue.escalate); an order just listed can be named
by item or position ("cancel the backpack").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from actions import change_messages as say
from actions import faq_answers, journeys
from actions.disclosure import has_identity, is_verified
from actions.turn import Turn
from helpdesk import wording
from helpdesk.config import get_settings
from helpdesk.conversation.references import resolve
from helpdesk.conversation.state import Awaiting, Entity, Intent, PendingRequest, Slot
from helpdesk.crm import lookups, order_service
from helpdesk.crm.lookups import OrderView
from helpdesk.crm.order_service import ChangeContext, Outcome, Refusal
from helpdesk.text import yes_no
from helpdesk.text.addresses import clean_address
from helpdesk.text.escalation import DAMAGED
from helpdesk.text.spoken_numbers import extract_choice, extract_order_number

CANCEL, RETURN, ADDRESS, CONTACT = (PendingRequest.CANCEL_ORDER, PendingRequest.RETURN_ORDER,
                                    PendingRequest.CHANGE_ADDRESS,
                                    PendingRequest.UPDATE_CONTACT)
KIND_OF = {CANCEL.value: "cancel", RETURN.value: "return", ADDRESS.value: "address"}
ORDERS_LOOKED_AT = 10  # the customer's newest orders, when none is named
ORDERS_OFFERED = 5
MAX_TRIES = 2  # a question asked again once, then the change is dropped
YES_NO_BUTTONS = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
_EMAIL_WORDS = re.compile(r"\b(e-?mail|e mail|mail address)\b", re.I)
_PHONE_WORDS = re.compile(r"\b(phone|mobile|cell|telephone|number)\b", re.I)
# A request to change contact details says so; a bare email or number is who they are.
_CHANGE_WORDS = re.compile(r"\b(chang\w*|updat\w*|new|replac\w*|wrong|different|switch\w*|"
                           r"moved|old|correct\w*|fix|put|edit|modify|swap)\b", re.I)
_REFERS_BACK = re.compile(r"\b(it|that|this|that one|this one)\b", re.I)
# "can i return shoes", "how do i cancel an order", "what is your return policy": a question
# about the rules, not about one of the customer's own orders.
_QUESTION_START = re.compile(r"^\W*(can|could|may|do|does|how|what|when|why|is|are|which|"
                             r"will|until)\b", re.I)
_PERSONAL = re.compile(r"\b(my|mine|me|it|this|that|these|those|our|ours)\b", re.I)


# --- starting a change -----------------------------------------------------------------------
def is_policy_question(text: str) -> bool:
    """A general question about cancelling, returns or delivery changes, answered from the
    knowledge base; a question naming or pointing at an order of theirs is a request."""
    return bool(_QUESTION_START.search(text) and not _PERSONAL.search(text)
                and extract_order_number(text) is None)


def start(turn: Turn, request: PendingRequest, reason: str | None = None) -> None:
    """A new change request (the intent's action): identify and verify first, then go on.
    A general question about the rules ("can i return shoes") gets the FAQ's answer.
    REASON: a return's reason the message already gave (see `start_damage_return`)."""
    if (request is not CONTACT and reason is None and is_policy_question(turn.text)
            and faq_answers.answer_from_knowledge_base(turn)):
        return
    journeys.finish_request(turn)
    turn.clear(Slot.CHANGE_DRAFT)
    order_number = None
    if request is RETURN and reason:
        turn.set(Slot.CHANGE_DRAFT, {"kind": "return", "reason": reason})
    if request is CONTACT:
        field = contact_field(turn.text)
        if field:
            turn.set(Slot.CHANGE_DRAFT, {"kind": field, "text": turn.text})
    else:
        order_number = journeys.order_number_in(turn) or listed_pick(turn)
        if order_number is None and _REFERS_BACK.search(turn.text):
            order_number = turn.slot(Slot.LAST_ORDER_NUMBER)  # "cancel it" after a status
    if request is CONTACT and not has_identity(turn):
        # The email or phone in this message is the new one, never who they are.
        journeys.wait_for(turn, Awaiting.IDENTITY, request, {})
        turn.say(say.IDENTIFY_FIRST)
        return
    if not journeys.ensure_identified(turn, request, pending_order_number=order_number):
        return
    if not is_verified(turn):
        journeys.ask_for_pin(turn, request, pending_order_number=order_number)
        return
    go_on(turn, request.value, order_number)


def listed_pick(turn: Turn) -> str | None:
    """"Cancel the backpack", "return the second one" after the bot listed orders: the
    listed order the request names (lists are shown to verified customers only)."""
    listed = list(turn.slot(Slot.LISTED_ORDERS) or [])
    if not listed or not is_verified(turn):
        return None
    orders = [journeys.listed_order(o) for o in journeys.listed_views(turn, listed)]
    return resolve(turn.text, orders, current=turn.slot(Slot.LAST_ORDER_NUMBER)).order_id


def start_damage_return(turn: Turn, damage: str) -> None:
    """"My order 1042 arrived damaged, I want to return it": the return journey with the
    damage as its reason, so no reason is asked; it is still read back for a yes. Where
    the order was not delivered by the shop's records, a person takes it (`for_order`)."""
    start(turn, RETURN, reason=f"it arrived {damage}")


def given_reason(turn: Turn) -> dict[str, str]:
    """The return reason the request itself gave ({"reason": ...}), kept in the draft
    while the customer is identified and picks the order; {} when none was given. Only a
    damage complaint gives one (`start_damage_return`), so an order that cannot be taken
    back then goes to a person, as that complaint would have."""
    draft = turn.slot(Slot.CHANGE_DRAFT) or {}
    reason = draft.get("reason") if draft.get("kind") == "return" else None
    return {"reason": str(reason)} if reason else {}


def resume(turn: Turn) -> None:
    """The customer is identified (and maybe verified) now: the pending change goes on."""
    request = turn.slot(Slot.PENDING_REQUEST)
    order_number = turn.slot(Slot.PENDING_ORDER_NUMBER)
    if not is_verified(turn):
        journeys.ask_for_pin(turn, request, pending_order_number=order_number)
        return
    journeys.finish_request(turn)
    go_on(turn, request, order_number)


def go_on(turn: Turn, request: str, order_number: str | None) -> None:
    if request == CONTACT:
        ask_contact_value(turn)
    elif order_number:
        for_order(turn, KIND_OF[request], order_number)
    else:
        pick_order(turn, KIND_OF[request])


def asks_for_contact_change(text: str) -> bool:
    """Whether TEXT asks to change a contact detail ("my new email is ...") rather than
    just stating one, which identifies the customer (the NLU was seen to file a bare email
    under update_contact)."""
    words = re.sub(r"\S*@\S*|\+?\d[\d\s().-]*", " ", text)  # not "new" in lin.new@...
    return bool(_CHANGE_WORDS.search(words))


def contact_field(text: str) -> str | None:
    """"email" or "phone", from the words or from a value in TEXT; None if neither."""
    if _EMAIL_WORDS.search(text) or "@" in text:
        return "email"
    if _PHONE_WORDS.search(text):
        return "phone"
    return None


# --- the questions ----------------------------------------------------------------------------
def user_messages(turn: Turn) -> int:
    return sum(1 for event in turn.tracker.events if event.get("event") == "user")


def ask(turn: Turn, awaiting: Awaiting, draft: dict[str, Any], text: str,
        buttons: list[dict[str, str]] | None = None) -> None:
    """Ask the next question of a change; the draft notes when (see the module doc)."""
    turn.set(Slot.CHANGE_DRAFT, {**draft, "asked_at": user_messages(turn)})
    turn.set(Slot.AWAITING, awaiting)
    turn.say(text, buttons=buttons)


def drop(turn: Turn, text: str = say.NOTHING_CHANGED) -> None:
    turn.clear(Slot.CHANGE_DRAFT, Slot.AWAITING, Slot.ORDER_CHOICES)
    turn.say(text)


def context(turn: Turn) -> ChangeContext:
    return ChangeContext(turn.tracker.sender_id or "", turn.channel)


def customer(turn: Turn) -> str:
    return str(turn.slot(Slot.CUSTOMER_ID) or "")


def eligible(kind: str, order: OrderView, today: dt.date) -> bool:
    """Whether the change KIND is possible for ORDER (to offer it in a list)."""
    if kind == "cancel":
        return order_service.cancel_refusal(order.status) is None
    if kind == "address":
        return order_service.address_refusal(order.status) is None
    return order.status == "delivered" and order_service.return_refusal(
        order.status, order_service.delivered_on(order), today, window_days(),
        order_service.order_return(order.order_id) is not None) is None


def pick_order(turn: Turn, kind: str) -> None:
    """No order named: the only one the change fits, else a list of those it fits."""
    orders = lookups.recent_orders(customer(turn), ORDERS_LOOKED_AT)
    today = dt.datetime.now(dt.timezone.utc).date()
    fits = [o for o in orders if eligible(kind, o, today)][:ORDERS_OFFERED]
    if not orders:
        drop(turn, say.NO_ORDERS)
    elif not fits and given_reason(turn):
        damage_to_person(turn)
    elif not fits:
        drop(turn, say.none_eligible(kind))
    elif len(fits) == 1:
        for_order(turn, kind, fits[0].order_id)
    else:
        turn.set(Slot.ORDER_CHOICES, [o.order_id for o in fits])
        buttons = [{"title": say.order_line(o)[:80],
                    "payload": f'/inform{{"order_number":"{o.order_id}"}}'} for o in fits]
        ask(turn, Awaiting.CHANGE_ORDER, {"kind": kind, **given_reason(turn)},
            say.which_order(kind, fits, turn.is_voice), buttons)


def for_order(turn: Turn, kind: str, order_number: str) -> None:
    """Check the change of the named order; ask the next question, or say why not."""
    turn.clear(Slot.ORDER_CHOICES)
    if kind == "cancel":
        checked = order_service.check_cancel(customer(turn), order_number)
    elif kind == "address":
        checked = order_service.check_address_change(customer(turn), order_number)
    else:
        checked = order_service.check_return(customer(turn), order_number, window_days())
    given = given_reason(turn) if kind == "return" else {}
    if checked.order is not None:
        turn.set(Slot.LAST_ORDER_NUMBER, checked.order.order_id)
    if given and checked.refusal is Refusal.NOT_DELIVERED:
        damage_to_person(turn)  # "it arrived damaged", but the records say not delivered
        return
    if not checked.ok or checked.order is None:
        refuse(turn, kind, order_number, checked)
        return
    order = checked.order
    draft = {"kind": kind, "order_id": order.order_id}
    if kind == "cancel":
        ask(turn, Awaiting.CHANGE_CONFIRM, draft, say.confirm_cancel(order), YES_NO_BUTTONS)
    elif kind == "address":
        ask(turn, Awaiting.NEW_ADDRESS, draft, say.ASK_ADDRESS)
    elif given:
        ask(turn, Awaiting.CHANGE_CONFIRM, {**draft, **given},
            say.confirm_return(order, given["reason"]), YES_NO_BUTTONS)
    else:
        ask(turn, Awaiting.RETURN_REASON, {**draft, "kind": "return"}, say.ASK_REASON)


def damage_to_person(turn: Turn) -> None:
    """A damaged delivery the bot cannot take back as a return goes to a person, as any
    damage complaint does (helpdesk/text/escalation.py)."""
    turn.clear(Slot.CHANGE_DRAFT, Slot.AWAITING, Slot.ORDER_CHOICES)
    journeys.hand_over_now(turn, wording.ESCALATION_PREAMBLES[DAMAGED], reason=DAMAGED)


def window_days() -> int:
    return get_settings().return_window_days


def refuse(turn: Turn, kind: str, order_number: str, checked: Outcome) -> None:
    """Say why not; a delivered order offers a return, an old one a person."""
    turn.clear(Slot.CHANGE_DRAFT, Slot.AWAITING)
    order = checked.order
    if checked.refusal is Refusal.OUTSIDE_WINDOW and order is not None:
        journeys.offer_human(turn, say.outside_window(
            order, order_service.delivered_on(order), checked.deadline, window_days()),
            reason="return_outside_window")
        return
    text = say.refused(checked, order_number, kind)
    if checked.refusal is Refusal.DELIVERED and order is not None and kind == "cancel":
        ask(turn, Awaiting.CHANGE_CONFIRM, {"kind": "offer_return", "order_id": order.order_id},
            f"{text} Would you like to start a return instead?", YES_NO_BUTTONS)
        return
    turn.say(text)


def ask_contact_value(turn: Turn) -> None:
    """The new email or phone: from the first message if it held one, else asked."""
    draft = dict(turn.slot(Slot.CHANGE_DRAFT) or {})
    field = draft.get("kind")
    if field not in order_service.CONTACT_FIELDS:
        ask(turn, Awaiting.NEW_CONTACT, {"kind": None}, say.ASK_CONTACT_KIND)
        return
    if draft.get("text") and try_contact_value(turn, field, str(draft["text"]), quiet=True):
        return
    ask(turn, Awaiting.NEW_CONTACT, {"kind": field}, say.ask_contact(field))


def try_contact_value(turn: Turn, field: str, text: str, quiet: bool = False) -> bool:
    """Read the new value back for a yes, if TEXT holds a valid one; QUIET: say nothing
    when it holds none (the first message may name only what to change)."""
    checked = order_service.check_contact(customer(turn), field, text,
                                          get_settings().default_phone_region)
    if checked.refusal in (Refusal.INVALID_EMAIL, Refusal.INVALID_PHONE):
        if not quiet:
            retry(turn, Awaiting.NEW_CONTACT, say.invalid_contact(field))
        return False
    if checked.refusal is Refusal.SAME_VALUE:
        drop(turn, say.same_contact(field))
        return True
    if not checked.ok or checked.value is None:
        drop(turn, say.STILL_UNSURE)
        return True
    ask(turn, Awaiting.CHANGE_CONFIRM, {"kind": field, "value": checked.value},
        say.confirm_contact(field, checked.value), YES_NO_BUTTONS)
    return True


def retry(turn: Turn, awaiting: Awaiting, text: str) -> None:
    """Ask the same question again once; the second miss drops the change."""
    draft = dict(turn.slot(Slot.CHANGE_DRAFT) or {})
    tries = int(draft.get("tries") or 0) + 1
    if tries >= MAX_TRIES:
        drop(turn, say.STILL_UNSURE)
        return
    ask(turn, awaiting, {**draft, "tries": tries}, text)


# --- the answers (action_change_step) ----------------------------------------------------------
def handle_answer(turn: Turn) -> None:
    """The answer to the change question `awaiting` names."""
    draft = dict(turn.slot(Slot.CHANGE_DRAFT) or {})
    awaiting = turn.slot(Slot.AWAITING)
    if not draft or draft.get("asked_at") != user_messages(turn) - 1 or not is_verified(turn):
        drop(turn, say.STALE)
        return
    if awaiting == Awaiting.CHANGE_CONFIRM:
        confirm(turn, draft)
        return
    if turn.intent == Intent.DENY or yes_no.declines(turn.text):
        drop(turn)
        return
    STEPS[awaiting](turn, draft)


def answer_order_choice(turn: Turn, draft: dict[str, Any]) -> None:
    choices: list[str] = list(turn.slot(Slot.ORDER_CHOICES) or [])
    number = extract_order_number(turn.text, known=choices) or turn.entity(Entity.ORDER_NUMBER)
    if number not in choices:
        index = extract_choice(turn.text, len(choices))
        number = choices[index - 1] if index else None
    if number is None:
        retry(turn, Awaiting.CHANGE_ORDER, "Sorry, which order? Please say its number, or "
                                           "first, second and so on.")
        return
    for_order(turn, str(draft["kind"]), number)


def answer_reason(turn: Turn, draft: dict[str, Any]) -> None:
    reason = order_service.clean_reason(turn.text)
    order = lookups.order_for_customer(customer(turn), str(draft.get("order_id")))
    if order is None:
        drop(turn, say.STALE)
    elif reason is None:
        retry(turn, Awaiting.RETURN_REASON, say.ASK_REASON_AGAIN)
    else:
        ask(turn, Awaiting.CHANGE_CONFIRM, {**draft, "reason": reason, "tries": 0},
            say.confirm_return(order, reason), YES_NO_BUTTONS)


def answer_address(turn: Turn, draft: dict[str, Any]) -> None:
    address = clean_address(turn.text)
    order = lookups.order_for_customer(customer(turn), str(draft.get("order_id")))
    if order is None:
        drop(turn, say.STALE)
    elif address is None:
        retry(turn, Awaiting.NEW_ADDRESS, say.INVALID_ADDRESS)
    else:
        ask(turn, Awaiting.CHANGE_CONFIRM, {**draft, "value": address, "tries": 0},
            say.confirm_address(order, address), YES_NO_BUTTONS)


def answer_contact(turn: Turn, draft: dict[str, Any]) -> None:
    field = draft.get("kind") or contact_field(turn.text)
    if field not in order_service.CONTACT_FIELDS:
        retry(turn, Awaiting.NEW_CONTACT, say.ASK_CONTACT_KIND)
        return
    if not draft.get("kind"):  # "my email": now the value
        if not try_contact_value(turn, field, turn.text, quiet=True):
            ask(turn, Awaiting.NEW_CONTACT, {"kind": field}, say.ask_contact(field))
        return
    try_contact_value(turn, field, turn.text)


def confirm(turn: Turn, draft: dict[str, Any]) -> None:
    """Yes: make the change; anything else changes nothing. A yes that also says something
    is wrong ("yes, not right", "yeah no") is no yes: a change is made only on a plain one."""
    yes = (turn.intent == Intent.AFFIRM or (
        turn.intent != Intent.DENY and yes_no.is_yes(turn.text))) and not yes_no.in_doubt(
        turn.text)
    if not yes:
        order_id = draft.get("order_id")
        drop(turn, f"{say.NOTHING_CHANGED} Order {order_id} stays as it is."
             if order_id and draft.get("kind") != "offer_return" else say.NOTHING_CHANGED)
        return
    turn.clear(Slot.CHANGE_DRAFT, Slot.AWAITING)
    CHANGES[str(draft.get("kind"))](turn, draft)


def make_cancel(turn: Turn, draft: dict[str, Any]) -> None:
    outcome = order_service.cancel_order(customer(turn), str(draft["order_id"]), context(turn))
    if outcome.ok and outcome.order:
        turn.say(say.cancelled(outcome.order, outcome.old_value))
    else:
        refuse(turn, "cancel", str(draft["order_id"]), outcome)


def offer_return(turn: Turn, draft: dict[str, Any]) -> None:
    for_order(turn, "return", str(draft["order_id"]))


def make_return(turn: Turn, draft: dict[str, Any]) -> None:
    outcome = order_service.start_return(customer(turn), str(draft["order_id"]),
                                         str(draft.get("reason") or ""), context(turn),
                                         window_days())
    if outcome.ok and outcome.order and outcome.rma:
        turn.say(say.return_started(outcome.order, outcome.rma, turn.is_voice))
    else:
        refuse(turn, "return", str(draft["order_id"]), outcome)


def make_address_change(turn: Turn, draft: dict[str, Any]) -> None:
    outcome = order_service.change_address(customer(turn), str(draft["order_id"]),
                                           str(draft.get("value") or ""), context(turn))
    if outcome.ok and outcome.order and outcome.value:
        turn.say(say.address_changed(outcome.order, outcome.value))
    elif outcome.refusal is Refusal.SAME_VALUE:
        turn.say("That's already the delivery address of the order, so nothing needs to change.")
    else:
        refuse(turn, "address", str(draft["order_id"]), outcome)


def make_contact_update(turn: Turn, draft: dict[str, Any]) -> None:
    field = str(draft["kind"])
    outcome = order_service.update_contact(customer(turn), field, str(draft.get("value") or ""),
                                           context(turn), get_settings().default_phone_region)
    if outcome.ok and outcome.value:
        turn.say(say.contact_changed(field, outcome.value))
    elif outcome.refusal is Refusal.SAME_VALUE:
        turn.say(say.same_contact(field))
    elif outcome.refusal is Refusal.UNAVAILABLE_VALUE:
        journeys.offer_human(turn, say.unavailable_contact(field), reason="contact_change")
    else:
        turn.say(say.invalid_contact(field))


STEPS: dict[str, Callable[[Turn, dict[str, Any]], None]] = {
    Awaiting.CHANGE_ORDER.value: answer_order_choice,
    Awaiting.RETURN_REASON.value: answer_reason,
    Awaiting.NEW_ADDRESS.value: answer_address,
    Awaiting.NEW_CONTACT.value: answer_contact,
}
CHANGES: dict[str, Callable[[Turn, dict[str, Any]], None]] = {
    "cancel": make_cancel, "return": make_return, "offer_return": offer_return,
    "address": make_address_change, "email": make_contact_update, "phone": make_contact_update,
}


for _request in (CANCEL, RETURN, ADDRESS, CONTACT):
    journeys.RESUMERS[_request.value] = resume
