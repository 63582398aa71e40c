"""A customer's PIN lock, for the agent console (CONTRACT §4 and §7).

`GET /api/customers/{customer_id}/pin-status` says whether wrong PINs have locked the
customer's PIN verification (and until when); `POST /api/customers/{customer_id}/pin-unlock`
lifts the lock and clears the count, e.g. once an agent has checked who the caller is.
Roles agent and admin; an agent only for a customer of a handoff they may see (the waiting
queue and their own: helpdesk/handoffs/access.py), as for the customer's history. The unlock
is a change under /api, so the audit log records who lifted which lock, when
(helpdesk/audit/log.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.crm import pin_lockout
from helpdesk.handoffs.access import NOT_YOUR_CUSTOMER, may_handle_customer
from helpdesk.web.auth import STAFF, current_user
from helpdesk.web.http_json import ApiError, error
from helpdesk.web.staff_route import staff_route

MAX_CUSTOMER_ID_CHARS = 64


async def _checked(request: Request, customer_id: str) -> None:
    """Raise the refusal for CUSTOMER_ID unless the user may handle them. An agent gets 403
    alike for another agent's customer and one that does not exist."""
    user = current_user(request)
    if not customer_id or len(customer_id) > MAX_CUSTOMER_ID_CHARS:
        if user.role == "admin":
            raise ApiError(404, "no such customer")
        raise ApiError(403, NOT_YOUR_CUSTOMER)
    if not await asyncio.to_thread(may_handle_customer, user, customer_id):
        raise ApiError(403, NOT_YOUR_CUSTOMER)


async def _lock_reply(request: Request, customer_id: str,
                      step: Callable[[str], pin_lockout.PinLockStatus | None]) -> HTTPResponse:
    await _checked(request, customer_id)
    status = await asyncio.to_thread(step, customer_id)
    if status is None:
        return error(404, "no such customer")
    return response.json(status.to_json())


def customers_blueprint() -> Blueprint:
    bp = Blueprint("customers", url_prefix="/api")

    @staff_route(bp.get, "/customers/<customer_id>/pin-status",
                 "Whether wrong PINs have locked the customer's PIN verification, and "
                 "until when", STAFF)
    async def pin_status(request: Request, customer_id: str) -> HTTPResponse:
        return await _lock_reply(request, customer_id, pin_lockout.lock_status)

    @staff_route(bp.post, "/customers/<customer_id>/pin-unlock",
                 "Lift the customer's PIN lock and clear the count of wrong PINs (audited)",
                 STAFF)
    async def pin_unlock(request: Request, customer_id: str) -> HTTPResponse:
        return await _lock_reply(request, customer_id, pin_lockout.unlock)

    return bp
