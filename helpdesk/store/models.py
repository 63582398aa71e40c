"""SQLAlchemy models of the CRM store (SQLAlchemy 1.4 with 2.0-style usage)."""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

# Numeric(scale=2) columns round-trip exactly through SQLite's float storage at this scale.
warnings.filterwarnings("ignore", message=r"Dialect sqlite\+pysqlite does \*not\* support Decimal")

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


class FaqEntry(Base):
    """A knowledge-base entry; the bot answers from the live table (no retraining)."""

    __tablename__ = "faq_entries"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    slug: str = Column(String(120), nullable=False, unique=True, index=True)
    question: str = Column(Text, nullable=False)
    answer: str = Column(Text, nullable=False)
    voice_answer: str | None = Column(Text, nullable=True)
    alternates: str = Column(Text, nullable=False, default="[]")  # JSON list of phrasings
    tags: str = Column(Text, nullable=False, default="[]")  # JSON list
    version: int = Column(Integer, nullable=False, default=1)
    deleted_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    updated_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)


class FaqVersion(Base):
    """Every saved state of an entry, for history, diff and revert."""

    __tablename__ = "faq_versions"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    entry_id: int = Column(Integer, ForeignKey("faq_entries.id"), nullable=False, index=True)
    version: int = Column(Integer, nullable=False)
    change: str = Column(String(16), nullable=False)  # create, update, delete, revert, import
    snapshot: str = Column(Text, nullable=False)  # JSON of the editable fields
    changed_by: str = Column(String(120), nullable=False)
    changed_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)


class UnansweredQuestion(Base):
    """A question the bot could not answer, grouped by its normalised text."""

    __tablename__ = "unanswered_questions"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    normalized: str = Column(String(500), nullable=False, unique=True, index=True)
    text: str = Column(Text, nullable=False)  # the latest wording
    count: int = Column(Integer, nullable=False, default=1)
    channel: str = Column(String(32), nullable=False, default="")
    conversation_id: str = Column(String(255), nullable=False, default="")
    first_seen: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    last_seen: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    resolved_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)


USER_ROLES = ("admin", "editor", "agent")


class User(Base):
    """A person of the contact center: admin, editor (FAQ) or agent (console)."""

    __tablename__ = "users"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    username: str = Column(String(64), nullable=False, unique=True, index=True)
    password_hash: str = Column(String(200), nullable=False)
    role: str = Column(String(16), nullable=False)
    skills: str = Column(Text, nullable=False, default="[]")  # JSON list
    active: bool = Column(Boolean, nullable=False, default=True)
    created_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)


class ApiToken(Base):
    """A login session: only the token's SHA-256 is stored."""

    __tablename__ = "api_tokens"

    token_hash: str = Column(String(64), primary_key=True)
    user_id: int = Column(Integer, ForeignKey("users.id"), nullable=False, index=True)
    created_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    expires_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    revoked_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)


AGENT_PRESENCE = ("online", "away", "offline")


class AgentState(Base):
    """An agent's routing state: presence, how many handoffs at once, last sign of life."""

    __tablename__ = "agent_states"

    user_id: int = Column(Integer, ForeignKey("users.id"), primary_key=True)
    presence: str = Column(String(16), nullable=False, default="offline")
    capacity: int = Column(Integer, nullable=False, default=3)
    last_seen: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    last_assigned_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)


HANDOFF_STATUSES = ("waiting", "assigned", "closed")
HANDOFF_SKILLS = ("orders", "billing", "sales", "general")


class Handoff(Base):
    """A conversation handed from the bot to a person: who, why, and where it stands.

    While a handoff is waiting or assigned the bot stays silent in its conversation.
    """

    __tablename__ = "handoffs"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id: str = Column(String(255), nullable=False, index=True)
    channel: str = Column(String(32), nullable=False)
    status: str = Column(String(16), nullable=False, index=True)
    reason: str = Column(String(64), nullable=False)
    skill: str = Column(String(16), nullable=False)
    priority: int = Column(Integer, nullable=False)
    tier: str = Column(String(16), nullable=False, default="standard")
    customer_id: str | None = Column(String(64), nullable=True)
    verified: bool = Column(Boolean, nullable=False, default=False)
    summary: str = Column(Text, nullable=False, default="")
    slots: str = Column(Text, nullable=False, default="{}")  # JSON
    created_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    updated_at: dt.datetime = Column(DateTime(timezone=True), nullable=False, index=True)
    offered_to: int | None = Column(Integer, ForeignKey("users.id"), nullable=True)
    offered_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    passed_over: str = Column(Text, nullable=False, default="[]")  # JSON user ids
    overdue_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    assigned_to: int | None = Column(Integer, ForeignKey("users.id"), nullable=True,
                                     index=True)
    assigned_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    closed_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    resolution: str | None = Column(String(64), nullable=True)
    return_to_bot: bool | None = Column(Boolean, nullable=True)


class HandoffMessage(Base):
    """One line of a handoff's transcript. Lines to the customer written after the handoff
    (agent replies, notices) wait with `delivered_at` empty until the bot delivers them."""

    __tablename__ = "handoff_messages"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    handoff_id: int = Column(Integer, ForeignKey("handoffs.id"), nullable=False, index=True)
    role: str = Column(String(8), nullable=False)  # user, bot, agent
    text: str = Column(Text, nullable=False)
    author: str | None = Column(String(64), nullable=True)  # the agent's name
    at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    outgoing: bool = Column(Boolean, nullable=False, default=False)
    delivered_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)


LEAD_STATUSES = ("new", "contacted", "won", "lost")


class Lead(Base):
    """Sales interest or a callback request captured by the bot."""

    __tablename__ = "leads"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    name: str = Column(String(200), nullable=False)
    phone: str = Column(String(32), nullable=False)
    email: str = Column(String(320), nullable=False, default="")
    interest: str = Column(Text, nullable=False)
    best_time: str = Column(String(200), nullable=False, default="")
    reason: str = Column(String(32), nullable=False)  # sales, no_agent, after_hours
    source_channel: str = Column(String(32), nullable=False)
    conversation_id: str = Column(String(255), nullable=False, index=True)
    customer_id: str | None = Column(String(64), nullable=True)
    status: str = Column(String(16), nullable=False, default="new", index=True)
    owner: str | None = Column(String(64), nullable=True)
    created_at: dt.datetime = Column(DateTime(timezone=True), nullable=False, index=True)
    updated_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)


CONVERSATION_OUTCOMES = ("handoff", "lead", "contained", "abandoned")


class Conversation(Base):
    """One Rasa session of a sender, as facts for analytics
    (see helpdesk/analytics/conversation_facts.py).

    Rewritten after every turn from the tracker's masked events; the transcript holds no PIN.
    """

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("conversation_id", "started_at",
                                       name="uq_conversations_session"),)

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id: str = Column(String(255), nullable=False, index=True)
    started_at: dt.datetime = Column(DateTime(timezone=True), nullable=False, index=True)
    last_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    channel: str = Column(String(32), nullable=False, default="", index=True)
    customer_id: str | None = Column(String(64), nullable=True, index=True)
    verified: bool = Column(Boolean, nullable=False, default=False)
    user_turns: int = Column(Integer, nullable=False, default=0)
    fallback_turns: int = Column(Integer, nullable=False, default=0)
    intents: str = Column(Text, nullable=False, default="[]")  # JSON list, in order
    topic: str | None = Column(String(16), nullable=True)  # orders, billing, sales, general
    handed_off: bool = Column(Boolean, nullable=False, default=False)
    handoff_reason: str | None = Column(String(64), nullable=True)
    lead_captured: bool = Column(Boolean, nullable=False, default=False)
    csat_rating: int | None = Column(Integer, nullable=True)
    csat_comment: str | None = Column(Text, nullable=True)
    transcript: str = Column(Text, nullable=False, default="[]")  # JSON [{role, text, at}]
    outcome: str = Column(String(16), nullable=False)
    updated_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)


class AuditEntry(Base):
    """Who did what, when, in the web app: every change made by an agent, editor or admin."""

    __tablename__ = "audit_log"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    at: dt.datetime = Column(DateTime(timezone=True), nullable=False, index=True)
    username: str = Column(String(64), nullable=False, index=True)
    role: str = Column(String(16), nullable=False)
    action: str = Column(String(80), nullable=False)  # e.g. "handoffs.claim"
    target: str = Column(String(300), nullable=False)  # the request path
    status: int = Column(Integer, nullable=False)
    client: str = Column(String(64), nullable=False, default="")
