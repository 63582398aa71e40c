"""Errors to JSON in one place: `{"error": message}` with the status the error carries.

The features' errors carry their HTTP status (`status`, e.g. HandoffConflict 409,
LeadNotFound 404, FaqError 400), so handlers just call the feature and let its refusal
propagate; request errors are ApiError (helpdesk/web/http_json.py) or sanic's own. Anything
else is a 500 whose details go to the log, never to the client.
"""

from __future__ import annotations

import logging

from sanic import Sanic
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.accounts.users import AccountError
from helpdesk.campaigns.rules import RuleError
from helpdesk.campaigns.segments import SegmentError
from helpdesk.campaigns.store import CampaignError
from helpdesk.campaigns.targets import TargetError
from helpdesk.faq.entries import FaqError, FaqNotFound
from helpdesk.handoffs.records import HandoffError
from helpdesk.leads.store import LeadError
from helpdesk.web.http_json import error

log = logging.getLogger(__name__)
# A refusal the client can act on; each class has a `status` (a 4xx).
DOMAIN_ERRORS: tuple[type[Exception], ...] = (
    AccountError, CampaignError, FaqError, FaqNotFound, HandoffError, LeadError, RuleError,
    SegmentError, TargetError)


def add_error_handlers(app: Sanic) -> None:
    @app.exception(*DOMAIN_ERRORS)
    async def refused(_: Request, exc: Exception) -> HTTPResponse:
        return error(getattr(exc, "status", 400), str(exc))

    @app.exception(SanicException)
    async def sanic_error(request: Request, exc: SanicException) -> HTTPResponse:
        status = getattr(exc, "status_code", 500) or 500
        if status >= 500:
            log.error("%s %s failed: %s", request.method, request.path, exc)
            return error(500, "internal error")
        return error(status, str(exc) or "bad request")

    @app.exception(Exception)
    async def unexpected(request: Request, exc: Exception) -> HTTPResponse:
        log.exception("%s %s failed", request.method, request.path)
        return error(500, "internal error; the details are in the web app's log")
