"""CRM segments a campaign can target instead of a list: who to tell, remind, survey or
call back, found in the store at the moment the campaign is made.

Each segment gives one target per customer (their CRM phone) with the variables its
purpose's script uses; nothing a caller may hear only after the PIN (a balance, an
address) goes into the variables: the dialogue reads those after verification.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select

from helpdesk.campaigns.targets import Target, valid_phone
from helpdesk.crm.models import Account, Customer, Order, Shipment
from helpdesk.leads.models import Lead
from helpdesk.store.database import session_scope


def shipment_exception() -> list[Target]:
    """Customers with a shipment in `exception`: a delivery notification."""
    with session_scope() as session:
        rows = session.execute(
            select(Customer.customer_id, Customer.phone, Order.order_id, Shipment.carrier)
            .join(Order, Order.customer_id == Customer.customer_id)
            .join(Shipment, Shipment.order_id == Order.order_id)
            .where(Shipment.status == "exception").order_by(Order.order_id)).all()
    return _targets((cid, phone, {"order_id": oid, "carrier": carrier})
                    for cid, phone, oid, carrier in rows)


def delivered_recently(days: int = 7) -> list[Target]:
    """Customers whose shipment was delivered in the last DAYS days: a survey."""
    since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
    with session_scope() as session:
        rows = session.execute(
            select(Customer.customer_id, Customer.phone, Order.order_id)
            .join(Order, Order.customer_id == Customer.customer_id)
            .join(Shipment, Shipment.order_id == Order.order_id)
            .where(Shipment.status == "delivered", Shipment.updated_at >= since)
            .order_by(Order.order_id)).all()
    return _targets((cid, phone, {"order_id": oid}) for cid, phone, oid in rows)


def store_credit() -> list[Target]:
    """Customers holding store credit: a reminder (the amount after the PIN)."""
    with session_scope() as session:
        rows = session.execute(
            select(Customer.customer_id, Customer.phone)
            .join(Account, Account.customer_id == Customer.customer_id)
            .where(Account.kind == "store_credit", Account.balance > 0)
            .order_by(Customer.customer_id)).all()
    return _targets((cid, phone, {"account_kind": "store_credit"}) for cid, phone in rows)


def open_callback_leads() -> list[Target]:
    """Leads the bot took when nobody was free (or out of hours), not yet followed up."""
    with session_scope() as session:
        rows = session.execute(
            select(Lead.customer_id, Lead.phone, Lead.id, Lead.interest)
            .where(Lead.status == "new", Lead.reason.in_(("no_agent", "after_hours")))
            .order_by(Lead.created_at)).all()
    return _targets((cid, phone, {"lead_id": str(lid), "interest": interest[:300]})
                    for cid, phone, lid, interest in rows)


SEGMENTS: dict[str, Callable[[], list[Target]]] = {
    "shipment_exception": shipment_exception,
    "delivered_last_7_days": delivered_recently,
    "store_credit": store_credit,
    "open_callback_leads": open_callback_leads,
}


class SegmentError(ValueError):
    status = 400


def segment_targets(name: str) -> list[Target]:
    if name not in SEGMENTS:
        raise SegmentError(f"unknown segment {name[:40]!r}; use {', '.join(SEGMENTS)}")
    return SEGMENTS[name]()


def _targets(rows: object) -> list[Target]:
    """One target per phone (the first row of each), valid numbers only."""
    seen: set[str] = set()
    targets = []
    for customer_id, phone, variables in rows:  # type: ignore[attr-defined]
        if phone in seen or not valid_phone(phone or ""):
            continue
        seen.add(phone)
        targets.append(Target(phone, customer_id, variables))
    return targets
