"""The dialer's steps in the store, each a conditional UPDATE so that two dialers (two web
app processes, or one restarted mid-campaign) never both call a contact, and a status
callback that Twilio repeats changes nothing twice.

- `take_turn`: the campaign's pacing slot (calls per second), taken by one process;
- `claim`: a due contact, `pending` → `dialing`, with a new attempt `placing`;
- `placed` / `not_placed`: Twilio's answer to the create request;
- `call_status`: Twilio's status callbacks, up to the call's end, which settles the
  contact: done with a final outcome, or pending again at its retry time;
- `dialogue_result`: what the bot's dialogue decided and collected during the call;
- `recover`: attempts a dead process left behind end as `failed`, so the contact is
  retried after its retry interval, never at once; `unsettled`: calls whose final status
  callback never came (the web app was down), for the dialer to ask Twilio about.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from helpdesk.campaigns.models import CallAttempt, Campaign, CampaignContact
from helpdesk.campaigns.rules import (
    FINAL_OUTCOMES,
    callee_zone,
    day_start,
    next_opening,
    retry_at,
)
from helpdesk.campaigns.store import add_do_not_call, now_utc, on_do_not_call, stored_rules
from helpdesk.store.database import session_scope
from helpdesk.store.times import as_utc

LIVE_STATUSES = ("placing", "queued", "initiated", "ringing", "in-progress")
PLACING_STALE_S = 120  # a create request never answered: its process died
CALL_STALE_S = 4 * 3600  # no final status callback for this long: the call is over
DUE_BATCH = 20
# Twilio's CallStatus at the end of a call, as our outcomes (completed is decided apart).
ENDED_STATUSES = {"busy": "busy", "no-answer": "no_answer", "failed": "failed",
                  "canceled": "failed"}
BOT_OUTCOMES = ("completed", "handed_off", "opted_out")


@dataclass(frozen=True)
class Claim:
    """A contact taken for one call."""

    attempt_id: int
    campaign_id: int
    contact_id: int
    phone: str
    customer_id: str | None
    purpose: str


@dataclass(frozen=True)
class CallContext:
    """What the bot's dialogue knows of an outbound call (looked up by its attempt)."""

    attempt_id: int
    campaign_id: int
    campaign_name: str
    purpose: str
    script: dict[str, Any]
    phone: str
    customer_id: str | None
    variables: dict[str, str]


def running_campaigns() -> list[int]:
    with session_scope() as session:
        return list(session.execute(select(Campaign.id).where(
            Campaign.status == "running").order_by(Campaign.id)).scalars())


def live_calls(session: Session, campaign_id: int) -> int:
    return session.execute(select(func.count()).where(
        CallAttempt.campaign_id == campaign_id,
        CallAttempt.status.in_(LIVE_STATUSES))).scalar_one()


def take_turn(campaign_id: int, now: dt.datetime, max_calls: int) -> bool:
    """The campaign's next pacing slot, if its calls-per-second and calls-at-once allow
    one now, and the campaigns together have fewer than MAX_CALLS calls (what the gateway
    carries); only one process gets each slot."""
    with session_scope() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None or campaign.status != "running":
            return False
        rules = stored_rules(campaign)
        if live_calls(session, campaign_id) >= rules.max_concurrent:
            return False
        if session.execute(select(func.count()).where(
                CallAttempt.status.in_(LIVE_STATUSES))).scalar_one() >= max_calls:
            return False
        gap = dt.timedelta(seconds=1 / rules.calls_per_second)
        last = as_utc(campaign.last_dial_at)
        if last is not None and last > now - gap:
            return False
        condition = (Campaign.last_dial_at.is_(None) if last is None
                     else Campaign.last_dial_at == campaign.last_dial_at)
        return bool(session.execute(update(Campaign).where(
            Campaign.id == campaign_id, Campaign.status == "running", condition)
            .values(last_dial_at=now)).rowcount)


def _calls_today(session: Session, phone: str, since: dt.datetime) -> int:
    return session.execute(select(func.count()).where(
        CallAttempt.phone == phone, CallAttempt.started_at >= since)).scalar_one()


def _settle(session: Session, contact: CampaignContact, outcome: str,
            next_at: dt.datetime | None, now: dt.datetime, from_status: str) -> bool:
    values: dict[str, Any] = {"outcome": outcome, "updated_at": now}
    values |= ({"status": "pending", "next_at": next_at} if next_at
               else {"status": "done", "next_at": None})
    return bool(session.execute(update(CampaignContact).where(
        CampaignContact.id == contact.id, CampaignContact.status == from_status)
        .values(**values)).rowcount)


def _postpone(session: Session, contact: CampaignContact, until: dt.datetime | None,
              now: dt.datetime) -> None:
    """Not now: at UNTIL, or never (the window does not open: skipped)."""
    if until is None:
        _settle(session, contact, "skipped_window", None, now, "pending")
    else:
        session.execute(update(CampaignContact).where(
            CampaignContact.id == contact.id, CampaignContact.status == "pending")
            .values(next_at=until, updated_at=now))


def _may_dial(session: Session, contact: CampaignContact, campaign: Campaign,
              business_zone: str, now: dt.datetime) -> bool:
    """Apply the rules to one due contact: True when it may be called now; otherwise it
    has been postponed or settled."""
    rules = stored_rules(campaign)
    if on_do_not_call(session, contact.phone):
        _settle(session, contact, "opted_out", None, now, "pending")
        return False
    where: ZoneInfo = callee_zone(contact.phone, rules.timezone, business_zone)
    opening = next_opening(now, rules, where)
    if opening is None or opening > now:
        _postpone(session, contact, opening, now)
        return False
    if _calls_today(session, contact.phone, day_start(now, where)) >= \
            rules.max_calls_per_number_per_day:
        tomorrow = day_start(now, where) + dt.timedelta(days=1, hours=1)
        _postpone(session, contact, next_opening(tomorrow, rules, where), now)
        return False
    return True


def claim(campaign_id: int, business_zone: str, now: dt.datetime | None = None
          ) -> Claim | None:
    """The next due contact of the campaign that the rules let us call now, taken for a
    call (None when there is none). Contacts the rules hold back on the way are postponed
    (window, daily cap) or settled (do-not-call, a window that never opens)."""
    now = now or now_utc()
    with session_scope() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None or campaign.status != "running":
            return None
        due = session.execute(select(CampaignContact).where(
            CampaignContact.campaign_id == campaign_id, CampaignContact.status == "pending",
            (CampaignContact.next_at.is_(None)) | (CampaignContact.next_at <= now))
            .order_by(CampaignContact.next_at.is_not(None), CampaignContact.next_at,
                      CampaignContact.id).limit(DUE_BATCH)).scalars().all()
        for contact in due:
            if not _may_dial(session, contact, campaign, business_zone, now):
                continue
            taken = session.execute(update(CampaignContact).where(
                CampaignContact.id == contact.id, CampaignContact.status == "pending")
                .values(status="dialing", attempts=CampaignContact.attempts + 1,
                        updated_at=now)).rowcount
            if not taken:
                continue  # another dialer took it first
            attempt = CallAttempt(contact_id=contact.id, campaign_id=campaign_id,
                                  phone=contact.phone, status="placing", started_at=now)
            session.add(attempt)
            session.flush()
            return Claim(attempt.id, campaign_id, contact.id, contact.phone,
                         contact.customer_id, campaign.purpose)
        _finish_if_done(session, campaign_id, now)
        return None


def _finish_if_done(session: Session, campaign_id: int, now: dt.datetime) -> None:
    left = session.execute(select(func.count()).where(
        CampaignContact.campaign_id == campaign_id,
        CampaignContact.status != "done")).scalar_one()
    if not left:
        session.execute(update(Campaign).where(
            Campaign.id == campaign_id, Campaign.status == "running")
            .values(status="finished", updated_at=now))


def placed(attempt_id: int, call_sid: str) -> None:
    with session_scope() as session:
        session.execute(update(CallAttempt).where(
            CallAttempt.id == attempt_id, CallAttempt.call_sid.is_(None))
            .values(call_sid=call_sid))
        session.execute(update(CallAttempt).where(
            CallAttempt.id == attempt_id, CallAttempt.status == "placing")
            .values(status="queued"))


def _end_attempt(session: Session, attempt: CallAttempt, outcome: str, now: dt.datetime,
                 **values: Any) -> bool:
    """End ATTEMPT with OUTCOME and settle its contact (retry or done); False when it had
    ended already (a repeated callback)."""
    ended = session.execute(update(CallAttempt).where(
        CallAttempt.id == attempt.id, CallAttempt.status.in_(LIVE_STATUSES))
        .values(status="ended", outcome=outcome, ended_at=now, **values)).rowcount
    if not ended:
        return False
    contact = session.get(CampaignContact, attempt.contact_id)
    campaign = session.get(Campaign, attempt.campaign_id)
    if contact is None or campaign is None:
        return True
    rules = stored_rules(campaign)
    next_at = None if outcome in FINAL_OUTCOMES else retry_at(outcome, contact.attempts,
                                                             rules, now)
    if outcome == "opted_out":
        next_at = None
    _settle(session, contact, outcome, next_at, now, "dialing")
    _finish_if_done(session, attempt.campaign_id, now)
    return True


def not_placed(attempt_id: int, outcome: str, error: str,
               now: dt.datetime | None = None) -> None:
    """Twilio refused or did not answer the create request: `invalid_number` (done) or
    `failed` (retried after the interval)."""
    now = now or now_utc()
    with session_scope() as session:
        attempt = session.get(CallAttempt, attempt_id)
        if attempt is not None:
            _end_attempt(session, attempt, outcome, now, error=error[:300])


def _attempt_of(session: Session, attempt_id: int | None, call_sid: str
                ) -> CallAttempt | None:
    """The attempt a callback is about: by the id in its URL (the callback may come before
    the create request's answer was recorded), which must agree with the call SID."""
    if attempt_id is not None:
        attempt = session.get(CallAttempt, attempt_id)
        if attempt is None or (attempt.call_sid and attempt.call_sid != call_sid):
            return None
        if attempt.call_sid is None:
            attempt.call_sid = call_sid
        return attempt
    return session.execute(select(CallAttempt).where(
        CallAttempt.call_sid == call_sid)).scalar_one_or_none()


def call_status(attempt_id: int | None, call_sid: str, status: str,
                answered_by: str | None, duration_s: float | None,
                now: dt.datetime | None = None) -> str | None:
    """A Twilio status callback; the attempt's outcome once the call has ended (None
    before, and for a call we did not place)."""
    now = now or now_utc()
    with session_scope() as session:
        attempt = _attempt_of(session, attempt_id, call_sid)
        if attempt is None:
            return None
        if attempt.status == "placing":
            attempt.status = "queued"
        if answered_by:
            attempt.answered_by = answered_by[:32]
        if status in ("ringing", "initiated", "queued", "in-progress"):
            if attempt.status in LIVE_STATUSES:
                attempt.status = status
                if status == "in-progress" and attempt.answered_at is None:
                    attempt.answered_at = now
            return None
        outcome = _final_outcome(status, attempt.bot_outcome, attempt.answered_by)
        if not _end_attempt(session, attempt, outcome, now, duration_s=duration_s):
            return attempt.outcome
        return outcome


def _final_outcome(status: str, bot_outcome: str | None, answered_by: str | None) -> str:
    if status in ENDED_STATUSES:
        return ENDED_STATUSES[status]
    if bot_outcome:
        return bot_outcome
    if answered_by and (answered_by.startswith("machine") or answered_by == "fax"):
        return "voicemail"
    return "completed"


def call_context(attempt_id: int) -> CallContext | None:
    with session_scope() as session:
        attempt = session.get(CallAttempt, attempt_id)
        if attempt is None:
            return None
        contact = session.get(CampaignContact, attempt.contact_id)
        campaign = session.get(Campaign, attempt.campaign_id)
        if contact is None or campaign is None:
            return None
        return CallContext(attempt.id, campaign.id, campaign.name, campaign.purpose,
                           json.loads(campaign.script or "{}"), contact.phone,
                           contact.customer_id, json.loads(contact.variables or "{}"))


def dialogue_result(attempt_id: int, outcome: str | None = None,
                    answers: dict[str, Any] | None = None) -> None:
    """What the dialogue decided (completed, handed_off, opted_out) and collected. An
    opt-out puts the number on the do-not-call list at once."""
    if outcome is not None and outcome not in BOT_OUTCOMES:
        raise ValueError(f"a dialogue ends as one of {', '.join(BOT_OUTCOMES)}")
    phone = None
    with session_scope() as session:
        attempt = session.get(CallAttempt, attempt_id)
        if attempt is None:
            return
        if outcome is not None and attempt.bot_outcome != "opted_out":
            attempt.bot_outcome = outcome
        if answers:
            contact = session.get(CampaignContact, attempt.contact_id)
            if contact is not None:
                contact.answers = json.dumps({**json.loads(contact.answers or "{}"),
                                              **answers})
        phone = attempt.phone if outcome == "opted_out" else None
    if phone:
        add_do_not_call(phone, "asked during an outbound call", "callee")


@dataclass(frozen=True)
class Unsettled:
    """A call placed a while ago with no final status callback (one lost while the web app
    was down): the dialer asks Twilio how it ended."""

    attempt_id: int
    call_sid: str


def unsettled(older_than_s: float, now: dt.datetime | None = None) -> list[Unsettled]:
    now = now or now_utc()
    with session_scope() as session:
        rows = session.execute(select(CallAttempt.id, CallAttempt.call_sid).where(
            CallAttempt.status.in_(LIVE_STATUSES), CallAttempt.call_sid.is_not(None),
            CallAttempt.started_at < now - dt.timedelta(seconds=older_than_s))).all()
    return [Unsettled(attempt_id, sid) for attempt_id, sid in rows]


def recover(now: dt.datetime | None = None) -> int:
    """End the attempts a dead dialer left behind: a create request never answered, or
    a call with no final callback; each counts as failed (retried after the interval)."""
    now = now or now_utc()
    ended = 0
    with session_scope() as session:
        stale = session.execute(select(CallAttempt).where(
            ((CallAttempt.status == "placing")
             & (CallAttempt.started_at < now - dt.timedelta(seconds=PLACING_STALE_S)))
            | ((CallAttempt.status.in_(LIVE_STATUSES))
               & (CallAttempt.started_at < now - dt.timedelta(seconds=CALL_STALE_S))))
        ).scalars().all()
        for attempt in stale:
            ended += _end_attempt(session, attempt, "failed", now,
                                  error="no answer from the dialer or Twilio in time")
    return ended
