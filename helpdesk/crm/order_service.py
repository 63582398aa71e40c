"""The one way a customer's orders and contact details change: cancel an order, start a
return, change an order's delivery address, update the email or phone. The bot (chat and
voice) and the agent console read and write through here.

Three parts:
- the rules, pure functions of an order's facts and a date (what may change, else why
  not): an order cancels while it is placed, paid or packed; its address changes while it
  is placed or paid; a delivered order is returned within HELPDESK_RETURN_WINDOW_DAYS of
  its delivery, once;
- the seam to the system that owns orders and customers (`OrderSystem`): the local CRM
  store by default (`LocalOrderSystem`); `use_order_system` puts another in its place, e.g.
  a client of an external order system;
- the service functions, which look the order up for its customer (someone else's order
  is `NOT_FOUND`, exactly like a missing one), check the rules, make the change through the
  seam, and record it in the project's own tables: the change history (`account_changes`,
  with the old value), the returns (`order_returns`) and the audit log, each with the
  conversation id and channel. A refused change writes nothing.

The CSV contract (CONTRACT §3) is unchanged: a cancellation sets the order's status in the
store; returns, addresses and the history are tables of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from sqlalchemy import select, update

from helpdesk.audit.log import customer_change_entry
from helpdesk.crm import lookups
from helpdesk.crm.lookups import OrderView
from helpdesk.crm.models import AccountChange, Customer, Order, OrderReturn
from helpdesk.leads.fields import check_email
from helpdesk.store.database import session_scope
from helpdesk.store.times import as_utc
from helpdesk.text.addresses import clean_address
from helpdesk.text.phone_numbers import normalize_phone

CANCELLABLE = frozenset({"placed", "paid", "packed"})
ADDRESS_CHANGEABLE = frozenset({"placed", "paid"})
REFUND_TO_ORIGINAL_PAYMENT = "original_payment"
CONTACT_FIELDS = ("email", "phone")


class Refusal(str, Enum):
    """Why a change is not made (the bot words each; nothing was written)."""

    NOT_FOUND = "not_found"  # no such order, or not this customer's
    ALREADY_CANCELLED = "already_cancelled"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    RETURNED = "returned"
    PACKED = "packed"  # too late to change the address
    NOT_DELIVERED = "not_delivered"  # a return needs a delivered order
    OUTSIDE_WINDOW = "outside_window"
    RETURN_EXISTS = "return_exists"
    CHANGED_MEANWHILE = "changed_meanwhile"  # the status moved on between check and change
    INVALID_ADDRESS = "invalid_address"
    INVALID_REASON = "invalid_reason"
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"
    SAME_VALUE = "same_value"
    UNAVAILABLE_VALUE = "unavailable_value"  # on another account (not said to the customer)


@dataclass(frozen=True)
class ChangeContext:
    """Where a change is made: recorded with it (audit log, history)."""

    conversation_id: str
    channel: str


@dataclass(frozen=True)
class Outcome:
    """A check's or a change's result: `refusal` None when it may go (or went) ahead."""

    refusal: Refusal | None
    order: OrderView | None = None
    rma: str | None = None  # a started return's number
    value: str | None = None  # the new (cleaned) address, email or phone
    old_value: str | None = None
    deadline: dt.date | None = None  # the last day of a return window

    @property
    def ok(self) -> bool:
        return self.refusal is None


@dataclass(frozen=True)
class ReturnView:
    rma: str
    order_id: str
    reason: str
    status: str
    refund_method: str
    created_at: dt.datetime
    conversation_id: str


@dataclass(frozen=True)
class ChangeView:
    kind: str  # cancel, return, address, email, phone
    order_id: str | None
    old_value: str | None
    new_value: str | None
    at: dt.datetime
    conversation_id: str
    channel: str


# --- the rules (pure) ------------------------------------------------------------------------
_STATUS_REFUSALS = {"cancelled": Refusal.ALREADY_CANCELLED, "shipped": Refusal.SHIPPED,
                    "delivered": Refusal.DELIVERED, "returned": Refusal.RETURNED,
                    "packed": Refusal.PACKED}


def cancel_refusal(status: str) -> Refusal | None:
    """An order cancels before it ships (placed, paid, packed)."""
    if status in CANCELLABLE:
        return None
    return _STATUS_REFUSALS.get(status, Refusal.SHIPPED)


def address_refusal(status: str) -> Refusal | None:
    """The delivery address changes until the order is packed."""
    if status in ADDRESS_CHANGEABLE:
        return None
    return _STATUS_REFUSALS.get(status, Refusal.PACKED)


def delivered_on(order: OrderView) -> dt.date:
    """When the order arrived: its delivered shipment's last update, else (no shipment
    says so) the day it was placed, which can only make the window shorter."""
    for shipment in order.shipments:
        if shipment.status == "delivered":
            return as_utc(shipment.updated_at).date()
    return order.placed_at


def return_deadline(delivered: dt.date, window_days: int) -> dt.date:
    return delivered + dt.timedelta(days=window_days)


def return_refusal(status: str, delivered: dt.date, today: dt.date, window_days: int,
                   has_return: bool) -> Refusal | None:
    """A delivered order returns once, until `window_days` after its delivery."""
    if has_return:
        return Refusal.RETURN_EXISTS
    if status in ("cancelled", "returned"):
        return _STATUS_REFUSALS[status]
    if status != "delivered":
        return Refusal.NOT_DELIVERED
    if today > return_deadline(delivered, window_days):
        return Refusal.OUTSIDE_WINDOW
    return None


def clean_reason(text: str) -> str | None:
    """A return reason: any words (at most 300 characters), not just a mark or a digit."""
    reason = " ".join((text or "").split()).strip(" .")
    if len(reason) < 2 or not any(c.isalpha() for c in reason):
        return None
    return reason[:300]


def clean_contact(field: str, text: str, region: str = "US") -> str | None:
    """The new email (lower case) or phone (E.164) in TEXT, or None when it is none."""
    if field == "email":
        return check_email(text).value or None
    if field == "phone":
        return normalize_phone(text, region)
    raise ValueError(f"unknown contact field {field!r}")


# --- the seam --------------------------------------------------------------------------------
class OrderSystem(Protocol):
    """What the order service needs from the system that owns orders and customers."""

    def order(self, customer_id: str, order_id: str) -> OrderView | None:
        """The order if it is the customer's, else None."""

    def cancel(self, order_id: str, from_statuses: frozenset[str]) -> bool:
        """Cancel the order if its status is still one of FROM_STATUSES; False if not."""

    def set_delivery_address(self, order_id: str, address: str) -> None:
        """Send the order to ADDRESS."""

    def contact(self, customer_id: str) -> tuple[str, str] | None:
        """(phone, email) of the customer."""

    def set_contact(self, customer_id: str, field: str, value: str) -> bool:
        """Set the customer's email or phone; False when another customer has VALUE."""


class LocalOrderSystem:
    """The CRM store of this project (tables loaded by `helpdesk import`). It has no
    address column, so an order's current address is its latest recorded change."""

    def order(self, customer_id: str, order_id: str) -> OrderView | None:
        return lookups.order_for_customer(customer_id, order_id)

    def cancel(self, order_id: str, from_statuses: frozenset[str]) -> bool:
        with session_scope() as session:
            result = session.execute(
                update(Order)
                .where(Order.order_id == order_id, Order.status.in_(sorted(from_statuses)))
                .values(status="cancelled"))
            return bool(result.rowcount)

    def set_delivery_address(self, order_id: str, address: str) -> None:
        return None  # the history row written by the service is the address

    def contact(self, customer_id: str) -> tuple[str, str] | None:
        return lookups.customer_contact(customer_id)

    def set_contact(self, customer_id: str, field: str, value: str) -> bool:
        column = Customer.email if field == "email" else Customer.phone
        with session_scope() as session:
            taken = session.scalar(select(Customer.customer_id).where(
                column == value, Customer.customer_id != customer_id))
            if taken is not None:
                return False
            session.execute(update(Customer).where(Customer.customer_id == customer_id)
                            .values({column.key: value}))
            return True


_system: list[OrderSystem] = [LocalOrderSystem()]


def order_system() -> OrderSystem:
    return _system[0]


def use_order_system(system: OrderSystem) -> OrderSystem:
    """Put SYSTEM behind the service; returns the one it replaces."""
    previous, _system[0] = _system[0], system
    return previous


# --- the service -----------------------------------------------------------------------------
def _today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def _record(customer_id: str, ctx: ChangeContext, kind: str, action: str, target: str,
            order_id: str | None = None, old: str | None = None, new: str | None = None,
            order_return: OrderReturn | None = None) -> None:
    """The change's history row and audit entry (and the return), in one transaction."""
    now = dt.datetime.now(dt.timezone.utc)
    with session_scope() as session:
        if order_return is not None:
            session.add(order_return)
        session.add(AccountChange(customer_id=customer_id, order_id=order_id, kind=kind,
                                  old_value=old, new_value=new, at=now,
                                  conversation_id=ctx.conversation_id[:128],
                                  channel=ctx.channel[:32]))
        session.add(customer_change_entry(customer_id, action, target, ctx.conversation_id,
                                          ctx.channel))


def check_cancel(customer_id: str, order_id: str) -> Outcome:
    """May the customer's order be cancelled? (Nothing is changed.)"""
    order = order_system().order(customer_id, order_id)
    if order is None:
        return Outcome(Refusal.NOT_FOUND)
    return Outcome(cancel_refusal(order.status), order)


def cancel_order(customer_id: str, order_id: str, ctx: ChangeContext) -> Outcome:
    checked = check_cancel(customer_id, order_id)
    if not checked.ok or checked.order is None:
        return checked
    order = checked.order
    if not order_system().cancel(order.order_id, CANCELLABLE):
        return Outcome(Refusal.CHANGED_MEANWHILE, order)
    _record(customer_id, ctx, "cancel", "orders.cancel", f"order {order.order_id}",
            order_id=order.order_id, old=order.status, new="cancelled")
    return Outcome(None, order, old_value=order.status, value="cancelled")


def check_return(customer_id: str, order_id: str, window_days: int,
                 today: dt.date | None = None) -> Outcome:
    """May the customer start a return of the order? `deadline`: the window's last day."""
    order = order_system().order(customer_id, order_id)
    if order is None:
        return Outcome(Refusal.NOT_FOUND)
    delivered = delivered_on(order)
    refusal = return_refusal(order.status, delivered, today or _today(), window_days,
                             order_return(order.order_id) is not None)
    return Outcome(refusal, order, deadline=return_deadline(delivered, window_days))


def rma_for(order_id: str) -> str:
    """The return number the customer is told (one return per order)."""
    return f"RMA-{order_id}"


def start_return(customer_id: str, order_id: str, reason: str, ctx: ChangeContext,
                 window_days: int, today: dt.date | None = None) -> Outcome:
    checked = check_return(customer_id, order_id, window_days, today)
    if not checked.ok or checked.order is None:
        return checked
    cleaned = clean_reason(reason)
    if cleaned is None:
        return Outcome(Refusal.INVALID_REASON, checked.order)
    order, rma = checked.order, rma_for(checked.order.order_id)
    row = OrderReturn(rma=rma, order_id=order.order_id, customer_id=customer_id,
                      reason=cleaned, status="open", refund_method=REFUND_TO_ORIGINAL_PAYMENT,
                      created_at=dt.datetime.now(dt.timezone.utc),
                      conversation_id=ctx.conversation_id[:128], channel=ctx.channel[:32])
    _record(customer_id, ctx, "return", "orders.return", f"order {order.order_id} {rma}",
            order_id=order.order_id, new=f"{rma}: {cleaned}", order_return=row)
    return Outcome(None, order, rma=rma, value=cleaned, deadline=checked.deadline)


def check_address_change(customer_id: str, order_id: str) -> Outcome:
    order = order_system().order(customer_id, order_id)
    if order is None:
        return Outcome(Refusal.NOT_FOUND)
    return Outcome(address_refusal(order.status), order,
                   old_value=delivery_address(order.order_id))


def change_address(customer_id: str, order_id: str, text: str, ctx: ChangeContext) -> Outcome:
    checked = check_address_change(customer_id, order_id)
    if not checked.ok or checked.order is None:
        return checked
    address = clean_address(text)
    if address is None:
        return Outcome(Refusal.INVALID_ADDRESS, checked.order)
    if checked.old_value and address.lower() == checked.old_value.lower():
        return Outcome(Refusal.SAME_VALUE, checked.order, value=address)
    order_system().set_delivery_address(checked.order.order_id, address)
    _record(customer_id, ctx, "address", "orders.address", f"order {checked.order.order_id}",
            order_id=checked.order.order_id, old=checked.old_value, new=address)
    return Outcome(None, checked.order, value=address, old_value=checked.old_value)


def check_contact(customer_id: str, field: str, text: str, region: str = "US") -> Outcome:
    """The new email or phone, cleaned, if it is valid and differs from the current one."""
    value = clean_contact(field, text, region)
    if value is None:
        return Outcome(Refusal.INVALID_EMAIL if field == "email" else Refusal.INVALID_PHONE)
    contact = order_system().contact(customer_id)
    if contact is None:
        return Outcome(Refusal.NOT_FOUND)
    old = contact[1] if field == "email" else contact[0]
    if old == value:
        return Outcome(Refusal.SAME_VALUE, value=value, old_value=old)
    return Outcome(None, value=value, old_value=old)


def update_contact(customer_id: str, field: str, text: str, ctx: ChangeContext,
                   region: str = "US") -> Outcome:
    checked = check_contact(customer_id, field, text, region)
    if not checked.ok or checked.value is None:
        return checked
    if not order_system().set_contact(customer_id, field, checked.value):
        return Outcome(Refusal.UNAVAILABLE_VALUE, value=checked.value)
    _record(customer_id, ctx, field, f"customers.{field}", f"customer {customer_id}",
            old=checked.old_value, new=checked.value)
    return checked


# --- what was changed ------------------------------------------------------------------------
def order_return(order_id: str) -> ReturnView | None:
    with session_scope() as session:
        row = session.scalar(select(OrderReturn).where(OrderReturn.order_id == order_id))
        return None if row is None else ReturnView(
            row.rma, row.order_id, row.reason, row.status, row.refund_method,
            as_utc(row.created_at), row.conversation_id)


def latest_change(order_id: str, kind: str) -> ChangeView | None:
    """The order's latest change of KIND (cancel, return, address), or None."""
    with session_scope() as session:
        row = session.scalar(
            select(AccountChange)
            .where(AccountChange.order_id == order_id, AccountChange.kind == kind)
            .order_by(AccountChange.id.desc()).limit(1))
        return None if row is None else _change_view(row)


def delivery_address(order_id: str) -> str | None:
    """The order's address as last changed by the customer (None: as ordered)."""
    change = latest_change(order_id, "address")
    return change.new_value if change else None


def _change_view(row: AccountChange) -> ChangeView:
    return ChangeView(row.kind, row.order_id, row.old_value, row.new_value, as_utc(row.at),
                      row.conversation_id, row.channel)


def changes_for_customer(customer_id: str, limit: int = 20) -> list[ChangeView]:
    """The customer's own changes, newest first."""
    with session_scope() as session:
        rows = session.scalars(
            select(AccountChange).where(AccountChange.customer_id == customer_id)
            .order_by(AccountChange.id.desc()).limit(limit))
        return [_change_view(r) for r in rows]


def changes_in_conversation(conversation_id: str) -> list[ChangeView]:
    """The changes made in one conversation, oldest first (its record)."""
    with session_scope() as session:
        rows = session.scalars(
            select(AccountChange).where(AccountChange.conversation_id == conversation_id)
            .order_by(AccountChange.id))
        return [_change_view(r) for r in rows]
