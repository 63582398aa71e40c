"""The voice gateway's sanic app: health, Twilio webhook and media stream, browser stream,
AudioSocket caller-ID registration; the AudioSocket TCP server runs beside it. Which caller
ID is believed, and which Twilio requests are refused: voice_gateway.caller_trust. What
several gateways must share (ended calls, AudioSocket registrations): voice_gateway.calls."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.config import VoiceSettings, get_settings
from voice_gateway.caller_trust import CallerTrust, mask_caller
from voice_gateway.calls import (
    CallRegistry,
    CallStateStore,
    CallStateUnavailable,
    call_state_store,
)
from voice_gateway.serializers.audiosocket import RegistrationError, parse_registration
from voice_gateway.services.rasa_client import RasaClient
from voice_gateway.services.speech_models import SpeechModels
from voice_gateway.transports.audiosocket import start_server as start_audiosocket
from voice_gateway.transports.browser import handle_browser_stream
from voice_gateway.transports.connection_limits import ConnectionLimits
from voice_gateway.transports.http_errors import json_error
from voice_gateway.transports.twilio_webhooks import add_twilio_routes
from voice_gateway.transports.websocket_admission import install_connection_limits

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def create_app(settings: VoiceSettings | None = None, audiosocket_host: str | None = None,
               call_state: CallStateStore | None = None) -> Sanic:
    """The gateway's app; the AudioSocket listener binds AUDIOSOCKET_HOST (default
    HELPDESK_BIND, i.e. 127.0.0.1 unless opened on purpose). CALL_STATE is shared with the
    other gateways (default: Redis at LOCK_STORE_URL when set, else this process's)."""
    stack = get_settings()
    settings = settings or get_settings().voice
    audiosocket_host = audiosocket_host or stack.bind_host
    if call_state is None:
        call_state = call_state_store(stack.lock_store_url, stack.lock_store_prefix)
    app = Sanic("voice_gateway")
    app.config.WEBSOCKET_MAX_SIZE = 1 << 20
    app.config.REQUEST_MAX_SIZE = 1 << 20
    limits = install_connection_limits(app, settings)
    trust = CallerTrust.from_settings(settings)
    trust.announce()
    _add_life_cycle(app, settings, audiosocket_host, limits, call_state)
    add_twilio_routes(app, settings, trust, call_state)
    _add_browser_routes(app, trust)
    _add_audiosocket_registration(app, trust, call_state)

    @app.get("/health")
    async def health(request: Request) -> HTTPResponse:
        calls: CallRegistry = request.app.ctx.calls
        return response.json({"status": "ok", "service": "voice_gateway",
                              "stt_model": settings.stt_model,
                              "active_calls": len(calls.calls)})

    return app


def _add_life_cycle(app: Sanic, settings: VoiceSettings, audiosocket_host: str,
                    limits: ConnectionLimits, call_state: CallStateStore) -> None:
    """Load the speech models and open the AudioSocket listener before serving; release
    them after."""

    @app.before_server_start
    async def load_models(app: Sanic, _loop: object) -> None:
        loop = asyncio.get_running_loop()
        models = await loop.run_in_executor(None, SpeechModels, settings)
        await loop.run_in_executor(None, models.warm_up)
        app.ctx.models = models
        app.ctx.rasa = RasaClient(settings.rasa_url, settings.internal_secret)
        app.ctx.calls = CallRegistry(models, app.ctx.rasa, settings, call_state)
        app.ctx.audiosocket = await start_audiosocket(app.ctx.calls, audiosocket_host,
                                                      settings.audiosocket_port, limits)
        log.info("voice gateway ready: http://127.0.0.1:%d (AudioSocket on TCP %d, STT %s)",
                 settings.voice_port, settings.audiosocket_port, settings.stt_model)

    @app.after_server_stop
    async def release(app: Sanic, _loop: object) -> None:
        for session in list(app.ctx.calls.calls.values()):
            await app.ctx.calls.close(session)
        app.ctx.audiosocket.close()
        await app.ctx.rasa.close()
        await call_state.close()
        app.ctx.models.close()


def _add_browser_routes(app: Sanic, trust: CallerTrust) -> None:
    @app.websocket("/browser")
    async def browser_stream(request: Request, ws: object) -> None:
        call_id = request.args.get("call_id")
        if call_id and (len(call_id) > 128 or not call_id.replace("-", "").isalnum()):
            call_id = None
        await handle_browser_stream(ws, request.app.ctx.calls, call_id, trust)

    @app.get("/browser/test")
    async def browser_page(_: Request) -> HTTPResponse:
        return await response.file(STATIC / "browser_call.html")


def _add_audiosocket_registration(app: Sanic, trust: CallerTrust,
                                  call_state: CallStateStore) -> None:
    @app.post("/audiosocket/calls")
    async def register_audiosocket_call(request: Request) -> HTTPResponse:
        """The dialplan registers a call's caller ID before AudioSocket() connects (to this
        gateway or another); it proves itself with `Authorization: Bearer
        <HELPDESK_AUDIOSOCKET_SECRET>`."""
        refused = trust.audiosocket_refusal(request)
        if refused is not None:
            status, reason = refused
            log.warning("refused an AudioSocket registration from %s: %s",
                        request.remote_addr or request.ip, reason)
            return response.json({"error": reason}, status=status,
                                 headers={"WWW-Authenticate": "Bearer"} if status == 401
                                 else None)
        try:
            body = request.json
        except Exception:
            return json_error(400, "the body is not valid JSON")
        try:
            call_id, number = parse_registration(body)
        except RegistrationError as exc:
            return json_error(400, str(exc))
        try:
            await call_state.register_caller(call_id, number)
        except CallStateUnavailable:
            log.exception("AudioSocket call %s: the registration could not be kept", call_id)
            return json_error(503, "the gateways' call state is unavailable; try again")
        log.info("AudioSocket call %s registered from %s", call_id, mask_caller(number))
        return response.json({"uuid": call_id, "caller_number": number}, status=201)
