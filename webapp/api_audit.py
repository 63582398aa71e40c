"""The audit log for admins: GET /api/audit?user=&since=ISO8601&limit=."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import asdict

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic_ext.extensions.openapi import openapi

from .audit_log import list_entries
from .auth import require
from .http_json import error


def audit_blueprint() -> Blueprint:
    bp = Blueprint("audit", url_prefix="/api")

    @bp.get("/audit")
    @openapi.summary("Who did what, when: changes made in the web app, newest first")
    @openapi.secured("token")
    @require("admin")
    async def audit(request: Request) -> HTTPResponse:
        since = None
        raw_since = request.args.get("since") or ""
        if raw_since:
            try:
                since = dt.datetime.fromisoformat(raw_since.replace("Z", "+00:00"))
            except ValueError:
                return error(400, "'since' must be an ISO 8601 date or time")
            if since.tzinfo is None:
                since = since.replace(tzinfo=dt.timezone.utc)
        raw_limit = request.args.get("limit") or "200"
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 1000:
            return error(400, "'limit' must be a whole number from 1 to 1000")
        user = (request.args.get("user") or "").strip()[:64] or None
        entries = await asyncio.to_thread(list_entries, user, since, int(raw_limit))
        return response.json([asdict(entry) for entry in entries])

    return bp
