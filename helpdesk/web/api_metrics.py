"""The dashboard's API (CONTRACT §7): KPIs, the conversation review list, one conversation,
and a customer's history across channels. Roles agent and admin; an agent sees only the
conversations and customers of their handoffs and the waiting queue
(helpdesk/handoffs/access.py). Every store call runs in a worker thread."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.analytics.dashboard import dashboard_metrics
from helpdesk.analytics.queries import (
    ConversationFilters,
    customer_history,
    get_conversation,
    list_conversations,
)
from helpdesk.campaigns.store import customer_calls, outbound_metrics
from helpdesk.handoffs.access import NOT_YOUR_CUSTOMER, conversation_scope
from helpdesk.web import metrics_params as params
from helpdesk.web.auth import STAFF, current_user
from helpdesk.web.http_json import ApiError, error, int_id
from helpdesk.web.staff_route import staff_route

REVIEW_FILTERS = [("q", str), ("channel", str), ("low_csat", bool), ("fallback", bool),
                  ("handoff", bool), ("since", dt.datetime), ("until", dt.datetime),
                  ("limit", int)]


def metrics_blueprint() -> Blueprint:
    bp = Blueprint("metrics", url_prefix="/api")

    @staff_route(bp.get, "/metrics",
                 "KPIs over [since, until) (default: the last 30 days), optionally for one "
                 "channel (?since=ISO8601&until=ISO8601&channel=socketio|rest|voice)", STAFF,
                 query=[("since", dt.datetime), ("until", dt.datetime), ("channel", str)])
    async def metrics(request: Request) -> HTTPResponse:
        since, until = params.date_range(request.args.get("since"), request.args.get("until"))
        channel = params.channel(request.args.get("channel"))
        kpis = await asyncio.to_thread(dashboard_metrics, since, until, channel)
        kpis["outbound"] = await asyncio.to_thread(outbound_metrics, since, until)
        return response.json(kpis)

    @staff_route(bp.get, "/conversations",
                 "Conversations for quality review, newest first (?q=&channel=&low_csat=true&"
                 "fallback=true&handoff=true&since=&until=&limit=); an agent gets those of "
                 "their handoffs and the waiting queue", STAFF, query=REVIEW_FILTERS)
    async def conversations(request: Request) -> HTTPResponse:
        scope = conversation_scope(current_user(request))
        return response.json(await asyncio.to_thread(
            list_conversations, _review_filters(request), None, scope))

    @staff_route(bp.get, "/conversations/<row_id>",
                 "One conversation with its transcript, intents and CSAT comment", STAFF)
    async def conversation(request: Request, row_id: str) -> HTTPResponse:
        found = await asyncio.to_thread(get_conversation, int_id(row_id, "conversation"), None,
                                        conversation_scope(current_user(request)))
        if found is None:  # also another agent's: as if it did not exist
            return error(404, "no such conversation")
        return response.json(found)

    @staff_route(bp.get, "/customers/<customer_id>/history",
                 "A customer's conversations on every channel, newest first; 403 for an "
                 "agent without a handoff of this customer", STAFF)
    async def history(request: Request, customer_id: str) -> HTTPResponse:
        if not customer_id or len(customer_id) > 64:
            raise ApiError(404, "no such customer")
        history = await asyncio.to_thread(customer_history, customer_id, None,
                                          conversation_scope(current_user(request)))
        if history is None:  # the same for a customer who does not exist
            return error(403, NOT_YOUR_CUSTOMER)
        calls = await asyncio.to_thread(customer_calls, customer_id)
        return response.json(with_outbound_calls(history, calls))

    return bp


def with_outbound_calls(history: list[dict[str, Any]], calls: list[dict[str, Any]]
                        ) -> list[dict[str, Any]]:
    """The customer's conversations and the campaigns' calls to them, newest first: a call
    as a history line of channel `outbound` (its topic the campaign, its outcome the
    call's)."""
    lines = [{"id": None, "conversation_id": call["call_sid"], "started_at": call["at"],
              "channel": "outbound", "topic": f"{call['campaign']} ({call['purpose']})",
              "outcome": call["outcome"] or "in progress", "csat_rating": None,
              "repeat_contact": False} for call in calls]
    return sorted([*history, *lines], key=lambda line: line["started_at"], reverse=True)


def _review_filters(request: Request) -> ConversationFilters:
    """The review list's query (ApiError 400 for a bad value)."""
    args = request.args
    return ConversationFilters(
        q=(args.get("q") or "").strip()[:200] or None,
        channel=params.channel(args.get("channel")),
        low_csat=params.flag(args.get("low_csat"), "low_csat"),
        fallback=params.flag(args.get("fallback"), "fallback"),
        handoff=params.flag(args.get("handoff"), "handoff"),
        since=params.moment(args.get("since"), "since"),
        until=params.moment(args.get("until"), "until", end_of_day=True),
        limit=params.limit(args.get("limit")))
