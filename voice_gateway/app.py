"""The voice gateway's sanic app: health, Twilio webhook and media stream, browser stream,
AudioSocket caller-ID registration; the AudioSocket TCP server runs beside it. Which caller
ID is believed, and which Twilio requests are refused: voice_gateway.caller_trust."""

from __future__ import annotations

import asyncio
import logging
import uuid
from pathlib import Path

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.config import get_settings
from voice_gateway.caller_trust import CallerTrust, mask_caller, valid_call_sid
from voice_gateway.calls import CallRegistry
from voice_gateway.services.rasa_client import RasaClient
from voice_gateway.services.speech_models import SpeechModels
from voice_gateway.transports.audiosocket import start_server as start_audiosocket
from voice_gateway.transports.browser import handle_browser_stream
from voice_gateway.transports.twilio_media import (
    MEDIA_PATH,
    STREAM_ENDED_PATH,
    VOICE_PATH,
    connect_twiml,
    handle_media_stream,
    resume_count,
    stream_ended_twiml,
    stream_url,
)
from voice_gateway.transports.websocket_admission import install_connection_limits
from voice_gateway.voice_settings import VoiceSettings

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
TWILIO_ROUTES = {path.strip("/") for path in (VOICE_PATH, STREAM_ENDED_PATH, MEDIA_PATH)}


def _error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def create_app(settings: VoiceSettings | None = None,
               audiosocket_host: str | None = None) -> Sanic:
    """The gateway's app; the AudioSocket listener binds AUDIOSOCKET_HOST (default
    HELPDESK_BIND, i.e. 127.0.0.1 unless opened on purpose)."""
    settings = settings or VoiceSettings.from_env()
    audiosocket_host = audiosocket_host or get_settings().bind_host
    app = Sanic("voice_gateway")
    app.config.WEBSOCKET_MAX_SIZE = 1 << 20
    app.config.REQUEST_MAX_SIZE = 1 << 20
    limits = install_connection_limits(app, settings)
    trust = CallerTrust.from_settings(settings)
    trust.announce()

    @app.on_request
    async def check_twilio_signature(request: Request) -> HTTPResponse | None:
        """Twilio's webhooks and the media-stream upgrade carry X-Twilio-Signature (checked
        when TWILIO_AUTH_TOKEN is set); anything else gets 403 before any work."""
        route = request.route
        if route is None or route.path.strip("/") not in TWILIO_ROUTES:
            return None
        if trust.twilio_request_ok(request):
            return None
        log.warning("refused a request to %s without a valid X-Twilio-Signature from %s",
                    request.path, request.remote_addr or request.ip)
        return _error(403, "this endpoint serves Twilio only: X-Twilio-Signature is missing "
                           "or wrong")

    @app.before_server_start
    async def load_models(app: Sanic, _loop: object) -> None:
        loop = asyncio.get_running_loop()
        models = await loop.run_in_executor(None, SpeechModels, settings)
        await loop.run_in_executor(None, models.warm_up)
        app.ctx.models = models
        app.ctx.rasa = RasaClient(settings.rasa_url, settings.internal_secret)
        app.ctx.calls = CallRegistry(models, app.ctx.rasa, settings)
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
        app.ctx.models.close()

    @app.get("/health")
    async def health(request: Request) -> HTTPResponse:
        calls: CallRegistry = request.app.ctx.calls
        return response.json({"status": "ok", "service": "voice_gateway",
                              "stt_model": settings.stt_model,
                              "active_calls": len(calls.calls)})

    @app.post(VOICE_PATH)
    async def twilio_voice(request: Request) -> HTTPResponse:
        caller = request.form.get("From") if request.form else None
        call_sid = request.form.get("CallSid") if request.form else None
        if call_sid is not None and not valid_call_sid(call_sid):
            return _error(400, "'CallSid' must be CA followed by 32 hex digits")
        twiml = connect_twiml(stream_url(request, settings), caller,
                              resume_count(request.args.get("resumed")),
                              trust.caller_token(call_sid, caller))
        return response.text(twiml, content_type="text/xml")

    @app.post(STREAM_ENDED_PATH)
    async def twilio_stream_ended(request: Request) -> HTTPResponse:
        """<Connect action>: Twilio asks what to do once our media stream ended."""
        call_sid = request.form.get("CallSid") if request.form else None
        if call_sid is not None and not valid_call_sid(call_sid):
            return _error(400, "'CallSid' must be CA followed by 32 hex digits")
        twiml = stream_ended_twiml(call_sid, resume_count(request.args.get("resumed")))
        return response.text(twiml, content_type="text/xml")

    @app.websocket(MEDIA_PATH)
    async def twilio_media(request: Request, ws: object) -> None:
        await handle_media_stream(ws, request.app.ctx.calls, settings, trust)

    @app.websocket("/browser")
    async def browser_stream(request: Request, ws: object) -> None:
        call_id = request.args.get("call_id")
        if call_id and (len(call_id) > 128 or not call_id.replace("-", "").isalnum()):
            call_id = None
        await handle_browser_stream(ws, request.app.ctx.calls, call_id, trust)

    @app.get("/browser/test")
    async def browser_page(_: Request) -> HTTPResponse:
        return await response.file(STATIC / "browser_call.html")

    @app.post("/audiosocket/calls")
    async def register_audiosocket_call(request: Request) -> HTTPResponse:
        """The dialplan registers a call's caller ID before AudioSocket() connects; it
        proves itself with `Authorization: Bearer <HELPDESK_AUDIOSOCKET_SECRET>`."""
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
            return _error(400, "the body is not valid JSON")
        if not isinstance(body, dict):
            return _error(400, "send a JSON object with 'uuid' and 'caller_number'")
        call_uuid, number = body.get("uuid"), body.get("caller_number")
        if not isinstance(call_uuid, str) or not isinstance(number, str) or len(number) > 32:
            return _error(400, "'uuid' and 'caller_number' must be strings")
        try:
            call_uuid = str(uuid.UUID(call_uuid))
        except ValueError:
            return _error(400, "'uuid' is not a UUID")
        request.app.ctx.calls.caller_numbers[call_uuid] = number
        log.info("AudioSocket call %s registered from %s", call_uuid, mask_caller(number))
        return response.json({"uuid": call_uuid, "caller_number": number}, status=201)

    return app
