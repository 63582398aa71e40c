"""Leads in the store: create, list with filters, follow-up status and owner, CSV export."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import or_, select

from helpdesk.leads.models import LEAD_STATUSES, Lead
from helpdesk.store.database import session_scope
from helpdesk.store.times import as_utc
from helpdesk.text.csv_cells import csv_text

CSV_COLUMNS = ("id", "name", "phone", "email", "interest", "best_time", "source_channel",
               "conversation_id", "customer_id", "reason", "status", "owner", "created_at")


class LeadError(ValueError):
    status = 400


class LeadNotFound(LeadError):
    status = 404


@dataclass(frozen=True)
class LeadView:
    id: int
    name: str
    phone: str
    email: str
    interest: str
    best_time: str
    source_channel: str
    conversation_id: str
    customer_id: str | None
    reason: str
    status: str
    owner: str | None
    created_at: str
    updated_at: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _view(row: Lead) -> LeadView:
    return LeadView(id=row.id, name=row.name, phone=row.phone, email=row.email,
                    interest=row.interest, best_time=row.best_time,
                    source_channel=row.source_channel, conversation_id=row.conversation_id,
                    customer_id=row.customer_id, reason=row.reason, status=row.status,
                    owner=row.owner, created_at=as_utc(row.created_at).isoformat(),
                    updated_at=as_utc(row.updated_at).isoformat())


def create_lead(*, name: str, phone: str, email: str, interest: str, best_time: str,
                reason: str, source_channel: str, conversation_id: str,
                customer_id: str | None) -> LeadView:
    now = dt.datetime.now(dt.timezone.utc)
    with session_scope() as session:
        row = Lead(name=name, phone=phone, email=email, interest=interest,
                   best_time=best_time, reason=reason, source_channel=source_channel,
                   conversation_id=conversation_id[:255], customer_id=customer_id,
                   status="new", created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        return _view(row)


def list_leads(status: str | None = None, owner: str | None = None, search: str | None = None,
               since: dt.datetime | None = None, limit: int = 1000,
               db_url: str | None = None) -> list[LeadView]:
    if status and status not in LEAD_STATUSES:
        raise LeadError(f"status must be one of {', '.join(LEAD_STATUSES)}")
    query = select(Lead).order_by(Lead.created_at.desc(), Lead.id.desc())
    if status:
        query = query.where(Lead.status == status)
    if owner:
        query = query.where(Lead.owner == owner)
    if since:
        query = query.where(Lead.created_at >= since)
    if search:
        like = f"%{search.replace('%', '').replace('_', '')}%"
        query = query.where(or_(Lead.name.ilike(like), Lead.email.ilike(like),
                                Lead.phone.ilike(like), Lead.interest.ilike(like)))
    with session_scope(db_url) as session:
        return [_view(row) for row in session.execute(query.limit(limit)).scalars()]


def update_lead(lead_id: int, status: str | None = None, owner: str | None = None,
                clear_owner: bool = False) -> LeadView:
    if status is not None and status not in LEAD_STATUSES:
        raise LeadError(f"status must be one of {', '.join(LEAD_STATUSES)}")
    with session_scope() as session:
        row = session.get(Lead, lead_id)
        if row is None:
            raise LeadNotFound("no such lead")
        if status is not None:
            row.status = status
        if owner is not None or clear_owner:
            row.owner = owner
        row.updated_at = dt.datetime.now(dt.timezone.utc)
        session.flush()
        return _view(row)


def leads_csv(leads: list[LeadView]) -> str:
    """CSV text; cells that a spreadsheet would run as a formula are quoted with a '."""
    return csv_text(CSV_COLUMNS, ([lead.to_json()[column] for column in CSV_COLUMNS]
                                  for lead in leads))
