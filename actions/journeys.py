"""The conversation steps the actions share: identify, verify, and answer each request.

Each step reads and writes the Turn; an action class is a thin entry point to one of them.
The `awaiting` slot says what the bot last asked for, `pending_request` what it will do
once it has it. What may be said follows the disclosure tiers (actions/disclosure.py,
CONTRACT §4): a claimed customer hears about the orders they name, a verified one also
gets order lists and balances; a claim that matches no customer gets the same answers as
one that does.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from actions import change_notes, faq_answers, heard_numbers, heard_phones, messages
from actions.disclosure import has_identity, is_verified
from actions.handoff_steps import hand_over
from actions.identification import Claim, accept_claim, find_claim, phone_claim
from actions.turn import Turn
from helpdesk import wording
from helpdesk.config import get_settings
from helpdesk.conversation.references import ListedOrder, looks_like_reference, resolve
from helpdesk.conversation.state import (
    Awaiting,
    Entity,
    Handler,
    Intent,
    PendingRequest,
    Slot,
    route,
)
from helpdesk.crm import lookups, pin_lockout
from helpdesk.crm.lookups import OrderView, ShipmentView
from helpdesk.crm.pin_lockout import AttemptOutcome
from helpdesk.privacy.pii import without_cards
from helpdesk.privacy.pins import mentions_pin
from helpdesk.text.spoken_numbers import extract_order_number, extract_pin

ORDER_STATUS, SHIPMENT, BALANCE = (
    PendingRequest.ORDER_STATUS, PendingRequest.SHIPMENT, PendingRequest.BALANCE)
MAX_IDENTIFY_ATTEMPTS = 3
# An "inform" of more words than this that gives no value is a question the bot cannot
# answer, not a value it failed to use.
NO_VALUE_WORDS = 4
# A delivery question asked together with the identifier ("my number is ..., has order 8001
# shipped"): answered with the parcel, not the order.
_DELIVERY_WORDS = re.compile(r"\b(ship\w*|deliver\w*|parcel|package|track\w*|arriv\w*)\b", re.I)


# --- identification ------------------------------------------------------------------------
def wait_for(turn: Turn, awaiting: Awaiting, pending: str,
             pending_values: dict[str, str | None]) -> None:
    """Ask for AWAITING next, remembering the request PENDING (and its values) to resume."""
    turn.set(Slot.PENDING_REQUEST, pending)
    for name, value in pending_values.items():
        turn.set(name, value)
    turn.set(Slot.AWAITING, awaiting)


def ensure_identified(turn: Turn, pending: str, **pending_values: str | None) -> bool:
    """True when the customer is known or claimed (a stated identifier in this message
    counts); otherwise remember the request and ask who they are."""
    if has_identity(turn):
        return True
    claim = find_claim(turn, expecting_identity=False)
    doubt = heard_phones.doubt_about_claim(turn, claim) if claim else None
    if claim and doubt is None:
        accept_claim(turn, claim)
        return True
    if claim and doubt and doubt.kind == "unsure":  # read back first: nothing claimed yet
        wait_for(turn, Awaiting.PHONE_NUMBER_CONFIRM, pending, pending_values)
        heard_phones.read_back(turn, claim.value, Awaiting.PHONE_NUMBER_CONFIRM)
        return False
    wait_for(turn, Awaiting.IDENTITY, pending, pending_values)
    if turn.is_voice:
        turn.say("I can help with that. First, what's the phone number or email on your account?")
    else:
        turn.say("I can help with that. First, what's the phone number, email or customer ID "
                 "on your account?")
    return False


def handle_identity(turn: Turn) -> None:
    """The answer to "who are you". Known or not, a stated identifier gets "Thanks." and
    the request goes on: nothing tells whether it matched a customer. On a call, a phone
    number heard unsurely is read back first, and digits that make no whole number are
    read back and asked again (actions/heard_phones.py)."""
    claim = find_claim(turn, expecting_identity=True)
    doubt = heard_phones.doubt_about_claim(turn, claim)
    if claim and doubt and doubt.kind == "unsure":
        heard_phones.read_back(turn, claim.value, Awaiting.PHONE_NUMBER_CONFIRM)
        return
    if claim and doubt is None:
        accept_claim_and_go_on(turn, claim)
        return
    failures = int(turn.slot(Slot.IDENTIFY_FAILURES) or 0) + 1
    turn.set(Slot.IDENTIFY_FAILURES, float(failures))
    if failures >= MAX_IDENTIFY_ATTEMPTS:
        offer_human(turn, "I still don't have a phone number, email or customer ID to look "
                    "up.", reason="identification_failed")
        return
    turn.set(Slot.AWAITING, Awaiting.IDENTITY)
    turn.say(heard_phones.incomplete(doubt) if doubt else "To look that up I need the phone "
             "number, email or customer ID on your account.")


def accept_claim_and_go_on(turn: Turn, claim: Claim) -> None:
    """A stated identifier is taken: "Thanks.", and the pending request goes on (or the
    one the message itself asks about)."""
    accept_claim(turn, claim)
    turn.set(Slot.AWAITING, None)
    turn.say("Thanks.")
    if not turn.slot(Slot.PENDING_REQUEST):
        pend_request_named_with(turn, claim)
    resume_pending(turn)


def pend_request_named_with(turn: Turn, claim: Claim) -> None:
    """The identifier came with a question about an order or parcel it names (the NLU then
    sees only "inform"): make that the request to resume. A number that is part of the
    identifier itself (customer id "K-300") names no order."""
    tracking = turn.entity(Entity.TRACKING_NUMBER)
    if tracking:
        turn.set(Slot.PENDING_REQUEST, SHIPMENT)
        turn.set(Slot.PENDING_TRACKING_NUMBER, tracking)
        return
    number = order_number_in(turn)
    if number is None or number in claim.value or number in re.sub(r"\D", "", claim.value):
        return
    turn.set(Slot.PENDING_REQUEST, SHIPMENT if _DELIVERY_WORDS.search(turn.text) else ORDER_STATUS)
    turn.set(Slot.PENDING_ORDER_NUMBER, number)


# The pending requests of other journeys, each with the step that resumes it (filled by
# the module of that journey: actions/self_service.py for the self-service changes).
RESUMERS: dict[str, Callable[[Turn], None]] = {}


def resume_pending(turn: Turn) -> None:
    pending = turn.slot(Slot.PENDING_REQUEST)
    if pending == ORDER_STATUS:
        answer_order_status(turn, turn.slot(Slot.PENDING_ORDER_NUMBER))
    elif pending == SHIPMENT:
        answer_shipment(turn, turn.slot(Slot.PENDING_ORDER_NUMBER),
                        turn.slot(Slot.PENDING_TRACKING_NUMBER))
    elif pending == BALANCE:
        answer_balance(turn, turn.slot(Slot.PENDING_ACCOUNT_KIND))
    elif pending in RESUMERS:
        RESUMERS[pending](turn)
    else:
        turn.say("How can I help you today? I can check an order, track a delivery or look up "
                 "a balance.")


def finish_request(turn: Turn) -> None:
    turn.clear(Slot.PENDING_REQUEST, Slot.PENDING_ORDER_NUMBER, Slot.PENDING_TRACKING_NUMBER,
               Slot.PENDING_ACCOUNT_KIND, Slot.ORDER_CHOICES, Slot.AWAITING)


# --- orders and shipments --------------------------------------------------------------------
def order_number_in(turn: Turn) -> str | None:
    """The order number in the message. On voice, for a verified customer or a trusted
    caller ID, it is matched against the customer's own orders, so a digit misheard by
    speech-to-text still finds the order; otherwise numbers are taken as said or typed
    (snapping would reveal order numbers near a guess)."""
    customer_id = turn.slot(Slot.CUSTOMER_ID)
    known = (lookups.order_ids(customer_id)
             if turn.is_voice and heard_numbers.may_use_own_orders(turn) else None)
    raw = turn.entity(Entity.ORDER_NUMBER)
    # The NLU's entity adds a number the text hides (a synonym); a lone digit it picked out
    # of spoken words ("... thousand one" -> "1") would only add noise.
    useful = raw is not None and raw not in turn.text and sum(c.isdigit() for c in raw) >= 3
    text = f"{turn.text} {raw}" if useful else turn.text
    return extract_order_number(without_cards(text), known=known)


def own_order(turn: Turn, order_number: str) -> OrderView | None:
    """The named order if it is the customer's; None alike for someone else's, a missing
    one, and any order of a claim that matches no customer."""
    customer_id = turn.slot(Slot.CUSTOMER_ID)
    return lookups.order_for_customer(customer_id, order_number) if customer_id else None


def own_shipment(turn: Turn, tracking_number: str) -> ShipmentView | None:
    customer_id = turn.slot(Slot.CUSTOMER_ID)
    return lookups.shipment_for_customer(customer_id, tracking_number) if customer_id else None


def answer_order_status(turn: Turn, order_number: str | None) -> None:
    if order_number and heard_numbers.read_back_if_in_doubt(turn, order_number):
        turn.set(Slot.PENDING_REQUEST, ORDER_STATUS)
        return
    if not ensure_identified(turn, ORDER_STATUS, pending_order_number=order_number):
        return
    if order_number:
        order = own_order(turn, order_number)
        finish_request(turn)
        if order is None:
            turn.say(messages.order_not_found(order_number))
            return
        answered(turn, ORDER_STATUS, order.order_id)
        turn.say(change_notes.order_status(order))
        return
    pick_or_answer(turn, ORDER_STATUS)


def answer_shipment(turn: Turn, order_number: str | None, tracking_number: str | None) -> None:
    if (order_number and not tracking_number
            and heard_numbers.read_back_if_in_doubt(turn, order_number)):
        turn.set(Slot.PENDING_REQUEST, SHIPMENT)
        return
    if not ensure_identified(turn, SHIPMENT, pending_order_number=order_number,
                             pending_tracking_number=tracking_number):
        return
    if tracking_number:
        shipment = own_shipment(turn, tracking_number)
        finish_request(turn)
        if shipment is None:
            turn.say(messages.tracking_not_found(tracking_number))
        else:
            answered(turn, SHIPMENT, shipment.order_id)
            turn.say(messages.shipment_status(shipment))
        return
    if order_number:
        order = own_order(turn, order_number)
        finish_request(turn)
        if order is None:
            turn.say(messages.order_not_found(order_number))
        else:
            say_delivery(turn, order)
        return
    pick_or_answer(turn, SHIPMENT)


def answered(turn: Turn, request: str, order_id: str) -> None:
    """The order an answer was about and the question it answered: what "it" and a
    correction ("sorry, I meant 5003") refer to. No `last_request` stands for an order
    status, so it is written only when that changes."""
    turn.set(Slot.LAST_ORDER_NUMBER, order_id)
    if (turn.slot(Slot.LAST_REQUEST) or ORDER_STATUS) != request:
        turn.set(Slot.LAST_REQUEST, request)


def say_delivery(turn: Turn, order: OrderView) -> None:
    answered(turn, SHIPMENT, order.order_id)
    if order.shipments:
        turn.say(messages.shipment_status(order.shipments[0]))
    else:
        turn.say(messages.not_shipped(order))


def pick_or_answer(turn: Turn, request: str) -> None:
    """No order number given. Verified: answer for the only order, or list the latest ones
    to pick. Claimed: ask for the order number, or offer the PIN to see the list."""
    if not is_verified(turn):
        ask_for_order_number(turn, request)
        return
    settings = get_settings()
    orders = lookups.recent_orders(turn.slot(Slot.CUSTOMER_ID), settings.recent_orders_listed)
    if not orders:
        finish_request(turn)
        turn.say("I can't see any orders on your account yet.")
        return
    if len(orders) == 1:
        finish_request(turn)
        answer_for_order(turn, request, orders[0])
        return
    on_its_way = [o for o in orders if _on_its_way(o)]
    if request == SHIPMENT and len(on_its_way) == 1:  # "where's my parcel": the one en route
        finish_request(turn)
        remember_listed(turn, request, orders)  # "sorry, I meant the boots": another of them
        turn.say(messages.only_parcel_on_its_way(on_its_way[0]))
        say_delivery(turn, on_its_way[0])
        return
    list_orders(turn, request, orders)


def _on_its_way(order: OrderView) -> bool:
    return any(s.status in ("label_created", "in_transit", "out_for_delivery", "exception")
               for s in order.shipments)


def list_orders(turn: Turn, request: str, orders: list[OrderView], note: str = "") -> None:
    """List ORDERS to pick one for REQUEST (buttons; "say one, two or three" on a call),
    and remember them for later references ("the backpack", "no, the other one")."""
    turn.set(Slot.PENDING_REQUEST, request)
    turn.set(Slot.ORDER_CHOICES, [o.order_id for o in orders])
    remember_listed(turn, request, orders)
    turn.set(Slot.AWAITING, Awaiting.ORDER_CHOICE)
    buttons = [{"title": f"{o.order_id} · {messages.short_date(o.placed_at)} · {o.items}"[:80],
                "payload": f'/inform{{"order_number":"{o.order_id}"}}'} for o in orders]
    text = (messages.which_of(orders, turn.is_voice, note) if note
            else messages.order_choices(orders, turn.is_voice))
    turn.say(text, buttons=buttons)


def remember_listed(turn: Turn, request: str, orders: list[OrderView]) -> None:
    """The orders a later reference or correction picks from ("the backpack", "no, the
    other one") and the question it asks again for the picked one (a delivery date stays a
    delivery date), kept after the answer (actions/dialogue.follow_reference)."""
    turn.set(Slot.LISTED_ORDERS, [o.order_id for o in orders])
    turn.set(Slot.LAST_REQUEST, request)


def ask_for_order_number(turn: Turn, request: str) -> None:
    """A claimed customer without an order number: which order, or the PIN for the list.
    ("yes" / the button starts the PIN; no keypad button on a call, where key 1 would
    swallow an order number starting with 1.)"""
    turn.set(Slot.PENDING_REQUEST, request)
    turn.set(Slot.AWAITING, Awaiting.ORDER_NUMBER)
    if turn.is_voice:
        turn.say(messages.ASK_ORDER_NUMBER_VOICE)
    else:
        turn.say(messages.ASK_ORDER_NUMBER_CHAT,
                 buttons=[{"title": "Verify me with my PIN", "payload": "/affirm"}])


def answer_named_order(turn: Turn, order_number: str) -> None:
    """The order number asked for by `ask_for_order_number`, for the pending request."""
    if turn.slot(Slot.PENDING_REQUEST) == SHIPMENT:
        answer_shipment(turn, order_number, None)
    else:
        answer_order_status(turn, order_number)


def answer_for_order(turn: Turn, request: str, order: OrderView) -> None:
    if request == SHIPMENT:
        say_delivery(turn, order)
    else:
        answered(turn, ORDER_STATUS, order.order_id)
        turn.say(change_notes.order_status(order))


def handle_order_choice(turn: Turn) -> bool:
    """The customer picked one of the listed orders; False when the message is no choice
    (or the verification that showed the list has ended)."""
    choices: list[str] = list(turn.slot(Slot.ORDER_CHOICES) or [])
    if not choices or not is_verified(turn):
        return False
    request = turn.slot(Slot.PENDING_REQUEST) or ORDER_STATUS
    number = extract_order_number(turn.text, known=choices) or turn.entity(Entity.ORDER_NUMBER)
    picked = number if number in choices else None
    if picked is None:
        orders = listed_views(turn, choices)
        reference = resolve(turn.text, [listed_order(o) for o in orders],
                            current=turn.slot(Slot.LAST_ORDER_NUMBER))
        picked = reference.order_id
        if picked is None and (reference.how or looks_like_reference(turn.text)):
            # A reference that fits none or several of them: ask again, never the same
            # list as if nothing had been said.
            fits = [o for o in orders if o.order_id in reference.candidates] or orders
            list_orders(turn, request, fits, messages.NOT_SURE_WHICH if len(fits) < len(
                orders) else messages.NONE_OF_THOSE)
            return True
    if picked is None:
        return False
    answer_picked_order(turn, request, picked)
    return True


def answer_picked_order(turn: Turn, request: str, picked: str) -> None:
    """Answer REQUEST for the order PICKED from a list (or named in a correction)."""
    order = own_order(turn, picked)
    finish_request(turn)
    if order is None:
        turn.say(messages.order_not_found(picked))
    else:
        answer_for_order(turn, request, order)


def listed_views(turn: Turn, order_ids: list[str]) -> list[OrderView]:
    """The customer's own orders among ORDER_IDS, in that order."""
    return [o for o in (own_order(turn, i) for i in order_ids) if o is not None]


def listed_order(order: OrderView) -> ListedOrder:
    return ListedOrder(order.order_id, order.placed_at, order.items)


# --- balances and the PIN ----------------------------------------------------------------------
def answer_balance(turn: Turn, account_kind: str | None) -> None:
    if not ensure_identified(turn, BALANCE, pending_account_kind=account_kind):
        return
    if not is_verified(turn):
        ask_for_pin(turn, BALANCE, pending_account_kind=account_kind)
        return
    accounts = lookups.accounts_for_customer(turn.slot(Slot.CUSTOMER_ID), account_kind)
    finish_request(turn)
    if accounts:
        turn.say(messages.balances(accounts))
        return
    if account_kind:
        others = lookups.accounts_for_customer(turn.slot(Slot.CUSTOMER_ID))
        text = f"You don't have a {messages.account_kind_name(account_kind)} account with us."
        turn.say(f"{text} {messages.balances(others)}" if others else text)
    else:
        turn.say("You don't have any balances or points accounts with us.")


def pin_subject(turn: Turn) -> str:
    """Where this conversation's PIN attempts count in the store: the customer, or for a
    claim that matches nobody its keyed hash (`claim_subject`, set with the claim), or,
    for a claim made before that slot existed, this conversation."""
    customer_id = turn.slot(Slot.CUSTOMER_ID)
    if customer_id:
        return pin_lockout.customer_subject(customer_id)
    subject = turn.slot(Slot.CLAIM_SUBJECT)
    if pin_lockout.is_claim_subject(subject):
        return subject
    return pin_lockout.claim_subject("conversation", turn.tracker.sender_id or "")


def pin_locked(turn: Turn) -> bool:
    """PIN verification is refused: the lock in the store (any conversation, any
    channel) of the customer, or of the identifier stated when it matches nobody."""
    return pin_lockout.subject_locked(pin_subject(turn))


def ask_for_pin(turn: Turn, pending: str, **pending_values: str | None) -> None:
    """Ask for the PIN for PENDING, or offer a person while PIN verification is locked."""
    if pin_locked(turn):
        finish_request(turn)
        offer_human(turn, messages.PIN_LOCKED, reason="verification_locked")
        return
    wait_for(turn, Awaiting.PIN, pending, pending_values)
    if turn.is_voice:
        turn.say("For your security, please say or key in your PIN.")
    else:
        turn.say("For your security, please type your PIN (4 to 6 digits).")


def handle_pin(turn: Turn) -> None:
    if not ensure_identified(turn, turn.slot(Slot.PENDING_REQUEST) or BALANCE):
        return
    if is_verified(turn):
        turn.set(Slot.AWAITING, None)
        if turn.slot(Slot.PENDING_REQUEST):
            resume_pending(turn)
        else:
            turn.say("You're already verified. What would you like to know?")
        return
    pin = extract_pin(turn.text)
    if pin is None:
        turn.set(Slot.AWAITING, Awaiting.PIN)
        if turn.is_voice:
            turn.say(wording.VOICE_PIN_LENGTH)
        else:
            turn.say("Your PIN is 4 to 6 digits. Please say or type just the digits.")
        return
    if heard_numbers.spoken_pin_in_doubt(turn, pin):
        return
    attempt = _try_pin(turn, pin)
    if attempt.outcome is AttemptOutcome.VERIFIED:
        turn.set(Slot.VERIFIED, True)
        turn.set(Slot.VERIFIED_UNTIL, None)
        turn.clear(Slot.VERIFICATION_LOCKED)
        turn.set(Slot.AWAITING, None)
        turn.say("Thank you, you're verified.")
        if turn.slot(Slot.PENDING_REQUEST):
            resume_pending(turn)
        else:
            turn.say("What would you like to know?")
    elif attempt.outcome is AttemptOutcome.RETRY:
        left = attempt.attempts_left
        turn.set(Slot.AWAITING, Awaiting.PIN)
        turn.say(f"That PIN doesn't match our records. You have {left} "
                 f"{'attempt' if left == 1 else 'attempts'} left.")
    elif attempt.refused:
        finish_request(turn)
        offer_human(turn, messages.PIN_LOCKED, reason="verification_locked")
    else:
        turn.set(Slot.VERIFICATION_LOCKED, True)
        finish_request(turn)
        hand_over_now(turn, messages.PIN_NOW_LOCKED, reason="verification_locked")


def _try_pin(turn: Turn, pin: str) -> pin_lockout.PinAttempt:
    """One PIN attempt (`refused`: locked before it, the PIN unchecked). Attempts count in
    the store: a known customer's under the customer, a claim that matches nobody under
    its keyed hash (no PIN is right for it, a decoy hash is checked as slowly), so both
    read the same, in this conversation and in the next."""
    max_attempts = get_settings().max_pin_attempts
    customer_id = turn.slot(Slot.CUSTOMER_ID)
    if customer_id:
        return pin_lockout.attempt_pin(customer_id, pin, max_attempts)
    return pin_lockout.attempt_claim(pin_subject(turn), pin, max_attempts)


# --- people ------------------------------------------------------------------------------------
def offer_human(turn: Turn, preamble: str, reason: str) -> None:
    turn.set(Slot.AWAITING, Awaiting.HUMAN_OFFER)
    turn.set(Slot.HANDOFF_REASON, reason)
    turn.say(f"{preamble} A member of our team can help you. Would you like me to connect you "
             "with a person?",
             buttons=[{"title": "Yes, connect me", "payload": "/affirm"},
                      {"title": "No, thanks", "payload": "/deny"}])


def request_human(turn: Turn, reason: str) -> None:
    """Hand the conversation to a person (a handoff, or a callback lead when nobody is
    free); on a call, the gateway transfers it."""
    hand_over(turn, reason)


def hand_over_now(turn: Turn, preamble: str, reason: str) -> None:
    """Say why, then hand over without asking first (locked verification, repeated
    misunderstanding, complaint)."""
    turn.say(preamble)
    request_human(turn, reason)


def offer_keypad_menu(turn: Turn) -> None:
    """Voice, after two misunderstandings in a row: a keypad menu (the gateway maps keys)."""
    turn.set(Slot.HANDOFF_REASON, "repeated_fallback")
    turn.clear(Slot.AWAITING)
    turn.say("I'm sorry, I still didn't understand. Press 1 for orders, 2 for deliveries, "
             "3 for balances, or 0 to talk to a person.",
             buttons=[{"title": "Orders", "payload": "/check_order_status"},
                      {"title": "Deliveries", "payload": "/check_shipment"},
                      {"title": "Balances", "payload": "/check_balance"}])


# --- answers to a question the bot asked ---------------------------------------------------------
def awaited_handler(turn: Turn, intent: str | None) -> Handler:
    """Whose question the message may answer (helpdesk.conversation.state.route, the rule
    the dialogue policy follows too). INTENT: the intent the rules send to the action."""
    return route(turn.slot(Slot.AWAITING), intent=intent, text=turn.text, voice=turn.is_voice)


def answers_awaited_question(turn: Turn, intent: str | None) -> bool:
    """Handle the message as the answer to what the bot asked for, if it is one."""
    handler = awaited_handler(turn, intent)
    if handler is Handler.PIN_ANSWER:
        handle_pin(turn)
        return True
    if handler is Handler.IDENTITY_ANSWER and find_claim(
            turn, expecting_identity=True) is not None:
        handle_identity(turn)
        return True
    if handler is Handler.ORDER_CHOICE:
        return handle_order_choice(turn)
    if handler is Handler.ORDER_NUMBER:
        order_number = order_number_in(turn)
        if order_number:
            answer_named_order(turn, order_number)
            return True
    return handle_read_back(turn, intent)


def handle_read_back(turn: Turn, intent: str | None) -> bool:
    """The answer to a number read back on a call (an order's, or a phone number as who the
    caller is), if the bot is waiting for one; False when it is not, or the message is no
    answer."""
    handler = awaited_handler(turn, intent)
    if handler is Handler.ORDER_NUMBER_CONFIRM:
        return handle_number_confirmation(turn, intent)
    if handler is Handler.PHONE_NUMBER_CONFIRM:
        return handle_phone_confirmation(turn, intent)
    return False


def handle_number_confirmation(turn: Turn, intent: str | None) -> bool:
    """The answer to an order number read back on a call: "yes" answers the pending
    request for it, another number is taken instead (and checked again), "no" asks again
    with the keypad offered. False when the message is none of these."""
    number = turn.slot(Slot.PENDING_ORDER_NUMBER)
    answer = heard_numbers.confirmation(turn, intent)
    said = order_number_in(turn)
    if said and said != number:
        answer_named_order(turn, said)
        return True
    if answer is True and number:
        answer_named_order(turn, number)
        return True
    if answer is None:
        return False
    turn.set(Slot.PENDING_ORDER_NUMBER, None)
    turn.set(Slot.AWAITING, Awaiting.ORDER_NUMBER)
    turn.say(wording.VOICE_ORDER_AGAIN)
    return True


def handle_phone_confirmation(turn: Turn, intent: str | None) -> bool:
    """The answer to a phone number read back on a call: "yes" takes it as who the caller
    is and the pending request goes on, another identifier is taken instead (and checked
    again), "no" asks again with the keypad offered. False when the message is none of
    these (the number stays pending, nothing is claimed)."""
    if find_claim(turn, expecting_identity=True) is not None:
        handle_identity(turn)  # "yes, 555 987 0100", "no, it's 555 987 0199", an email
        if turn.slot(Slot.AWAITING) != Awaiting.PHONE_NUMBER_CONFIRM:  # not another read-back
            turn.clear(Slot.PENDING_PHONE_NUMBER)
        return True
    answer = heard_numbers.confirmation(turn, intent)
    if answer is None:
        return False
    phone = turn.slot(Slot.PENDING_PHONE_NUMBER)
    turn.clear(Slot.PENDING_PHONE_NUMBER)
    if answer and phone:
        accept_claim_and_go_on(turn, phone_claim(phone))
        return True
    turn.set(Slot.AWAITING, Awaiting.IDENTITY)
    turn.say(wording.VOICE_PHONE_AGAIN)
    return True


def start_pin_for_pending(turn: Turn) -> None:
    """"Yes" to "tell me the order number, or verify with your PIN to see the list"."""
    ask_for_pin(turn, turn.slot(Slot.PENDING_REQUEST) or ORDER_STATUS)


def states_identity(turn: Turn) -> bool:
    """An unidentified customer's message that says who they are ("my email is ...")."""
    return not has_identity(turn) and find_claim(turn, expecting_identity=False) is not None


def is_valueless_sentence(turn: Turn) -> bool:
    """A whole sentence with no value the bot could use (no tracking or order number): a
    question it cannot answer, not a value it failed to read."""
    return (len(turn.text.split()) > NO_VALUE_WORDS and not turn.entity(Entity.TRACKING_NUMBER)
            and order_number_in(turn) is None)


def handle_inform(turn: Turn) -> None:
    """A value given: the answer to the bot's question (a PIN, right or wrong, when it asked
    for one), else an identity, a PIN, a tracking or an order number, in that order."""
    if answers_awaited_question(turn, Intent.INFORM):
        return
    if awaited_handler(turn, Intent.INFORM) is Handler.IDENTITY_ANSWER or states_identity(turn):
        handle_identity(turn)
        return
    if mentions_pin(turn.text):
        handle_pin(turn)
        return
    tracking = turn.entity(Entity.TRACKING_NUMBER)
    if tracking:
        answer_shipment(turn, None, tracking)
        return
    order_number = order_number_in(turn)
    if order_number:
        answer_named_order(turn, order_number)
        return
    if is_valueless_sentence(turn):  # a question: the knowledge base, or listed for editors
        if faq_answers.answer_from_knowledge_base(turn):
            return
        faq_answers.remember_unanswered(turn)
        offer_human(turn, wording.OUT_OF_SCOPE, reason="out_of_scope")
        return
    turn.say("Thanks. What would you like me to do with that? I can check an order, track a "
             "delivery or look up a balance.")
