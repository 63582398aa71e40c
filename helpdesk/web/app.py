"""The web app: JSON API with OpenAPI (sanic-ext), health, and the pages.

Handlers stay off the event loop's back: every store call, password hash and token lookup
runs in a worker thread (`asyncio.to_thread`), so one slow query or login never holds up
the other requests (tests/unit/test_web_event_loop.py).
"""

from __future__ import annotations

import asyncio

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic_ext import Extend

from helpdesk.audit.log import CHANGING_METHODS
from helpdesk.audit.log import record as record_audit
from helpdesk.campaigns.dialer import CampaignDialer, TwilioDialer
from helpdesk.config import OutboundSettings, WebSettings, get_settings
from helpdesk.web.api_audit import audit_blueprint
from helpdesk.web.api_auth import auth_blueprint
from helpdesk.web.api_campaigns import campaigns_blueprint, status_callback_blueprint
from helpdesk.web.api_customers import customers_blueprint
from helpdesk.web.api_faq import faq_blueprint
from helpdesk.web.api_handoffs import handoffs_blueprint
from helpdesk.web.api_leads import leads_blueprint
from helpdesk.web.api_metrics import metrics_blueprint
from helpdesk.web.domain_errors import add_error_handlers
from helpdesk.web.handoff_events import HandoffEvents
from helpdesk.web.http_json import NUL_MESSAGE, error, request_holds_nul
from helpdesk.web.openapi_doc import complete_document
from helpdesk.web.site_pages import add_pages

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "frame-ancestors 'none'",
}


def create_app(settings: WebSettings | None = None,
               outbound: OutboundSettings | None = None) -> Sanic:
    settings = settings or get_settings().web
    outbound = outbound or get_settings().outbound
    app = Sanic("helpdesk_web")
    _configure(app)
    Extend(app)
    for blueprint in (auth_blueprint(settings), customers_blueprint(), audit_blueprint(),
                      faq_blueprint(), handoffs_blueprint(), leads_blueprint(),
                      metrics_blueprint(), campaigns_blueprint(outbound),
                      status_callback_blueprint(outbound)):
        app.blueprint(blueprint)
    app.ctx.handoff_events = HandoffEvents()
    _add_lifecycle(app, outbound)

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok", "service": "web"})

    add_pages(app, settings)
    add_error_handlers(app)
    _add_middleware(app)
    return app


def _configure(app: Sanic) -> None:
    app.config.REQUEST_MAX_SIZE = 1 << 20
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.OAS_UI_DEFAULT = "swagger"
    app.config.API_TITLE = "Helpdesk web app API"
    app.config.API_VERSION = "1.0"
    app.config.API_SECURITY = [{"token": []}]
    app.config.API_SECURITY_DEFINITIONS = {"token": {"type": "http", "scheme": "bearer"}}


def _add_lifecycle(app: Sanic, outbound: OutboundSettings) -> None:
    @app.before_server_start
    async def document_api(app: Sanic, _loop: object) -> None:
        complete_document(app)

    @app.before_server_start
    async def start_live_updates(app: Sanic, _loop: object) -> None:
        app.ctx.handoff_events.start()

    @app.after_server_stop
    async def stop_live_updates(app: Sanic, _loop: object) -> None:
        await app.ctx.handoff_events.stop()

    @app.after_server_start
    async def start_dialer(app: Sanic, _loop: object) -> None:
        """Each web app process dials the running campaigns' contacts (the store decides
        who takes which), when outbound calling is configured."""
        app.ctx.dialer = None
        if outbound.configured:
            app.ctx.dialer = CampaignDialer(
                TwilioDialer(outbound), outbound.business_timezone, outbound.max_calls,
                recover_every_s=min(30.0, outbound.settle_after_s / 2),
                unsettled_after_s=outbound.settle_after_s)
            app.ctx.dialer.start()

    @app.before_server_stop
    async def stop_dialer(app: Sanic, _loop: object) -> None:
        if getattr(app.ctx, "dialer", None) is not None:
            await app.ctx.dialer.stop()


def _add_middleware(app: Sanic) -> None:
    @app.on_request
    async def refuse_nul(request: Request) -> HTTPResponse | None:
        """PostgreSQL text cannot hold NUL: such a path or query is a 400, not a 500."""
        if request.path.startswith("/api/") and request_holds_nul(request):
            return error(400, NUL_MESSAGE)
        return None

    @app.on_response
    async def audit(request: Request, resp: HTTPResponse) -> None:
        """Every successful change under /api by a logged-in user goes to the audit log."""
        user = getattr(request.ctx, "user", None)
        if (user is None or request.method not in CHANGING_METHODS
                or not request.path.startswith("/api/") or not 200 <= resp.status < 300):
            return
        await asyncio.to_thread(record_audit, user.username, user.role, request.method,
                                request.path, resp.status, request.remote_addr or request.ip)

    @app.on_response
    async def security_headers(_: Request, resp: HTTPResponse) -> None:
        for name, value in SECURITY_HEADERS.items():
            resp.headers.setdefault(name, value)
