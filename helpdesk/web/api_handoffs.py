"""The agent console's API (CONTRACT §7): handoffs, claim, messages, close, the customer
context, agents' presence, and a live-update stream. Every store call runs in a worker
thread; HandoffError (its status: 404, 409, 403, 400) becomes JSON in
helpdesk/web/domain_errors.py."""

from __future__ import annotations

import asyncio
import json

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.handoffs.access import NOT_YOURS, may_see, visible
from helpdesk.handoffs.customer_context import customer_context
from helpdesk.handoffs.models import AGENT_PRESENCE, HANDOFF_STATUSES
from helpdesk.handoffs.presence import presence_of, set_presence, touch
from helpdesk.handoffs.records import (
    HandoffView,
    claim,
    close,
    get_handoff,
    list_handoffs,
    post_agent_message,
)
from helpdesk.web.auth import STAFF, current_user
from helpdesk.web.http_json import ApiError, error, int_id, json_body
from helpdesk.web.openapi_doc import json_object
from helpdesk.web.staff_route import staff_route

HANDOFF = "handoff"
KEEP_ALIVE_S = 15.0
BEATS_PER_SIGN_OF_LIFE = 4  # an open console is a sign of life, once a minute


def handoffs_blueprint() -> Blueprint:
    bp = Blueprint("handoffs", url_prefix="/api")
    _handoff_routes(bp)
    _agent_routes(bp)
    return bp


def _handoff_routes(bp: Blueprint) -> None:
    @staff_route(bp.get, "/handoffs",
                 "List handoffs, newest first (?status=waiting|assigned|closed)", STAFF,
                 query=[("status", str)])
    async def handoffs(request: Request) -> HTTPResponse:
        status = request.args.get("status") or None
        if status is not None and status not in HANDOFF_STATUSES:
            return error(400, f"status must be one of {', '.join(HANDOFF_STATUSES)}")
        views = visible(current_user(request), await asyncio.to_thread(list_handoffs, status))
        return response.json([view.to_json() for view in views])

    @staff_route(bp.get, "/handoffs/<handoff_id>", "One handoff with its transcript", STAFF)
    async def one(request: Request, handoff_id: str) -> HTTPResponse:
        return response.json((await _visible_handoff(request, handoff_id)).to_json())

    @staff_route(bp.get, "/handoffs/<handoff_id>/context",
                 "The customer's profile and recent orders and shipments from the CRM", STAFF)
    async def context(request: Request, handoff_id: str) -> HTTPResponse:
        view = await _visible_handoff(request, handoff_id)
        return response.json(await asyncio.to_thread(customer_context, view.customer))

    @staff_route(bp.post, "/handoffs/<handoff_id>/claim",
                 "Take a waiting handoff; 409 when someone else was first", STAFF)
    async def take(request: Request, handoff_id: str) -> HTTPResponse:
        user = current_user(request)
        view = await asyncio.to_thread(claim, int_id(handoff_id, HANDOFF), user.id,
                                       user.username)
        await _after_change(request, view.id)
        return response.json(view.to_json())

    @staff_route(bp.post, "/handoffs/<handoff_id>/messages",
                 "Send a message to the customer (the assigned agent only)", STAFF,
                 body=json_object({"text": str}, required=["text"]))
    async def message(request: Request, handoff_id: str) -> HTTPResponse:
        text = json_body(request).get("text")
        if not isinstance(text, str):
            return error(400, "send the message as 'text'")
        user = current_user(request)
        identifier = int_id(handoff_id, HANDOFF)
        await asyncio.to_thread(post_agent_message, identifier, user.id, user.username, text)
        await _after_change(request, identifier)
        return response.json({"ok": True}, status=201)

    @staff_route(bp.post, "/handoffs/<handoff_id>/close",
                 "Close with a resolution code; return_to_bot resumes the bot", STAFF,
                 body=json_object({"resolution": str, "return_to_bot": bool},
                                  required=["resolution"]))
    async def finish(request: Request, handoff_id: str) -> HTTPResponse:
        body = json_body(request)
        resolution, back = body.get("resolution"), body.get("return_to_bot", True)
        if not isinstance(resolution, str) or not isinstance(back, bool):
            return error(400, "send 'resolution' (text) and 'return_to_bot' (true/false)")
        user = current_user(request)
        view = await asyncio.to_thread(close, int_id(handoff_id, HANDOFF), user.id,
                                       resolution, back, user.role == "admin")
        await _after_change(request, view.id)
        return response.json(view.to_json())


def _agent_routes(bp: Blueprint) -> None:
    @staff_route(bp.get, "/agents/me", "The agent's presence and capacity", STAFF)
    async def me(request: Request) -> HTTPResponse:
        user = current_user(request)
        return response.json({"username": user.username, "skills": user.skills,
                              **await asyncio.to_thread(presence_of, user.id)})

    @staff_route(bp.put, "/agents/me/presence", "Set presence: online, away or offline",
                 STAFF, body=json_object({"presence": str}, required=["presence"]))
    async def presence(request: Request) -> HTTPResponse:
        wanted = json_body(request).get("presence")
        if wanted not in AGENT_PRESENCE:
            return error(400, f"presence must be one of {', '.join(AGENT_PRESENCE)}")
        user = current_user(request)
        await asyncio.to_thread(set_presence, user.id, wanted)
        if wanted != "online":
            await request.app.ctx.handoff_events.agent_left(user.id)
        return response.json(await asyncio.to_thread(presence_of, user.id))

    @staff_route(bp.get, "/live",
                 "Server-sent events: 'changed' whenever a handoff or lead changes", STAFF)
    async def live(request: Request) -> None:
        events = request.app.ctx.handoff_events
        user = current_user(request)
        stream = await request.respond(content_type="text/event-stream",
                                       headers={"Cache-Control": "no-cache",
                                                "X-Accel-Buffering": "no"})
        seen = -1
        beats = 0
        while True:
            version = await events.wait_for_change(seen, timeout_s=KEEP_ALIVE_S)
            if version != seen:
                seen = version
                await stream.send(f"event: changed\ndata: {json.dumps({'v': version})}\n\n")
            else:
                await stream.send(": keep-alive\n\n")
            beats += 1
            if beats % BEATS_PER_SIGN_OF_LIFE == 0:
                await asyncio.to_thread(touch, user.id)


async def _visible_handoff(request: Request, handoff_id: str) -> HandoffView:
    """The handoff, if the user may see it (HandoffNotFound: 404; another agent's: 403)."""
    view = await asyncio.to_thread(get_handoff, int_id(handoff_id, HANDOFF))
    if not may_see(current_user(request), view):
        raise ApiError(403, NOT_YOURS)
    return view


async def _after_change(request: Request, handoff_id: int) -> None:
    events = request.app.ctx.handoff_events
    await events.changed_now()
    await events.deliver(handoff_id)
