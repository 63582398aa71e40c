"""The connection limits on the gateway's WebSocket routes (Twilio media, browser): a
request middleware admits or refuses each connection before the upgrade, so a refused
client gets a plain HTTP 429 and never a WebSocket."""

from __future__ import annotations

import asyncio

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.config import VoiceSettings
from voice_gateway.transports.connection_limits import ConnectionLimits

RETRY_AFTER_S = 60


def install_connection_limits(app: Sanic, settings: VoiceSettings) -> ConnectionLimits:
    """Count the app's WebSocket connections per client; the limits are also kept as
    `app.ctx.connection_limits` (the AudioSocket server counts its connections there)."""
    limits = ConnectionLimits.from_settings(settings)
    app.ctx.connection_limits = limits

    @app.on_request
    async def admit_websocket(request: Request) -> HTTPResponse | None:
        route = request.route
        if route is None or not getattr(route.ctx, "websocket", False):
            return None
        kind = route.path.strip("/").split("/")[0] or "websocket"
        admission = limits.admit(request.remote_addr or request.ip or "", kind)
        if admission is None:
            return response.json({"error": "too many voice connections from your address; "
                                           "try again later"}, status=429,
                                 headers={"Retry-After": str(RETRY_AFTER_S)})
        # The middleware runs in the connection's task, which lasts as long as the
        # WebSocket (and ends too when the upgrade fails): the slot is freed with it.
        task = asyncio.current_task()
        if task is None:
            admission.release()
        else:
            task.add_done_callback(lambda _: admission.release())
        return None

    return limits
