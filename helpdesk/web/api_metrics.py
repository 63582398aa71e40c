"""The dashboard's API (CONTRACT §7): KPIs, the conversation review list, one conversation,
and a customer's history across channels. Roles agent and admin; an agent sees only the
conversations and customers of their handoffs and the waiting queue (handoff_access)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic_ext.extensions.openapi import openapi

from helpdesk.analytics.metrics import compute_metrics
from helpdesk.analytics.queries import (
    ConversationFilters,
    customer_history,
    get_conversation,
    list_conversations,
    metric_rows,
)
from helpdesk.faq.unanswered import list_unanswered
from helpdesk.handoffs.access import NOT_YOUR_CUSTOMER, conversation_scope
from helpdesk.web import metrics_params as params
from helpdesk.web.auth import current_user, require
from helpdesk.web.http_json import ApiError, error, int_id

STAFF = ("agent", "admin")
TOP_UNANSWERED = 10


def metrics_blueprint() -> Blueprint:
    bp = Blueprint("metrics", url_prefix="/api")

    @bp.get("/metrics")
    @openapi.summary("KPIs over [since, until) (default: the last 30 days), optionally for "
                     "one channel (?since=ISO8601&until=ISO8601&channel=socketio|rest|voice)")
    @openapi.parameter("since", dt.datetime, "query")
    @openapi.parameter("until", dt.datetime, "query")
    @openapi.parameter("channel", str, "query")
    @openapi.secured("token")
    @require(*STAFF)
    async def metrics(request: Request) -> HTTPResponse:
        since, until = params.date_range(request.args.get("since"), request.args.get("until"))
        channel = params.channel(request.args.get("channel"))
        result = await asyncio.to_thread(_metrics, since, until, channel)
        return response.json(result)

    @bp.get("/conversations")
    @openapi.summary("Conversations for quality review, newest first (?q=&channel=&"
                     "low_csat=true&fallback=true&handoff=true&since=&until=&limit=); an "
                     "agent gets those of their handoffs and the waiting queue")
    @openapi.parameter("q", str, "query")
    @openapi.parameter("channel", str, "query")
    @openapi.parameter("low_csat", bool, "query")
    @openapi.parameter("fallback", bool, "query")
    @openapi.parameter("handoff", bool, "query")
    @openapi.parameter("since", dt.datetime, "query")
    @openapi.parameter("until", dt.datetime, "query")
    @openapi.parameter("limit", int, "query")
    @openapi.secured("token")
    @require(*STAFF)
    async def conversations(request: Request) -> HTTPResponse:
        args = request.args
        filters = ConversationFilters(
            q=(args.get("q") or "").strip()[:200] or None,
            channel=params.channel(args.get("channel")),
            low_csat=params.flag(args.get("low_csat"), "low_csat"),
            fallback=params.flag(args.get("fallback"), "fallback"),
            handoff=params.flag(args.get("handoff"), "handoff"),
            since=params.moment(args.get("since"), "since"),
            until=params.moment(args.get("until"), "until", end_of_day=True),
            limit=params.limit(args.get("limit")))
        scope = conversation_scope(current_user(request))
        return response.json(await asyncio.to_thread(list_conversations, filters, None, scope))

    @bp.get("/conversations/<row_id>")
    @openapi.summary("One conversation with its transcript, intents and CSAT comment")
    @openapi.secured("token")
    @require(*STAFF)
    async def conversation(request: Request, row_id: str) -> HTTPResponse:
        found = await asyncio.to_thread(get_conversation, int_id(row_id, "conversation"), None,
                                        conversation_scope(current_user(request)))
        if found is None:  # also another agent's: as if it did not exist
            return error(404, "no such conversation")
        return response.json(found)

    @bp.get("/customers/<customer_id>/history")
    @openapi.summary("A customer's conversations on every channel, newest first; 403 for "
                     "an agent without a handoff of this customer")
    @openapi.secured("token")
    @require(*STAFF)
    async def history(request: Request, customer_id: str) -> HTTPResponse:
        if not customer_id or len(customer_id) > 64:
            raise ApiError(404, "no such customer")
        history = await asyncio.to_thread(customer_history, customer_id, None,
                                          conversation_scope(current_user(request)))
        if history is None:  # the same for a customer who does not exist
            return error(403, NOT_YOUR_CUSTOMER)
        return response.json(history)

    return bp


def _metrics(since: dt.datetime, until: dt.datetime, channel: str | None) -> dict[str, Any]:
    rows, handoffs, leads = metric_rows(since, until)
    result = compute_metrics(rows, handoffs, leads, since, until, channel)
    unanswered = list_unanswered(limit=TOP_UNANSWERED)
    return {"since": since.isoformat(), "until": until.isoformat(), "channel": channel,
            **result,
            "top_unanswered": [{"id": q.id, "text": q.text, "count": q.count}
                               for q in unanswered]}
