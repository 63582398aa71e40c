"""The CRM lookups that chat, voice and the agent console share.

Each function returns plain frozen views, never ORM objects, and every order, shipment
or account lookup is scoped to one customer: a record of someone else is simply absent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from helpdesk.crm.models import Account, Customer, Order, Shipment
from helpdesk.crm.pins import pin_matches
from helpdesk.store.database import session_scope


@dataclass(frozen=True)
class CustomerView:
    customer_id: str
    name: str
    tier: str
    language: str

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name


@dataclass(frozen=True)
class ShipmentView:
    tracking_number: str
    order_id: str
    carrier: str
    status: str
    last_location: str
    eta: dt.date | None
    updated_at: dt.datetime


@dataclass(frozen=True)
class OrderView:
    order_id: str
    placed_at: dt.date
    status: str
    total: Decimal
    currency: str
    items: str
    shipments: tuple[ShipmentView, ...]


@dataclass(frozen=True)
class AccountView:
    account_id: str
    kind: str
    balance: Decimal
    currency: str
    as_of: dt.date


def _customer_view(row: Customer) -> CustomerView:
    return CustomerView(row.customer_id, row.name, row.tier, row.language)


def _shipment_view(row: Shipment) -> ShipmentView:
    return ShipmentView(row.tracking_number, row.order_id, row.carrier, row.status,
                        row.last_location, row.eta, row.updated_at)


def _order_view(row: Order) -> OrderView:
    shipments = sorted(row.shipments, key=lambda s: s.updated_at, reverse=True)
    return OrderView(row.order_id, row.placed_at, row.status, row.total, row.currency, row.items,
                     tuple(_shipment_view(s) for s in shipments))


def customer_by_id(customer_id: str) -> CustomerView | None:
    with session_scope() as session:
        row = session.scalar(
            select(Customer).where(func.lower(Customer.customer_id) == customer_id.strip().lower())
        )
        return _customer_view(row) if row else None


def customer_by_phone(phone_e164: str) -> CustomerView | None:
    with session_scope() as session:
        row = session.scalar(select(Customer).where(Customer.phone == phone_e164))
        return _customer_view(row) if row else None


def customer_by_email(email: str) -> CustomerView | None:
    with session_scope() as session:
        row = session.scalar(select(Customer).where(Customer.email == email.strip().lower()))
        return _customer_view(row) if row else None


def check_pin(customer_id: str, pin: str) -> bool:
    with session_scope() as session:
        pin_hash = session.scalar(
            select(Customer.pin_hash).where(Customer.customer_id == customer_id)
        )
        return pin_hash is not None and pin_matches(pin_hash, pin)


def recent_orders(customer_id: str, limit: int = 3) -> list[OrderView]:
    """The customer's newest orders, newest first."""
    with session_scope() as session:
        rows = session.scalars(
            select(Order)
            .where(Order.customer_id == customer_id)
            .order_by(Order.placed_at.desc(), Order.order_id.desc())
            .limit(limit)
        ).all()
        return [_order_view(r) for r in rows]


def order_ids(customer_id: str) -> list[str]:
    with session_scope() as session:
        return list(session.scalars(
            select(Order.order_id).where(Order.customer_id == customer_id)
        ).all())


def order_number_lengths() -> set[int]:
    """How long the CRM's order numbers are (all of them, no customer's): what a number
    heard on a call is checked against. Empty when there are no orders."""
    with session_scope() as session:
        return {int(n) for n in session.scalars(
            select(func.length(Order.order_id)).distinct()).all() if n}


def order_for_customer(customer_id: str, order_id: str) -> OrderView | None:
    """The order if it exists AND belongs to the customer; otherwise None, indistinguishably."""
    with session_scope() as session:
        row = session.scalar(
            select(Order).where(Order.order_id == order_id.strip(),
                                Order.customer_id == customer_id)
        )
        return _order_view(row) if row else None


def shipment_for_customer(customer_id: str, tracking_number: str) -> ShipmentView | None:
    with session_scope() as session:
        row = session.scalar(
            select(Shipment)
            .join(Order, Shipment.order_id == Order.order_id)
            .where(func.upper(Shipment.tracking_number) == tracking_number.strip().upper(),
                   Order.customer_id == customer_id)
        )
        return _shipment_view(row) if row else None


def accounts_for_customer(customer_id: str, kind: str | None = None) -> list[AccountView]:
    with session_scope() as session:
        query = select(Account).where(Account.customer_id == customer_id)
        if kind:
            query = query.where(Account.kind == kind)
        rows = session.scalars(query.order_by(Account.kind, Account.account_id)).all()
        return [AccountView(r.account_id, r.kind, r.balance, r.currency, r.as_of) for r in rows]


def customer_contact(customer_id: str) -> tuple[str, str] | None:
    """(phone, email) of a customer: for pre-filling a lead, and for the agent console."""
    with session_scope() as session:
        row = session.get(Customer, customer_id)
        return (row.phone, row.email) if row else None
