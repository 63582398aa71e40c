"""The campaigns' tables: campaigns, their contacts, every call attempt, and the
do-not-call list.

A contact's state changes only by conditional UPDATEs (helpdesk/campaigns/store.py), as
the handoffs' do, so two dialers (two web app processes, or one restarted) never both
take a contact: `pending` → `dialing` (claimed, an attempt placed) → `pending` again with
`next_at` (a retry) or `done` with its final outcome.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Float, ForeignKey, Integer, String, Text

from helpdesk.store.base import Base

PURPOSES = ("notification", "survey", "reminder", "lead_callback")
CAMPAIGN_STATUSES = ("draft", "running", "paused", "stopped", "finished")
CONTACT_STATUSES = ("pending", "dialing", "done")


class Campaign(Base):
    """One outbound campaign: its purpose and script, its calling rules (JSON), its state."""

    __tablename__ = "campaigns"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    name: str = Column(String(200), nullable=False)
    purpose: str = Column(String(32), nullable=False)
    script: str = Column(Text, nullable=False, default="{}")  # JSON: the purpose's wording
    rules: str = Column(Text, nullable=False, default="{}")  # JSON: CallingRules.to_json()
    status: str = Column(String(16), nullable=False, default="draft", index=True)
    created_by: str = Column(String(64), nullable=False)
    created_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    updated_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    last_dial_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)


class CampaignContact(Base):
    """One person a campaign phones: the number, the customer when known, the variables
    of the script, where the contact stands and its latest outcome and answers."""

    __tablename__ = "campaign_contacts"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    campaign_id: int = Column(Integer, ForeignKey(Campaign.id), nullable=False, index=True)
    phone: str = Column(String(32), nullable=False, index=True)
    customer_id: str | None = Column(String(64), nullable=True, index=True)
    variables: str = Column(Text, nullable=False, default="{}")  # JSON
    status: str = Column(String(16), nullable=False, default="pending", index=True)
    outcome: str | None = Column(String(32), nullable=True)
    attempts: int = Column(Integer, nullable=False, default=0)
    next_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True, index=True)
    answers: str = Column(Text, nullable=False, default="{}")  # JSON: what the callee said
    updated_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)


class CallAttempt(Base):
    """One call placed to a contact: when, Twilio's call SID, how it went."""

    __tablename__ = "call_attempts"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    contact_id: int = Column(Integer, ForeignKey(CampaignContact.id), nullable=False,
                             index=True)
    campaign_id: int = Column(Integer, ForeignKey(Campaign.id), nullable=False, index=True)
    phone: str = Column(String(32), nullable=False, index=True)
    call_sid: str | None = Column(String(64), nullable=True, unique=True)
    status: str = Column(String(24), nullable=False)  # placing, queued, ringing, in-progress, ended
    answered_by: str | None = Column(String(32), nullable=True)
    outcome: str | None = Column(String(32), nullable=True)
    bot_outcome: str | None = Column(String(32), nullable=True)  # what the dialogue decided
    error: str | None = Column(String(300), nullable=True)
    started_at: dt.datetime = Column(DateTime(timezone=True), nullable=False, index=True)
    answered_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    ended_at: dt.datetime | None = Column(DateTime(timezone=True), nullable=True)
    duration_s: float | None = Column(Float, nullable=True)


class DoNotCall(Base):
    """A number nobody phones again, and why it is on the list."""

    __tablename__ = "do_not_call"

    phone: str = Column(String(32), primary_key=True)
    reason: str = Column(String(200), nullable=False)
    added_by: str = Column(String(64), nullable=False)
    added_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
