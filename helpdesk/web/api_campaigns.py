"""Outbound campaigns and the do-not-call list (CONTRACT §8), for supervisors and admins,
and Twilio's status callbacks of the campaigns' calls.

Every store call runs in a worker thread. Bad targets are a 400 listing each bad one; a
CSV of targets is taken row by row, like the CRM import (good rows added, each bad row
reported as `file:line: reason`). Starting a campaign needs the dialer configured
(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, HELPDESK_OUTBOUND_FROM); otherwise a 409 says so.
The status callback route takes Twilio's signed form posts only (403 without a valid
X-Twilio-Signature, and always without TWILIO_AUTH_TOKEN: nobody else may end a call's
attempt).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.campaigns import attempts, store
from helpdesk.campaigns.dialer import STATUS_CALLBACK_PATH
from helpdesk.campaigns.rules import parse_rules
from helpdesk.campaigns.segments import segment_targets
from helpdesk.campaigns.targets import (
    TargetReport,
    check_csv_targets,
    check_json_targets,
)
from helpdesk.config import OutboundSettings
from helpdesk.security.twilio_signatures import twilio_signed
from helpdesk.web.auth import SUPERVISORS, current_user
from helpdesk.web.http_json import ApiError, error, int_id, json_body
from helpdesk.web.openapi_doc import json_object
from helpdesk.web.staff_route import PUBLIC, staff_route

log = logging.getLogger(__name__)

CREATE_BODY = json_object({"name": str, "purpose": str, "targets": list, "rules": dict,
                           "script": dict, "segment": str}, required=("name", "purpose"))
CONTROLS = ("start", "pause", "resume", "stop")
NOT_CONFIGURED = ("outbound calling is not configured: set TWILIO_ACCOUNT_SID, "
                  "TWILIO_AUTH_TOKEN and HELPDESK_OUTBOUND_FROM")
MAX_LISTED_ERRORS = 200


def _report_json(report: TargetReport) -> dict[str, Any]:
    return {"errors": report.errors[:MAX_LISTED_ERRORS], "error_count": len(report.errors),
            "duplicates": report.duplicates[:MAX_LISTED_ERRORS],
            "duplicate_count": len(report.duplicates)}


def _bad_targets(report: TargetReport) -> HTTPResponse:
    return response.json({"error": f"{len(report.errors)} bad target(s): "
                                   + "; ".join(report.errors[:5]), **_report_json(report)},
                         status=400)


def _targets_of(body: dict[str, Any]) -> TargetReport:
    """The body's `targets`, after the targets of its CRM `segment` when it names one."""
    segment = body.get("segment")
    if segment is None:
        return check_json_targets(body.get("targets"))
    if not isinstance(segment, str):
        raise ApiError(400, "'segment' must be the name of a segment")
    found = segment_targets(segment)
    report = check_json_targets(body.get("targets", []), {t.phone for t in found})
    report.targets[:0] = found
    return report


def campaigns_blueprint(settings: OutboundSettings) -> Blueprint:
    bp = Blueprint("campaigns", url_prefix="/api")

    @staff_route(bp.post, "/campaigns", "Create a campaign (targets, rules, script)",
                 SUPERVISORS, body=CREATE_BODY)
    async def create(request: Request) -> HTTPResponse:
        body = json_body(request)
        rules = parse_rules(body.get("rules"), settings.max_calls)
        script = store.check_script(body.get("script"))
        report = await asyncio.to_thread(_targets_of, body)
        if report.errors:
            return _bad_targets(report)
        campaign_id = await asyncio.to_thread(
            store.create_campaign, body.get("name"), body.get("purpose"), report.targets,
            rules, script, current_user(request).username)
        return response.json({"id": campaign_id, "contacts": len(report.targets),
                              **_report_json(report)}, status=201)

    @staff_route(bp.post, "/campaigns/<campaign_id>/targets.csv",
                 "Add targets from a CSV (customer_id,phone plus variable columns)",
                 SUPERVISORS)
    async def targets_csv(request: Request, campaign_id: str) -> HTTPResponse:
        cid = int_id(campaign_id, "campaign")
        upload = request.files.get("file") if request.files else None
        data = upload.body if upload else (request.body or b"")
        name = (upload.name if upload else "") or "targets.csv"
        existing = await asyncio.to_thread(store.campaign_phones, cid)
        report = await asyncio.to_thread(check_csv_targets, data, name[:100], existing)
        added = await asyncio.to_thread(store.add_targets, cid, report)
        return response.json({"added": added, **_report_json(report)})

    @staff_route(bp.get, "/campaigns", "Campaigns, newest first, with their progress",
                 SUPERVISORS)
    async def campaigns(_: Request) -> HTTPResponse:
        return response.json(await asyncio.to_thread(store.list_campaigns))

    @staff_route(bp.get, "/campaigns/<campaign_id>", "A campaign with its contacts",
                 SUPERVISORS)
    async def campaign(_: Request, campaign_id: str) -> HTTPResponse:
        return response.json(await asyncio.to_thread(
            store.campaign_detail, int_id(campaign_id, "campaign")))

    @staff_route(bp.get, "/campaigns/<campaign_id>/results.csv",
                 "Each contact's outcome, attempts and answers as CSV", SUPERVISORS)
    async def results(_: Request, campaign_id: str) -> HTTPResponse:
        cid = int_id(campaign_id, "campaign")
        text = await asyncio.to_thread(store.results_csv, cid)
        return response.text(text, content_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="campaign-{cid}-results.csv"'})

    @staff_route(bp.post, "/campaigns/<campaign_id>/<action>",
                 "Start, pause, resume or stop a campaign", SUPERVISORS)
    async def control(_: Request, campaign_id: str, action: str) -> HTTPResponse:
        if action not in CONTROLS:
            return error(404, f"no such action {action[:20]!r}; use {', '.join(CONTROLS)}")
        if action in ("start", "resume") and not settings.configured:
            return error(409, NOT_CONFIGURED)
        status = await asyncio.to_thread(store.control, int_id(campaign_id, "campaign"),
                                         action)
        return response.json({"id": int(campaign_id), "status": status})

    _add_do_not_call(bp)
    return bp


def _add_do_not_call(bp: Blueprint) -> None:
    @staff_route(bp.get, "/dnc", "The do-not-call list", SUPERVISORS)
    async def dnc(_: Request) -> HTTPResponse:
        return response.json(await asyncio.to_thread(store.do_not_call_list))

    @staff_route(bp.post, "/dnc", "Put a number on the do-not-call list", SUPERVISORS,
                 body=json_object({"phone": str, "reason": str}, required=("phone",)))
    async def add(request: Request) -> HTTPResponse:
        body = json_body(request)
        phone, reason = body.get("phone"), body.get("reason") or "added by staff"
        if not isinstance(phone, str) or not isinstance(reason, str):
            return error(400, "'phone' (and 'reason') must be text")
        added = await asyncio.to_thread(store.add_do_not_call, phone.strip(), reason,
                                        current_user(request).username)
        return response.json({"phone": phone.strip(), "added": added},
                             status=201 if added else 200)

    @staff_route(bp.delete, "/dnc/<phone>", "Take a number off the do-not-call list",
                 SUPERVISORS)
    async def remove(_: Request, phone: str) -> HTTPResponse:
        if not await asyncio.to_thread(store.remove_do_not_call, phone):
            return error(404, "that number is not on the do-not-call list")
        return response.json({"phone": phone, "removed": True})


def status_callback_blueprint(settings: OutboundSettings) -> Blueprint:
    """Twilio's status callbacks of the campaigns' calls (signed form posts)."""
    bp = Blueprint("campaign_calls")

    @staff_route(bp.post, STATUS_CALLBACK_PATH, "Twilio status callback of a campaign call",
                 PUBLIC)
    async def call_status(request: Request) -> HTTPResponse:
        _check_signature(request, settings)  # an undecodable form is no signed one
        form = {key: request.form.get(key) for key in request.form} if request.form else {}
        sid, status = form.get("CallSid") or "", form.get("CallStatus") or ""
        if not sid or not status:
            return error(400, "CallSid and CallStatus are needed")
        outcome = await asyncio.to_thread(
            attempts.call_status, _attempt_id(request.args.get("attempt")), sid[:64],
            status[:24], form.get("AnsweredBy"), _seconds(form.get("CallDuration")))
        if outcome:
            log.info("campaign call %s ended: %s", sid[:64], outcome)
        return response.empty(204)

    return bp


def _attempt_id(raw: str | None) -> int | None:
    """The attempt id of the callback's URL (None unless a number a row id can be)."""
    if not raw or not raw.isascii() or not raw.isdecimal() or len(raw) > 10:
        return None
    return int(raw) if 0 < int(raw) < 2**31 else None


def _seconds(raw: str | None) -> float | None:
    try:
        return float(raw) if raw else None
    except ValueError:
        return None


def _check_signature(request: Request, settings: OutboundSettings) -> None:
    """Only Twilio posts status callbacks: signed over HELPDESK_CONSOLE_PUBLIC_URL's URL."""
    token = settings.twilio_auth_token
    if not token:
        raise ApiError(403, "status callbacks need TWILIO_AUTH_TOKEN")
    if not twilio_signed(request, token, settings.console_url):
        raise ApiError(403, "bad or missing X-Twilio-Signature")
