"""What the bot says about self-service changes (cancel, return, address, email, phone):
plain sentences from the order service's views and outcomes (no I/O)."""

from __future__ import annotations

import datetime as dt

from actions.messages import long_date, money, numbered, short_date
from helpdesk.crm.lookups import OrderView
from helpdesk.crm.order_service import Outcome, Refusal, ReturnView

KIND_NAMES = {"cancel": "cancel", "return": "return", "address": "change the delivery address of",
              "offer_return": "return"}
CONTACT_NAMES = {"email": "email address", "phone": "phone number"}

RETURN_LABEL_DAYS = 14
REFUND_DAYS = "5 to 10 business days"

ASK_REASON = ("What's the reason for the return? For example: the wrong size, it arrived "
              "damaged, not as described, or you changed your mind.")
ASK_REASON_AGAIN = ("Sorry, I didn't get the reason. Please tell me in a few words why it's "
                    "going back.")
ASK_ADDRESS = ("What's the new delivery address? Please give the house number and street, then "
               "the town and postcode, for example \"12 Main Street, Springfield, IL 62704\".")
INVALID_ADDRESS = ("That doesn't look like a full address. I need the house number and street, "
                   "then the town and postcode, for example \"12 Main Street, Springfield, IL "
                   "62704\".")
ASK_CONTACT_KIND = "Would you like to change your email address or your phone number?"
NOTHING_CHANGED = "Okay, I haven't changed anything."
STILL_UNSURE = "Sorry, I still couldn't use that, so I haven't changed anything."
CONFIRM_AGAIN = "Sorry, was that a yes or a no?"
STALE = ("Sorry, I've lost track of which change you meant, so I haven't changed anything. "
         "What would you like me to do?")
IDENTIFY_FIRST = ("I can help with that. First, what's the phone number, email or customer ID "
                  "on your account now?")
NO_ORDERS = "I can't see any orders on your account yet."


def order_line(order: OrderView) -> str:
    """'order 6001, 1x backpack, $89.00'."""
    return (f"order {order.order_id}, {order.items or 'no items listed'}, "
            f"{money(order.total, order.currency)}")


def confirm_cancel(order: OrderView) -> str:
    return f"Cancel {order_line(order)}?"


def cancelled(order: OrderView, previous_status: str | None) -> str:
    text = f"Done: order {order.order_id} is cancelled."
    if previous_status == "placed":  # the payment was never confirmed
        return f"{text} No payment was taken for it."
    return (f"{text} The refund of {money(order.total, order.currency)} goes back to your "
            f"original payment method within {REFUND_DAYS}.")


def confirm_return(order: OrderView, reason: str) -> str:
    return f"Start a return of {order_line(order)}, because: {reason}?"


def return_started(order: OrderView, rma: str, voice: bool) -> str:
    spoken = " ".join(rma.replace("-", "")) if voice else rma  # "R M A 6 0 0 3"
    return (f"Your return is started. The return number is {spoken}. We'll email you a prepaid "
            f"return label: pack the {order.items or 'items'} with the return number on the "
            f"parcel and drop it off within {RETURN_LABEL_DAYS} days. Once it reaches us, we "
            f"refund {money(order.total, order.currency)} to your original payment method "
            f"within {REFUND_DAYS}.")


def outside_window(order: OrderView, delivered: dt.date | None, deadline: dt.date | None,
                   window_days: int) -> str:
    when = f" was delivered on {long_date(delivered)}, and" if delivered else ""
    ended = f" ended on {long_date(deadline)}" if deadline else " has ended"
    return (f"Order {order.order_id}{when} the {window_days}-day return window{ended}, so I "
            "can't start a return for it here.")


def confirm_address(order: OrderView, address: str) -> str:
    return (f"Change the delivery address of order {order.order_id} to: {address}? Please "
            "check it carefully.")


def address_changed(order: OrderView, address: str) -> str:
    return f"Done: order {order.order_id} will be delivered to {address}."


def ask_contact(field: str) -> str:
    if field == "email":
        return "What's the new email address?"
    return "What's the new phone number? Please include the area code."


def invalid_contact(field: str) -> str:
    if field == "email":
        return ("That doesn't look like an email address (like name@example.com). What's the "
                "new email address?")
    return ("That doesn't look like a phone number. Please give it with the area code, for "
            "example 555 123 0001.")


def confirm_contact(field: str, value: str) -> str:
    return f"Change the {CONTACT_NAMES[field]} on your account to {value}?"


def contact_changed(field: str, value: str) -> str:
    return f"Done: your {CONTACT_NAMES[field]} is now {value}."


def same_contact(field: str) -> str:
    return f"That's already the {CONTACT_NAMES[field]} on your account, so nothing needs to change."


def unavailable_contact(field: str) -> str:
    return (f"Sorry, I can't use that {CONTACT_NAMES[field]} for your account. A person from our "
            "team can help with it.")


def which_order(kind: str, orders: list[OrderView], voice: bool) -> str:
    lines = [order_line(o) if voice else f"{order_line(o)} from {short_date(o.placed_at)}"
             for o in orders]
    return f"Which order would you like to {KIND_NAMES.get(kind, kind)}? {numbered(lines, voice)}"


def none_eligible(kind: str) -> str:
    if kind == "cancel":
        return ("None of your orders can be cancelled now: an order can be cancelled until it "
                "ships. A shipped order can be returned once it's delivered.")
    if kind == "address":
        return ("None of your orders can get a new delivery address now: that's possible "
                "until an order is packed.")
    return "None of your orders can be returned here right now."


def refused(outcome: Outcome, order_number: str, kind: str) -> str:
    """Why the change of ORDER_NUMBER was not made (KIND: cancel, return, address)."""
    refusal, order = outcome.refusal, outcome.order
    number = order.order_id if order else order_number
    if refusal is Refusal.NOT_FOUND:
        return (f"I couldn't find an order {number} on your account. Please check the number "
                "— it's in your order confirmation email.")
    if refusal is Refusal.ALREADY_CANCELLED:
        return f"Order {number} is already cancelled, so there's nothing to change."
    if refusal is Refusal.RETURNED:
        return f"Order {number} has already been returned to us."
    if refusal is Refusal.RETURN_EXISTS:
        return f"A return is already open for order {number}: the return number is RMA-{number}."
    if refusal is Refusal.NOT_DELIVERED:
        return (f"Order {number} hasn't been delivered yet, so it can't be returned yet. "
                + (f"You can still cancel it: just ask me to cancel order {number}."
                   if order and order.status in ("placed", "paid", "packed") else
                   "Once it arrives, just ask me to return it."))
    if refusal is Refusal.SHIPPED:
        verb = "cancelled" if kind == "cancel" else "sent to a new address"
        return (f"Order {number} has already shipped, so it can't be {verb} any more. Once it "
                f"arrives, you can return it: just ask me to return order {number}.")
    if refusal is Refusal.DELIVERED:
        return (f"Order {number} has already been delivered, so it can't be cancelled or "
                "redirected.")
    if refusal is Refusal.PACKED:
        return (f"Order {number} is already packed, so its delivery address can't be changed "
                "any more. I can still cancel it if you like: just ask me to cancel it.")
    if refusal is Refusal.CHANGED_MEANWHILE:
        return (f"Order {number} has just moved on in our warehouse, so I couldn't change it. "
                "Please ask me about it again.")
    return "Sorry, I couldn't make that change."


def order_note(order_return: ReturnView | None, address_changed_on: dt.datetime | None) -> str:
    """What an order status answer adds about the customer's own changes ("" for none)."""
    notes = []
    if order_return is not None:
        notes.append(f"A return is open for it: return number {order_return.rma}, started on "
                     f"{short_date(order_return.created_at.date())}.")
    if address_changed_on is not None:
        notes.append("Its delivery address was changed on "
                     f"{short_date(address_changed_on.date())}.")
    return " ".join(notes)
