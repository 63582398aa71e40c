"""Leads (CONTRACT §7): list and filter, CSV export, follow-up status and owner. Every store
call runs in a worker thread; LeadError (400, LeadNotFound 404) becomes JSON in
helpdesk/web/domain_errors.py."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.leads.store import LeadView, leads_csv, list_leads, update_lead
from helpdesk.web.auth import STAFF
from helpdesk.web.http_json import error, int_id, json_body
from helpdesk.web.metrics_params import moment
from helpdesk.web.openapi_doc import json_object
from helpdesk.web.staff_route import staff_route

FILTERS = [("status", str), ("owner", str), ("q", str), ("since", dt.datetime)]
CSV_HEADERS = {"Content-Disposition": 'attachment; filename="leads.csv"'}
UNSET: Any = ...  # the owner was not sent (None: sent as null, clear it)


def leads_blueprint() -> Blueprint:
    bp = Blueprint("leads", url_prefix="/api")

    @staff_route(bp.get, "/leads", "Leads, newest first (?status=&owner=&q=&since=ISO8601)",
                 STAFF, query=FILTERS)
    async def leads(request: Request) -> HTTPResponse:
        return response.json([lead.to_json() for lead in await _filtered(request)])

    @staff_route(bp.get, "/leads.csv", "The same leads as CSV", STAFF, query=FILTERS)
    async def leads_as_csv(request: Request) -> HTTPResponse:
        return response.text(leads_csv(await _filtered(request)),
                             content_type="text/csv; charset=utf-8", headers=CSV_HEADERS)

    @staff_route(bp.patch, "/leads/<lead_id>",
                 "Set the follow-up status (new, contacted, won, lost) and owner", STAFF,
                 body=json_object({"status": str, "owner": str}))
    async def change(request: Request, lead_id: str) -> HTTPResponse:
        body = json_body(request)
        status, owner = body.get("status"), body.get("owner", UNSET)
        if status is not None and not isinstance(status, str):
            return error(400, "'status' must be text")
        if owner is not UNSET and owner is not None and (
                not isinstance(owner, str) or len(owner) > 64):
            return error(400, "'owner' must be a user name (or null)")
        lead = await asyncio.to_thread(
            update_lead, int_id(lead_id, "lead"), status,
            owner if owner is not UNSET else None, clear_owner=owner is None)
        await request.app.ctx.handoff_events.changed_now()
        return response.json(lead.to_json())

    return bp


async def _filtered(request: Request) -> list[LeadView]:
    """The leads matching the query's filters (a bad filter: LeadError or ApiError, 400)."""
    args = request.args
    # in UTC: PostgreSQL refuses offsets past 15:59 that Python accepts (+16:00 was a 500)
    since = moment(args.get("since"), "since")
    return await asyncio.to_thread(
        list_leads, status=args.get("status") or None, owner=args.get("owner") or None,
        search=(args.get("q") or "").strip()[:200] or None, since=since)
