"""The CRM's tables: customers, their orders, shipments and balances, PIN lockouts, and the
returns and change history of the self-service changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import relationship

from helpdesk.store.base import Base

CUSTOMER_TIERS = ("vip", "gold", "standard")
ORDER_STATUSES = ("placed", "paid", "packed", "shipped", "delivered", "cancelled", "returned")
SHIPMENT_STATUSES = ("label_created", "in_transit", "out_for_delivery", "delivered", "exception")
ACCOUNT_KINDS = ("store_credit", "prepaid", "loyalty_points")


class Customer(Base):
    __tablename__ = "customers"

    customer_id: str = Column(String(64), primary_key=True)
    name: str = Column(String(200), nullable=False)
    phone: str = Column(String(20), nullable=False, unique=True, index=True)
    email: str = Column(String(320), nullable=False, unique=True, index=True)
    tier: str = Column(String(16), nullable=False)
    pin_hash: str = Column(String(200), nullable=False)
    language: str = Column(String(35), nullable=False, default="en")

    orders = relationship("Order", back_populates="customer")
    accounts = relationship("Account", back_populates="customer")


class PinLockout(Base):
    """Wrong PINs in a row for one subject, across conversations and channels (CONTRACT §4).

    `subject` is `customer:<customer_id>` for a known customer or `claim:<hex>` (a keyed
    hash, never the identifier in clear) for a stated identifier that matches no customer;
    no foreign key, so both kinds live here and count alike. `failures` counts attempts
    admitted since the last right PIN (an attempt is counted before its PIN is checked, so
    concurrent attempts cannot slip past the limit); `locked_until` is set when the limit
    is reached, and PIN verification is refused until then. See helpdesk/crm/pin_lockout.py.
    """

    __tablename__ = "pin_lockouts"

    subject: str = Column(String(96), primary_key=True)
    failures: int = Column(Integer, nullable=False, default=0)
    locked_until: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    updated_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)


class Order(Base):
    __tablename__ = "orders"

    order_id: str = Column(String(64), primary_key=True)
    customer_id: str = Column(
        String(64), ForeignKey("customers.customer_id"), nullable=False, index=True
    )
    placed_at: dt.date = Column(Date, nullable=False)
    status: str = Column(String(16), nullable=False)
    total: Decimal = Column(Numeric(14, 2), nullable=False)
    currency: str = Column(String(3), nullable=False)
    items: str = Column(Text, nullable=False, default="")

    customer = relationship("Customer", back_populates="orders")
    shipments = relationship("Shipment", back_populates="order")


class Shipment(Base):
    __tablename__ = "shipments"

    tracking_number: str = Column(String(64), primary_key=True)
    order_id: str = Column(String(64), ForeignKey("orders.order_id"), nullable=False, index=True)
    carrier: str = Column(String(64), nullable=False)
    status: str = Column(String(24), nullable=False)
    last_location: str = Column(String(200), nullable=False, default="")
    eta: dt.date | None = Column(Date, nullable=True)
    updated_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)

    order = relationship("Order", back_populates="shipments")


class Account(Base):
    """A customer's balance of one kind (store credit, prepaid, loyalty points)."""

    __tablename__ = "accounts"

    account_id: str = Column(String(64), primary_key=True)
    customer_id: str = Column(
        String(64), ForeignKey("customers.customer_id"), nullable=False, index=True
    )
    kind: str = Column(String(32), nullable=False)
    balance: Decimal = Column(Numeric(16, 2), nullable=False)
    currency: str = Column(String(16), nullable=False)
    as_of: dt.date = Column(Date, nullable=False)

    customer = relationship("Customer", back_populates="accounts")


class OrderReturn(Base):
    """A return a customer started (helpdesk/crm/order_service.py): the project's own
    table beside the CRM's orders, which the CSV import owns (CONTRACT §3 is unchanged).
    One return per order (`order_id` unique); `rma` is the number the customer is told."""

    __tablename__ = "order_returns"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    rma: str = Column(String(32), nullable=False, unique=True)
    order_id: str = Column(String(64), ForeignKey("orders.order_id"), nullable=False,
                           unique=True)
    customer_id: str = Column(String(64), ForeignKey("customers.customer_id"), nullable=False,
                              index=True)
    reason: str = Column(String(300), nullable=False)
    status: str = Column(String(16), nullable=False)  # "open"
    refund_method: str = Column(String(32), nullable=False)  # "original_payment"
    created_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    conversation_id: str = Column(String(128), nullable=False)
    channel: str = Column(String(32), nullable=False)


class AccountChange(Base):
    """The change history of a customer's orders and contact details, one row per change a
    customer made themselves: `kind` is cancel, return, address, email or phone; the old
    value is kept (None where the CRM does not know it, e.g. an order's first address)."""

    __tablename__ = "account_changes"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    customer_id: str = Column(String(64), ForeignKey("customers.customer_id"), nullable=False,
                              index=True)
    order_id: str | None = Column(String(64), ForeignKey("orders.order_id"), nullable=True,
                                  index=True)
    kind: str = Column(String(16), nullable=False)
    old_value: str | None = Column(Text, nullable=True)
    new_value: str | None = Column(Text, nullable=True)
    at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    conversation_id: str = Column(String(128), nullable=False, index=True)
    channel: str = Column(String(32), nullable=False)
