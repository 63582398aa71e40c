"""The CRM's tables: customers, their orders, shipments and balances, and PIN lockouts."""

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
