"""The audit log for admins: GET /api/audit?user=&since=ISO8601&limit=."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import asdict

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.audit.log import list_entries
from helpdesk.web.auth import ADMINS
from helpdesk.web.http_json import error
from helpdesk.web.metrics_params import moment
from helpdesk.web.staff_route import staff_route


def audit_blueprint() -> Blueprint:
    bp = Blueprint("audit", url_prefix="/api")

    @staff_route(bp.get, "/audit",
                 "Who did what, when: changes made in the web app, newest first", ADMINS,
                 query=[("user", str), ("since", dt.datetime), ("limit", int)])
    async def audit(request: Request) -> HTTPResponse:
        since = moment(request.args.get("since"), "since")  # in UTC, for PostgreSQL
        raw_limit = request.args.get("limit") or "200"
        if not raw_limit.isdecimal() or len(raw_limit) > 4 or not 1 <= int(raw_limit) <= 1000:
            return error(400, "'limit' must be a whole number from 1 to 1000")
        user = (request.args.get("user") or "").strip()[:64] or None
        entries = await asyncio.to_thread(list_entries, user, since, int(raw_limit))
        return response.json([asdict(entry) for entry in entries])

    return bp
