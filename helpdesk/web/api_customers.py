"""A customer's PIN lock, for the agent console (CONTRACT §4 and §7).

`GET /api/customers/{customer_id}/pin-status` says whether wrong PINs have locked the
customer's PIN verification (and until when); `POST /api/customers/{customer_id}/pin-unlock`
lifts the lock and clears the count, e.g. once an agent has checked who the caller is.
Roles agent and admin; an agent only for a customer of a handoff they may see (the waiting
queue and their own), as for the customer's history. The unlock is a change under /api, so
the audit log records who lifted which lock, when (helpdesk/audit/log.py).
"""

from __future__ import annotations

import asyncio

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic_ext.extensions.openapi import openapi
from sqlalchemy import exists, or_, select

from helpdesk.accounts.users import UserView
from helpdesk.crm import pin_lockout
from helpdesk.store.database import session_scope
from helpdesk.store.models import Handoff
from helpdesk.web.auth import current_user, require
from helpdesk.web.http_json import error

STAFF = ("agent", "admin")
MAX_CUSTOMER_ID_CHARS = 64
NOT_YOUR_CUSTOMER = "this customer is not in your handoffs or the waiting queue"


def may_handle_customer(user: UserView, customer_id: str) -> bool:
    """An admin any customer; an agent one with a waiting handoff or a handoff of theirs."""
    if user.role == "admin":
        return True
    with session_scope() as session:
        return bool(session.scalar(select(exists().where(
            Handoff.customer_id == customer_id,
            or_(Handoff.status == "waiting", Handoff.assigned_to == user.id)))))


def customers_blueprint() -> Blueprint:
    bp = Blueprint("customers", url_prefix="/api")

    async def checked(request: Request, customer_id: str) -> HTTPResponse | None:
        """The refusal for CUSTOMER_ID, or None when the user may handle them. An agent gets
        403 alike for another agent's customer and one that does not exist."""
        user = current_user(request)
        if not customer_id or len(customer_id) > MAX_CUSTOMER_ID_CHARS:
            return error(404, "no such customer") if user.role == "admin" else error(
                403, NOT_YOUR_CUSTOMER)
        if not await asyncio.to_thread(may_handle_customer, user, customer_id):
            return error(403, NOT_YOUR_CUSTOMER)
        return None

    @bp.get("/customers/<customer_id>/pin-status")
    @openapi.summary("Whether wrong PINs have locked the customer's PIN verification, and "
                     "until when")
    @openapi.secured("token")
    @require(*STAFF)
    async def pin_status(request: Request, customer_id: str) -> HTTPResponse:
        refused = await checked(request, customer_id)
        if refused is not None:
            return refused
        status = await asyncio.to_thread(pin_lockout.lock_status, customer_id)
        if status is None:
            return error(404, "no such customer")
        return response.json(status.to_json())

    @bp.post("/customers/<customer_id>/pin-unlock")
    @openapi.summary("Lift the customer's PIN lock and clear the count of wrong PINs "
                     "(audited)")
    @openapi.secured("token")
    @require(*STAFF)
    async def pin_unlock(request: Request, customer_id: str) -> HTTPResponse:
        refused = await checked(request, customer_id)
        if refused is not None:
            return refused
        status = await asyncio.to_thread(pin_lockout.unlock, customer_id)
        if status is None:
            return error(404, "no such customer")
        return response.json(status.to_json())

    return bp
