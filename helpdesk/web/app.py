"""The web app: JSON API with OpenAPI (sanic-ext), health, and the pages."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic_ext import Extend

from helpdesk.audit.log import CHANGING_METHODS
from helpdesk.audit.log import record as record_audit
from helpdesk.web.api_audit import audit_blueprint
from helpdesk.web.api_auth import auth_blueprint
from helpdesk.web.api_customers import customers_blueprint
from helpdesk.web.api_faq import faq_blueprint
from helpdesk.web.api_handoffs import handoffs_blueprint
from helpdesk.web.api_leads import leads_blueprint
from helpdesk.web.api_metrics import metrics_blueprint
from helpdesk.web.handoff_events import HandoffEvents
from helpdesk.web.http_json import NUL_MESSAGE, error, request_holds_nul
from helpdesk.web.openapi_doc import complete_document
from helpdesk.web.web_settings import WebSettings

log = logging.getLogger(__name__)
PAGES = Path(__file__).parent / "pages"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "frame-ancestors 'none'",
}


def widget_host_policy(settings: WebSettings) -> str:
    """The demo shop's CSP: as strict as the other pages, but the widget may reach Rasa."""
    rasa = settings.widget_rasa_url or ""
    return ("default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; "
            f"connect-src 'self' ws: wss: http: https: {rasa}".strip())


def create_app(settings: WebSettings | None = None) -> Sanic:
    settings = settings or WebSettings.from_env()
    app = Sanic("helpdesk_web")
    app.config.REQUEST_MAX_SIZE = 1 << 20
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.OAS_UI_DEFAULT = "swagger"
    app.config.API_TITLE = "Helpdesk web app API"
    app.config.API_VERSION = "1.0"
    app.config.API_SECURITY = [{"token": []}]
    app.config.API_SECURITY_DEFINITIONS = {
        "token": {"type": "http", "scheme": "bearer"}}
    Extend(app)
    app.blueprint(auth_blueprint(settings))
    app.blueprint(customers_blueprint())
    app.blueprint(audit_blueprint())
    app.blueprint(faq_blueprint())
    app.blueprint(handoffs_blueprint())
    app.blueprint(leads_blueprint())
    app.blueprint(metrics_blueprint())
    app.ctx.handoff_events = HandoffEvents()

    @app.before_server_start
    async def document_api(app: Sanic, _loop: object) -> None:
        complete_document(app)

    @app.before_server_start
    async def start_live_updates(app: Sanic, _loop: object) -> None:
        app.ctx.handoff_events.start()

    @app.after_server_stop
    async def stop_live_updates(app: Sanic, _loop: object) -> None:
        await app.ctx.handoff_events.stop()

    @app.on_request
    async def refuse_nul(request: Request) -> HTTPResponse | None:
        """PostgreSQL text cannot hold NUL: such a path or query is a 400, not a 500."""
        if request.path.startswith("/api/") and request_holds_nul(request):
            return error(400, NUL_MESSAGE)
        return None

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok", "service": "web"})

    @app.get("/")
    async def home(_: Request) -> HTTPResponse:
        return await response.file(PAGES / "index.html")

    @app.get("/console")
    async def agent_console(_: Request) -> HTTPResponse:
        return await response.file(PAGES / "console.html")

    @app.get("/faq")
    async def faq_editor(_: Request) -> HTTPResponse:
        return await response.file(PAGES / "faq_editor.html")

    @app.get("/dashboard")
    async def dashboard(_: Request) -> HTTPResponse:
        return await response.file(PAGES / "dashboard.html")

    @app.get("/shop")
    async def demo_shop(_: Request) -> HTTPResponse:
        page = await response.file(PAGES / "shop.html")
        page.headers["Content-Security-Policy"] = widget_host_policy(settings)
        return page

    @app.get("/widget.js")
    async def widget_script(_: Request) -> HTTPResponse:
        """The embeddable widget: its settings first, then the code (one script tag)."""
        defaults = json.dumps(settings.widget_defaults())
        code = (PAGES / "widget.js").read_text(encoding="utf-8")
        return response.text(f"window.HelpdeskWidgetDefaults = {defaults};\n{code}",
                             content_type="application/javascript; charset=utf-8",
                             headers={"Cache-Control": "no-cache"})

    @app.get("/widget.css")
    async def widget_style(_: Request) -> HTTPResponse:
        return await response.file(PAGES / "widget.css")

    @app.get("/vendor/<name>")
    async def vendor_file(_: Request, name: str) -> HTTPResponse:
        """Kept third-party browser libraries (socket.io client, Chart.js), served as is."""
        vendor = (PAGES / "vendor").resolve()
        path = (vendor / name).resolve()
        if path.parent != vendor or not path.is_file() or path.suffix != ".js":
            return error(404, "not found")
        return await response.file(path, headers={"Cache-Control": "max-age=86400"})

    @app.get("/static/<name>")
    async def static_file(_: Request, name: str) -> HTTPResponse:
        path = (PAGES / name).resolve()
        if path.parent != PAGES.resolve() or not path.is_file() or path.suffix not in (
                ".js", ".css"):
            return error(404, "not found")
        return await response.file(path)

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

    @app.on_response
    async def audit(request: Request, resp: HTTPResponse) -> None:
        """Every successful change under /api by a logged-in user goes to the audit log."""
        user = getattr(request.ctx, "user", None)
        if (user is None or request.method not in CHANGING_METHODS
                or not request.path.startswith("/api/") or not 200 <= resp.status < 300):
            return
        await asyncio.to_thread(record_audit, user.username, user.role, request.method,
                                request.path, resp.status, request.remote_addr or request.ip)

    @app.get("/audit")
    async def audit_page(_: Request) -> HTTPResponse:
        return await response.file(PAGES / "audit.html")

    @app.on_response
    async def security_headers(_: Request, resp: HTTPResponse) -> None:
        for name, value in SECURITY_HEADERS.items():
            resp.headers.setdefault(name, value)

    return app
