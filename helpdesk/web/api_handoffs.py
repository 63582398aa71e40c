"""The agent console's API (CONTRACT §7): handoffs, claim, messages, close, the customer
context, agents' presence, and a live-update stream."""

from __future__ import annotations

import asyncio
import json

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic_ext.extensions.openapi import openapi

from helpdesk.crm import lookups
from helpdesk.handoffs.access import NOT_YOURS, may_see, visible
from helpdesk.handoffs.presence import presence_of, set_presence, touch
from helpdesk.handoffs.records import (
    HandoffError,
    claim,
    close,
    get_handoff,
    list_handoffs,
    post_agent_message,
)
from helpdesk.store.models import AGENT_PRESENCE, HANDOFF_STATUSES
from helpdesk.web.auth import current_user, require
from helpdesk.web.http_json import error, int_id, json_body
from helpdesk.web.openapi_doc import json_object

STAFF = ("agent", "admin")


def handoffs_blueprint() -> Blueprint:
    bp = Blueprint("handoffs", url_prefix="/api")

    @bp.get("/handoffs")
    @openapi.summary("List handoffs, newest first (?status=waiting|assigned|closed)")
    @openapi.parameter("status", str, "query")
    @openapi.secured("token")
    @require(*STAFF)
    async def handoffs(request: Request) -> HTTPResponse:
        status = request.args.get("status") or None
        if status is not None and status not in HANDOFF_STATUSES:
            return error(400, f"status must be one of {', '.join(HANDOFF_STATUSES)}")
        views = visible(current_user(request), await asyncio.to_thread(list_handoffs, status))
        return response.json([view.to_json() for view in views])

    @bp.get("/handoffs/<handoff_id>")
    @openapi.summary("One handoff with its transcript")
    @openapi.secured("token")
    @require(*STAFF)
    async def one(request: Request, handoff_id: str) -> HTTPResponse:
        try:
            view = await asyncio.to_thread(get_handoff, int_id(handoff_id, "handoff"))
        except HandoffError as exc:
            return error(exc.status, str(exc))
        if not may_see(current_user(request), view):
            return error(403, NOT_YOURS)
        return response.json(view.to_json())

    @bp.get("/handoffs/<handoff_id>/context")
    @openapi.summary("The customer's profile and recent orders and shipments from the CRM")
    @openapi.secured("token")
    @require(*STAFF)
    async def context(request: Request, handoff_id: str) -> HTTPResponse:
        try:
            view = await asyncio.to_thread(get_handoff, int_id(handoff_id, "handoff"))
        except HandoffError as exc:
            return error(exc.status, str(exc))
        if not may_see(current_user(request), view):
            return error(403, NOT_YOURS)
        return response.json(await asyncio.to_thread(_customer_context, view.customer))

    @bp.post("/handoffs/<handoff_id>/claim")
    @openapi.summary("Take a waiting handoff; 409 when someone else was first")
    @openapi.secured("token")
    @require(*STAFF)
    async def take(request: Request, handoff_id: str) -> HTTPResponse:
        user = current_user(request)
        try:
            view = await asyncio.to_thread(claim, int_id(handoff_id, "handoff"), user.id,
                                           user.username)
        except HandoffError as exc:
            return error(exc.status, str(exc))
        await _after_change(request, view.id)
        return response.json(view.to_json())

    @bp.post("/handoffs/<handoff_id>/messages")
    @openapi.summary("Send a message to the customer (the assigned agent only)")
    @openapi.secured("token")
    @openapi.body(json_object({"text": str}, required=["text"]))
    @require(*STAFF)
    async def message(request: Request, handoff_id: str) -> HTTPResponse:
        body = json_body(request)
        text = body.get("text")
        if not isinstance(text, str):
            return error(400, "send the message as 'text'")
        user = current_user(request)
        try:
            identifier = int_id(handoff_id, "handoff")
            await asyncio.to_thread(post_agent_message, identifier, user.id, user.username,
                                    text)
        except HandoffError as exc:
            return error(exc.status, str(exc))
        await _after_change(request, identifier)
        return response.json({"ok": True}, status=201)

    @bp.post("/handoffs/<handoff_id>/close")
    @openapi.summary("Close with a resolution code; return_to_bot resumes the bot")
    @openapi.secured("token")
    @openapi.body(json_object({"resolution": str, "return_to_bot": bool},
                               required=["resolution"]))
    @require(*STAFF)
    async def finish(request: Request, handoff_id: str) -> HTTPResponse:
        body = json_body(request)
        resolution, back = body.get("resolution"), body.get("return_to_bot", True)
        if not isinstance(resolution, str) or not isinstance(back, bool):
            return error(400, "send 'resolution' (text) and 'return_to_bot' (true/false)")
        user = current_user(request)
        try:
            view = await asyncio.to_thread(close, int_id(handoff_id, "handoff"), user.id,
                                           resolution, back, user.role == "admin")
        except HandoffError as exc:
            return error(exc.status, str(exc))
        await _after_change(request, view.id)
        return response.json(view.to_json())

    @bp.get("/agents/me")
    @openapi.summary("The agent's presence and capacity")
    @openapi.secured("token")
    @require(*STAFF)
    async def me(request: Request) -> HTTPResponse:
        user = current_user(request)
        return response.json({"username": user.username, "skills": user.skills,
                              **await asyncio.to_thread(presence_of, user.id)})

    @bp.put("/agents/me/presence")
    @openapi.summary("Set presence: online, away or offline")
    @openapi.secured("token")
    @openapi.body(json_object({"presence": str}, required=["presence"]))
    @require(*STAFF)
    async def presence(request: Request) -> HTTPResponse:
        wanted = json_body(request).get("presence")
        if wanted not in AGENT_PRESENCE:
            return error(400, f"presence must be one of {', '.join(AGENT_PRESENCE)}")
        user = current_user(request)
        await asyncio.to_thread(set_presence, user.id, wanted)
        if wanted != "online":
            await request.app.ctx.handoff_events.agent_left(user.id)
        return response.json(await asyncio.to_thread(presence_of, user.id))

    @bp.get("/live")
    @openapi.summary("Server-sent events: 'changed' whenever a handoff or lead changes")
    @openapi.secured("token")
    @require(*STAFF)
    async def live(request: Request) -> None:
        events = request.app.ctx.handoff_events
        user = current_user(request)
        stream = await request.respond(content_type="text/event-stream",
                                       headers={"Cache-Control": "no-cache",
                                                "X-Accel-Buffering": "no"})
        seen = -1
        beats = 0
        while True:
            version = await events.wait_for_change(seen, timeout_s=15.0)
            if version != seen:
                seen = version
                await stream.send(f"event: changed\ndata: {json.dumps({'v': version})}\n\n")
            else:
                await stream.send(": keep-alive\n\n")
            beats += 1
            if beats % 4 == 0:  # an open console is a sign of life
                await asyncio.to_thread(touch, user.id)

    return bp


async def _after_change(request: Request, handoff_id: int) -> None:
    events = request.app.ctx.handoff_events
    await events.changed_now()
    await events.deliver(handoff_id)


def _customer_context(customer: dict | None) -> dict:
    if not customer:
        return {"profile": None, "orders": []}
    contact = lookups.customer_contact(customer["customer_id"])
    orders = lookups.recent_orders(customer["customer_id"], limit=5)
    return {
        "profile": {**customer, "phone": contact[0] if contact else None,
                    "email": contact[1] if contact else None},
        "orders": [{
            "order_id": o.order_id, "placed_at": o.placed_at.isoformat(), "status": o.status,
            "total": str(o.total), "currency": o.currency, "items": o.items,
            "shipments": [{"tracking_number": s.tracking_number, "carrier": s.carrier,
                           "status": s.status, "last_location": s.last_location,
                           "eta": s.eta.isoformat() if s.eta else None} for s in o.shipments],
        } for o in orders],
    }
