"""Leads (CONTRACT §7): list and filter, CSV export, follow-up status and owner."""

from __future__ import annotations

import asyncio
import datetime as dt

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic_ext.extensions.openapi import openapi

from helpdesk.leads.store import LeadError, leads_csv, list_leads, update_lead
from helpdesk.web.auth import require
from helpdesk.web.http_json import error, int_id, json_body
from helpdesk.web.metrics_params import moment
from helpdesk.web.openapi_doc import json_object

STAFF = ("agent", "admin")


def leads_blueprint() -> Blueprint:
    bp = Blueprint("leads", url_prefix="/api")

    @bp.get("/leads")
    @openapi.summary("Leads, newest first (?status=&owner=&q=&since=ISO8601)")
    @openapi.parameter("status", str, "query")
    @openapi.parameter("owner", str, "query")
    @openapi.parameter("q", str, "query")
    @openapi.parameter("since", dt.datetime, "query")
    @openapi.secured("token")
    @require(*STAFF)
    async def leads(request: Request) -> HTTPResponse:
        try:
            found = await asyncio.to_thread(list_leads, **_filters(request))
        except LeadError as exc:
            return error(exc.status, str(exc))
        return response.json([lead.to_json() for lead in found])

    @bp.get("/leads.csv")
    @openapi.summary("The same leads as CSV")
    @openapi.parameter("status", str, "query")
    @openapi.parameter("owner", str, "query")
    @openapi.parameter("q", str, "query")
    @openapi.parameter("since", dt.datetime, "query")
    @openapi.secured("token")
    @require(*STAFF)
    async def leads_as_csv(request: Request) -> HTTPResponse:
        try:
            found = await asyncio.to_thread(list_leads, **_filters(request))
        except LeadError as exc:
            return error(exc.status, str(exc))
        return response.text(leads_csv(found), content_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="leads.csv"'})

    @bp.patch("/leads/<lead_id>")
    @openapi.summary("Set the follow-up status (new, contacted, won, lost) and owner")
    @openapi.secured("token")
    @openapi.body(json_object({"status": str, "owner": str}))
    @require(*STAFF)
    async def change(request: Request, lead_id: str) -> HTTPResponse:
        body = json_body(request)
        status, owner = body.get("status"), body.get("owner", ...)
        if status is not None and not isinstance(status, str):
            return error(400, "'status' must be text")
        if owner is not ... and owner is not None and (
                not isinstance(owner, str) or len(owner) > 64):
            return error(400, "'owner' must be a user name (or null)")
        try:
            lead = await asyncio.to_thread(
                update_lead, int_id(lead_id, "lead"), status,
                owner if owner is not ... else None, clear_owner=owner is None)
        except LeadError as exc:
            return error(exc.status, str(exc))
        await request.app.ctx.handoff_events.changed_now()
        return response.json(lead.to_json())

    return bp


def _filters(request: Request) -> dict:
    # in UTC: PostgreSQL refuses offsets past 15:59 that Python accepts (+16:00 was a 500)
    since = moment(request.args.get("since"), "since")
    return {"status": request.args.get("status") or None,
            "owner": request.args.get("owner") or None,
            "search": (request.args.get("q") or "").strip()[:200] or None, "since": since}
