"""Plain-language answers built from CRM views (no I/O; unit-tested on their own)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel.numbers import format_currency, format_decimal

from helpdesk.crm.lookups import AccountView, OrderView, ShipmentView

ORDER_STATUS_TEXT = {
    "placed": "we've received it and are waiting for the payment to be confirmed",
    "paid": "the payment is confirmed and it's waiting to be packed",
    "packed": "it's packed and ready to ship",
    "shipped": "it has shipped",
    "delivered": "it has been delivered",
    "cancelled": "it was cancelled",
    "returned": "it was returned to us",
}

SHIPMENT_STATUS_TEXT = {
    "label_created": "has a shipping label, and the carrier hasn't picked it up yet",
    "in_transit": "is in transit",
    "out_for_delivery": "is out for delivery today",
    "delivered": "has been delivered",
    "exception": "has a delivery problem",
}

ACCOUNT_KIND_NAMES = {
    "store_credit": "store credit",
    "prepaid": "prepaid balance",
    "loyalty_points": "loyalty points",
}

# A claimed customer asking about "my order" without its number (CONTRACT §4).
ASK_ORDER_NUMBER_CHAT = ("Which order is it? Please tell me the order number: it's in your "
                         "order confirmation email. If you'd rather see a list of your recent "
                         "orders, say \"yes\" and I'll verify you with your PIN first.")
ASK_ORDER_NUMBER_VOICE = ("Which order is it? Please say or key in the order number. If you'd "
                          "rather hear your recent orders, say yes and I'll verify you with "
                          "your PIN first.")
# PIN verification locked for the customer (wrong PINs in a row, in any conversation).
PIN_LOCKED = "For your security, I can't verify you by PIN right now."
PIN_NOW_LOCKED = ("That PIN doesn't match either, so for your security I can't verify you by "
                  "PIN for now. A person from our team can help you.")

_ISO_CURRENCY = re.compile(r"^[A-Z]{3}$")


def long_date(day: dt.date) -> str:
    """'Monday, November 2, 2026'."""
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def weekday_date(day: dt.date) -> str:
    """'Wednesday, November 25' — how an ETA is said."""
    return f"{day:%A}, {day:%B} {day.day}"


def short_date(day: dt.date) -> str:
    return f"{day:%B} {day.day}"


def money(amount: Decimal, currency: str) -> str:
    if _ISO_CURRENCY.match(currency or ""):
        return format_currency(amount, currency, locale="en_US")
    return f"{format_decimal(amount, locale='en_US')} {currency}"


def account_kind_name(kind: str) -> str:
    return ACCOUNT_KIND_NAMES.get(kind, kind.replace("_", " "))


def order_status(order: OrderView) -> str:
    status = ORDER_STATUS_TEXT.get(order.status, order.status.replace("_", " "))
    text = (f"Order {order.order_id}, placed on {long_date(order.placed_at)}: "
            f"{order.items or 'no items listed'}, total {money(order.total, order.currency)}. "
            f"Status: {order.status.replace('_', ' ')} — {status}.")
    if order.status == "shipped" and order.shipments:
        shipment = order.shipments[0]
        text += f" It's with {shipment.carrier}"
        if shipment.eta:
            text += f", expected {weekday_date(shipment.eta)}"
        text += "."
    return text


def shipment_status(shipment: ShipmentView) -> str:
    status = SHIPMENT_STATUS_TEXT.get(shipment.status, shipment.status.replace("_", " "))
    text = (f"Your {shipment.carrier} parcel for order {shipment.order_id} "
            f"(tracking {shipment.tracking_number}) {status}")
    if shipment.last_location and shipment.status != "label_created":
        where = "delivered in" if shipment.status == "delivered" else "last seen in"
        text += f", {where} {shipment.last_location}"
    text += "."
    if shipment.status == "delivered":
        day = shipment.eta or shipment.updated_at.date()
        text += f" Delivery date: {weekday_date(day)}."
    elif shipment.eta:
        text += f" Expected delivery: {weekday_date(shipment.eta)}."
    if shipment.status == "exception":
        text += " A member of our team can sort this out with the carrier for you."
    return text


def not_shipped(order: OrderView) -> str:
    if order.status in ("cancelled", "returned"):
        return f"Order {order.order_id} {ORDER_STATUS_TEXT[order.status]}, so there's no delivery."
    return (f"Order {order.order_id} hasn't shipped yet — "
            f"{ORDER_STATUS_TEXT.get(order.status, order.status)}. "
            "You'll get tracking details as soon as it leaves our warehouse.")


def balance_line(account: AccountView) -> str:
    name = account_kind_name(account.kind)
    if account.kind == "loyalty_points" or not _ISO_CURRENCY.match(account.currency):
        points = format_decimal(account.balance.normalize(), locale="en_US")
        unit = "points" if account.kind == "loyalty_points" else account.currency
        return f"You have {points} {unit} ({name}, as of {short_date(account.as_of)})."
    return (f"Your {name} is {money(account.balance, account.currency)} "
            f"(as of {short_date(account.as_of)}).")


def balances(accounts: list[AccountView]) -> str:
    return " ".join(balance_line(a) for a in accounts)


def order_choice_line(order: OrderView) -> str:
    return (f"order {order.order_id} from {short_date(order.placed_at)} "
            f"({order.items}, {order.status})")


SPOKEN_CHOICES = ("one", "two", "three", "four", "five")


def numbered(lines: list[str], voice: bool) -> str:
    """LINES to pick from by number: "Say or press one for A; two for B." on a call (keypad
    key N is choice N), "1) A. 2) B." in chat."""
    if voice:
        spoken = [f"{n} for {line}" for n, line in zip(SPOKEN_CHOICES, lines, strict=False)]
        return f"Say or press {'; '.join(spoken)}."
    return " ".join(f"{i}) {line}." for i, line in enumerate(lines, 1))


def order_choices(orders: list[OrderView], voice: bool) -> str:
    note = "You have several recent orders." + ("" if voice else " Which one do you mean?")
    return which_of(orders, voice, note)


# Asked again when a reference to the listed orders fits several of them, or none.
NOT_SURE_WHICH = "More than one order fits that. Which one do you mean?"
NONE_OF_THOSE = "Sorry, I can't tell which order you mean. Which one is it?"


def which_of(orders: list[OrderView], voice: bool, note: str) -> str:
    """NOTE (a question), then the orders to pick from again (numbered; "say one, two" on a
    call)."""
    return f"{note} {numbered([order_choice_line(o) for o in orders], voice)}"


def only_parcel_on_its_way(order: OrderView) -> str:
    """Said before the delivery status when one of several orders is on its way."""
    return f"The parcel on its way is for order {order.order_id} ({order.items})."


def order_not_found(order_number: str) -> str:
    return (f"I couldn't find an order {order_number} on your account. Please check the number "
            "— it's in your order confirmation email — or ask me about your recent orders.")


def tracking_not_found(tracking_number: str) -> str:
    return (f"I couldn't find a shipment with tracking number {tracking_number} on your "
            "account. Please check the number, or tell me the order number instead.")
