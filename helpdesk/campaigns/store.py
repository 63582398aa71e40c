"""Campaigns in the store: create and fill them, start/pause/stop them, the do-not-call
list, and the views and CSV export of their results.

The dialer's own steps (claiming a contact, recording an attempt and its end) are in
helpdesk/campaigns/attempts.py; both change rows only by conditional UPDATEs.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from helpdesk.campaigns.models import (
    PURPOSES,
    CallAttempt,
    Campaign,
    CampaignContact,
    DoNotCall,
)
from helpdesk.campaigns.rules import OUTCOMES, CallingRules, parse_rules
from helpdesk.campaigns.targets import Target, TargetReport, valid_phone
from helpdesk.store.database import session_scope
from helpdesk.store.times import as_utc
from helpdesk.text.csv_cells import csv_text

# What each control does: the states it may be applied in, and the state it leads to.
TRANSITIONS = {"start": ({"draft", "paused"}, "running"),
               "resume": ({"paused"}, "running"),
               "pause": ({"running"}, "paused"),
               "stop": ({"draft", "running", "paused"}, "stopped")}
RESULT_COLUMNS = ("phone", "customer_id", "status", "outcome", "attempts", "answers",
                  "last_call_at")
STORED_RULES_CAP = 1000  # stored rules were checked against the gateway's capacity already
MAX_SCRIPT_CHARS = 2000


class CampaignError(ValueError):
    status = 400


class CampaignNotFound(CampaignError):
    status = 404


class CampaignConflict(CampaignError):
    status = 409


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def stored_rules(campaign: Campaign) -> CallingRules:
    return parse_rules(json.loads(campaign.rules or "{}"), STORED_RULES_CAP)


def check_script(raw: object) -> dict[str, Any]:
    """The purpose's wording the campaign may set (`script`): short texts, survey
    questions; the dialogue has a default for each."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise CampaignError("script must be an object")
    script: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "questions":
            if not (isinstance(value, list) and 1 <= len(value) <= 3
                    and all(isinstance(q, str) and 0 < len(q.strip()) <= 300 for q in value)):
                raise CampaignError("script.questions must be one to three questions of at "
                                    "most 300 characters")
            script[key] = [q.strip() for q in value]
        elif key in ("about", "voicemail"):
            if not isinstance(value, str) or len(value) > MAX_SCRIPT_CHARS:
                raise CampaignError(f"script.{key} must be text of at most "
                                    f"{MAX_SCRIPT_CHARS} characters")
            script[key] = value.strip()
        else:
            raise CampaignError(f"unknown script field {str(key)[:40]!r} (use about, "
                                "questions, voicemail)")
    return script


def _contact_rows(campaign_id: int, targets: list[Target], at: dt.datetime
                  ) -> list[CampaignContact]:
    return [CampaignContact(campaign_id=campaign_id, phone=t.phone, customer_id=t.customer_id,
                            variables=json.dumps(t.variables), status="pending", attempts=0,
                            answers="{}", updated_at=at) for t in targets]


def create_campaign(name: str, purpose: str, targets: list[Target], rules: CallingRules,
                    script: dict[str, Any], created_by: str) -> int:
    name = name.strip() if isinstance(name, str) else ""
    if not name or len(name) > 200:
        raise CampaignError("name must be text of 1 to 200 characters")
    if purpose not in PURPOSES:
        raise CampaignError(f"purpose must be one of {', '.join(PURPOSES)}")
    at = now_utc()
    with session_scope() as session:
        row = Campaign(name=name, purpose=purpose, script=json.dumps(script),
                       rules=json.dumps(rules.to_json()), status="draft",
                       created_by=created_by, created_at=at, updated_at=at)
        session.add(row)
        session.flush()
        session.add_all(_contact_rows(row.id, targets, at))
        return row.id


def campaign_phones(campaign_id: int) -> set[str]:
    with session_scope() as session:
        _campaign(session, campaign_id)
        return set(session.execute(select(CampaignContact.phone).where(
            CampaignContact.campaign_id == campaign_id)).scalars())


def add_targets(campaign_id: int, report: TargetReport) -> int:
    """Add the report's good targets (checked against the campaign's phones already);
    how many were added. A stopped or finished campaign takes no more."""
    with session_scope() as session:
        campaign = _campaign(session, campaign_id)
        if campaign.status in ("stopped", "finished"):
            raise CampaignConflict(f"the campaign is {campaign.status}: it takes no targets")
        session.add_all(_contact_rows(campaign_id, report.targets, now_utc()))
        return len(report.targets)


def _campaign(session: Session, campaign_id: int) -> Campaign:
    row = session.get(Campaign, campaign_id)
    if row is None:
        raise CampaignNotFound("no such campaign")
    return row


def control(campaign_id: int, action: str) -> str:
    """Start, resume, pause or stop; the new status (409 from a state it cannot leave so)."""
    if action not in TRANSITIONS:
        raise CampaignError(f"unknown action {action!r}")
    allowed, target = TRANSITIONS[action]
    with session_scope() as session:
        campaign = _campaign(session, campaign_id)
        if action == "start" and not session.execute(select(func.count()).where(
                CampaignContact.campaign_id == campaign_id)).scalar_one():
            raise CampaignConflict("the campaign has no targets to call")
        changed = session.execute(update(Campaign).where(
            Campaign.id == campaign_id, Campaign.status.in_(allowed)).values(
            status=target, updated_at=now_utc())).rowcount
        if not changed:
            session.refresh(campaign)
            raise CampaignConflict(f"a {campaign.status} campaign cannot {action}")
        return target


# --- views ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Progress:
    counts: dict[str, int]  # contacts by outcome, plus pending and dialing
    contacts: int
    attempts: int
    answered: int
    machines: int
    opted_out: int
    conversions: int  # surveys completed, leads booked or handed to a person

    def rates(self) -> dict[str, float | None]:
        return {"connect_rate": self.answered / self.attempts if self.attempts else None,
                "machine_rate": self.machines / self.attempts if self.attempts else None}


def _progress(session: Session, campaign_id: int) -> Progress:
    counts = {outcome: 0 for outcome in OUTCOMES}
    counts |= {"pending": 0, "dialing": 0}
    total = 0
    for status, outcome, n in session.execute(
            select(CampaignContact.status, CampaignContact.outcome, func.count())
            .where(CampaignContact.campaign_id == campaign_id)
            .group_by(CampaignContact.status, CampaignContact.outcome)):
        key = outcome if status == "done" else status
        counts[key] = counts.get(key, 0) + n
        total += n
    attempts = dict(session.execute(
        select(CallAttempt.outcome, func.count()).where(CallAttempt.campaign_id == campaign_id)
        .group_by(CallAttempt.outcome)).all())
    placed = sum(n for outcome, n in attempts.items() if outcome is not None)
    answered = sum(attempts.get(o, 0) for o in ("completed", "handed_off", "opted_out"))
    return Progress(counts, total, placed, answered, attempts.get("voicemail", 0),
                    counts["opted_out"], counts["completed"] + counts["handed_off"])


def _contact_json(row: CampaignContact, last_call: dt.datetime | None) -> dict[str, Any]:
    return {"id": row.id, "phone": row.phone, "customer_id": row.customer_id,
            "status": row.status, "outcome": row.outcome, "attempts": row.attempts,
            "answers": json.loads(row.answers or "{}"),
            "next_at": _iso(row.next_at) if row.status == "pending" else None,
            "last_call_at": _iso(last_call)}


def _iso(moment: dt.datetime | None) -> str | None:
    return as_utc(moment).isoformat() if moment else None


def _summary(session: Session, row: Campaign) -> dict[str, Any]:
    progress = _progress(session, row.id)
    return {"id": row.id, "name": row.name, "purpose": row.purpose, "status": row.status,
            "rules": json.loads(row.rules or "{}"), "script": json.loads(row.script or "{}"),
            "created_by": row.created_by, "created_at": _iso(row.created_at),
            "counts": progress.counts, "contacts_total": progress.contacts,
            "attempts": progress.attempts, "opted_out": progress.opted_out,
            "conversions": progress.conversions, **progress.rates()}


def list_campaigns() -> list[dict[str, Any]]:
    with session_scope() as session:
        rows = session.execute(select(Campaign).order_by(Campaign.id.desc())).scalars()
        return [_summary(session, row) for row in rows]


def _last_calls(session: Session, campaign_id: int) -> dict[int, dt.datetime]:
    return dict(session.execute(
        select(CallAttempt.contact_id, func.max(CallAttempt.started_at))
        .where(CallAttempt.campaign_id == campaign_id).group_by(CallAttempt.contact_id)).all())


def campaign_detail(campaign_id: int, limit: int = 5000) -> dict[str, Any]:
    """CONTRACT §8's campaign: its summary and its contacts (the first LIMIT)."""
    with session_scope() as session:
        row = _campaign(session, campaign_id)
        last = _last_calls(session, campaign_id)
        contacts = session.execute(select(CampaignContact).where(
            CampaignContact.campaign_id == campaign_id).order_by(CampaignContact.id)
            .limit(limit)).scalars()
        return {**_summary(session, row),
                "contacts": [_contact_json(c, last.get(c.id)) for c in contacts]}


def results_csv(campaign_id: int) -> str:
    detail = campaign_detail(campaign_id, limit=10**9)
    rows = ([c["phone"], c["customer_id"] or "", c["status"], c["outcome"] or "",
             c["attempts"], json.dumps(c["answers"]) if c["answers"] else "",
             c["last_call_at"] or ""] for c in detail["contacts"])
    return csv_text(RESULT_COLUMNS, rows)


def customer_calls(customer_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """The outbound calls to a customer, newest first, for the console's history."""
    with session_scope() as session:
        rows = session.execute(
            select(CallAttempt, Campaign.name, Campaign.purpose)
            .join(CampaignContact, CampaignContact.id == CallAttempt.contact_id)
            .join(Campaign, Campaign.id == CallAttempt.campaign_id)
            .where(CampaignContact.customer_id == customer_id)
            .order_by(CallAttempt.started_at.desc()).limit(limit)).all()
        return [{"direction": "outbound", "campaign": name, "purpose": purpose,
                 "at": _iso(a.started_at), "outcome": a.outcome, "call_sid": a.call_sid,
                 "duration_s": a.duration_s} for a, name, purpose in rows]


def outbound_metrics(since: dt.datetime, until: dt.datetime) -> dict[str, Any]:
    """The campaigns' calls placed in [SINCE, UNTIL), counted apart from the inbound
    conversations of the dashboard: by outcome, with the connect and machine rates."""
    with session_scope() as session:
        by_outcome = dict(session.execute(
            select(CallAttempt.outcome, func.count())
            .where(CallAttempt.started_at >= since, CallAttempt.started_at < until)
            .group_by(CallAttempt.outcome)).all())
    calls = sum(by_outcome.values())
    ended = sum(n for outcome, n in by_outcome.items() if outcome)
    answered = sum(by_outcome.get(o, 0) for o in ("completed", "handed_off", "opted_out"))
    return {"calls": calls, "in_progress": by_outcome.get(None, 0),
            "by_outcome": {o: n for o, n in by_outcome.items() if o},
            "answered": answered,
            "connect_rate": answered / ended if ended else None,
            "machine_rate": by_outcome.get("voicemail", 0) / ended if ended else None}


# --- do not call --------------------------------------------------------------------------
def add_do_not_call(phone: str, reason: str, added_by: str) -> bool:
    """Put PHONE on the list (True) or leave it where it is (False: it was there)."""
    if not valid_phone(phone):
        raise CampaignError("phone must be an E.164 number such as +15551230001")
    with session_scope() as session:
        if session.get(DoNotCall, phone) is not None:
            return False
        session.add(DoNotCall(phone=phone, reason=reason[:200], added_by=added_by[:64],
                              added_at=now_utc()))
        return True


def remove_do_not_call(phone: str) -> bool:
    with session_scope() as session:
        return bool(session.execute(delete(DoNotCall).where(DoNotCall.phone == phone)
                                    ).rowcount)


def do_not_call_list() -> list[dict[str, Any]]:
    with session_scope() as session:
        rows = session.execute(select(DoNotCall).order_by(DoNotCall.added_at.desc())).scalars()
        return [{"phone": r.phone, "reason": r.reason, "added_by": r.added_by,
                 "added_at": _iso(r.added_at)} for r in rows]


def on_do_not_call(session: Session, phone: str) -> bool:
    return session.get(DoNotCall, phone) is not None
