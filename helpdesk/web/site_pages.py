"""The web app's pages and browser files: the start page, the five staff pages (rendered
once, in their shared frame: helpdesk/web/page_layout.py), the demo shop, the embeddable
widget, and the scripts and styles they load. All public: the data comes from the API."""

from __future__ import annotations

import asyncio
import json

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.config import WebSettings
from helpdesk.web.auth import Handler
from helpdesk.web.http_json import error
from helpdesk.web.page_layout import PAGES, StaffPage, render

BROWSER_FILES = (".js", ".css")
# route name (the OpenAPI operation's name) -> (path, page)
STAFF_PAGES: dict[str, tuple[str, StaffPage]] = {
    "agent_console": ("/console", StaffPage(
        "console.html", "Agent console", "Agent console", ("editor.css", "console.css"),
        "console.js")),
    "faq_editor": ("/faq", StaffPage(
        "faq_editor.html", "FAQ editor", "FAQ editor", ("editor.css",), "faq_editor.js")),
    "dashboard": ("/dashboard", StaffPage(
        "dashboard.html", "Dashboard", "Contact center dashboard", ("dashboard.css",),
        "dashboard.js", links=(("/console", "Agent console"), ("/faq", "FAQ editor"),
                               ("/campaigns", "Campaigns")),
        vendor_scripts=("chart.umd.min.js",))),
    "campaigns_page": ("/campaigns", StaffPage(
        "campaigns.html", "Campaigns", "Outbound campaigns", ("dashboard.css",), "campaigns.js",
        links=(("/dashboard", "Dashboard"), ("/console", "Agent console")),
        vendor_scripts=("chart.umd.min.js",))),
    "audit_page": ("/audit", StaffPage(
        "audit.html", "Audit log", "Audit log", ("dashboard.css",), "audit.js",
        links=(("/dashboard", "Dashboard"), ("/console", "Agent console"),
               ("/faq", "FAQ editor")))),
}


def widget_host_policy(settings: WebSettings) -> str:
    """The demo shop's CSP: as strict as the other pages, but the widget may reach Rasa."""
    rasa = settings.widget_rasa_url or ""
    return ("default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; "
            f"connect-src 'self' ws: wss: http: https: {rasa}".strip())


def _html(document: str) -> Handler:
    async def page(_: Request) -> HTTPResponse:  # no docstring: it would be the API doc's
        return HTTPResponse(document, content_type="text/html")

    return page


def _add_staff_page(app: Sanic, name: str) -> None:
    path, page = STAFF_PAGES[name]
    app.get(path, name=name)(_html(render(page)))


def add_pages(app: Sanic, settings: WebSettings) -> None:
    """Register the pages' routes (in this order: the OpenAPI document lists them so)."""

    @app.get("/")
    async def home(_: Request) -> HTTPResponse:
        return await response.file(PAGES / "index.html")

    for name in ("agent_console", "faq_editor", "dashboard"):
        _add_staff_page(app, name)

    @app.get("/shop")
    async def demo_shop(_: Request) -> HTTPResponse:
        page = await response.file(PAGES / "shop.html")
        page.headers["Content-Security-Policy"] = widget_host_policy(settings)
        return page

    _add_widget(app, settings)
    _add_browser_files(app)
    _add_staff_page(app, "audit_page")  # last, as before: the document keeps its path order
    _add_staff_page(app, "campaigns_page")


def _add_widget(app: Sanic, settings: WebSettings) -> None:
    defaults = json.dumps(settings.widget_defaults())

    @app.get("/widget.js")
    async def widget_script(_: Request) -> HTTPResponse:
        """The embeddable widget: its settings first, then the code (one script tag)."""
        code = await asyncio.to_thread((PAGES / "widget.js").read_text, encoding="utf-8")
        return response.text(f"window.HelpdeskWidgetDefaults = {defaults};\n{code}",
                             content_type="application/javascript; charset=utf-8",
                             headers={"Cache-Control": "no-cache"})

    @app.get("/widget.css")
    async def widget_style(_: Request) -> HTTPResponse:
        return await response.file(PAGES / "widget.css")


def _add_browser_files(app: Sanic) -> None:
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
                BROWSER_FILES):
            return error(404, "not found")
        return await response.file(path)
