"""Twilio's HTTP side of a call (CONTRACT §6): the voice webhook answers with TwiML that
connects the media stream (`/twilio/outbound` does so for a call the campaign dialer
placed, or leaves a voicemail message on a machine), and the stream-ended callback
(<Connect action>) decides what
happens once the stream ended: hang up when a gateway ended it on purpose (asked of the
shared call state, voice_gateway.calls, since the callback may land on another gateway),
else apologise and reconnect, at most MAX_RESUMES times. Every Twilio route, the media
stream's upgrade included, needs X-Twilio-Signature when TWILIO_AUTH_TOKEN is set
(voice_gateway.caller_trust)."""

from __future__ import annotations

import logging

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.config import VoiceSettings
from helpdesk.wording import VOICE_GIVE_UP, VOICE_RECONNECTING, VOICEMAIL, VOICEMAIL_DEFAULT
from voice_gateway.caller_trust import CallerTrust, valid_call_sid
from voice_gateway.calls import CallStateStore
from voice_gateway.serializers import twilio as wire
from voice_gateway.transports.http_errors import json_error
from voice_gateway.transports.twilio_media import handle_media_stream

log = logging.getLogger(__name__)

MAX_RESUMES = 3  # a call whose stream keeps dropping is ended politely, not looped
TWILIO_ROUTES = {path.strip("/") for path in (wire.VOICE_PATH, wire.STREAM_ENDED_PATH,
                                              wire.MEDIA_PATH, wire.OUTBOUND_PATH)}
# Twilio's answering-machine detection: after the beep (or the greeting's end) a message
# can be left; a machine still greeting, or a fax, is hung up on.
VOICEMAIL_AFTER = frozenset({"machine_end_beep", "machine_end_silence", "machine_end_other"})
HANG_UP_ON = frozenset({"machine_start", "fax"})
BAD_CALL_SID = "'CallSid' must be CA followed by 32 hex digits"


def stream_ended_twiml(call_sid: str | None, resumes: int, ended_on_purpose: bool) -> str:
    """What Twilio does once our stream ended: hang up when we ended it (or the call is
    unknown); otherwise (this or another gateway restarted, the connection dropped)
    apologise and reconnect, at most MAX_RESUMES times."""
    if not call_sid or ended_on_purpose:
        return wire.hangup_twiml()
    if resumes >= MAX_RESUMES:
        log.warning("call %s: stream dropped %d times, ending the call", call_sid, resumes)
        return wire.say_and_hang_up_twiml(VOICE_GIVE_UP)
    log.warning("call %s: stream dropped, reconnecting (attempt %d)", call_sid, resumes + 1)
    return wire.say_and_reconnect_twiml(VOICE_RECONNECTING, resumes + 1)


def outbound_twiml(settings: VoiceSettings, trust: CallerTrust, call_sid: str, attempt: int,
                   request: Request) -> str:
    """What an answered campaign call does, by what answered it (Twilio's `AnsweredBy`)."""
    form = request.form or {}
    answered_by = form.get("AnsweredBy") or "unknown"
    if answered_by in HANG_UP_ON:
        log.info("campaign call %s (attempt %d): %s, hanging up", call_sid, attempt,
                 answered_by)
        return wire.hangup_twiml()
    if answered_by in VOICEMAIL_AFTER:
        purpose = request.args.get("purpose") or ""
        message = VOICEMAIL.get(purpose, VOICEMAIL_DEFAULT).format(
            business=settings.business_name)
        log.info("campaign call %s (attempt %d): a machine, leaving the %s message",
                 call_sid, attempt, purpose if purpose in VOICEMAIL else "general")
        return wire.say_and_hang_up_twiml(message)
    callee = form.get("To")
    return wire.connect_twiml(wire.stream_url(settings.public_url, request.host), callee,
                              caller_token=trust.caller_token(call_sid, callee,
                                                              outbound=attempt),
                              outbound=attempt)


def _form_call_sid(request: Request) -> str | None:
    return request.form.get("CallSid") if request.form else None


def add_twilio_routes(app: Sanic, settings: VoiceSettings, trust: CallerTrust,
                      call_state: CallStateStore) -> None:
    """The Twilio webhooks and media stream of APP, and their signature check."""

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
        return json_error(403, "this endpoint serves Twilio only: X-Twilio-Signature is missing "
                           "or wrong")

    @app.post(wire.VOICE_PATH)
    async def twilio_voice(request: Request) -> HTTPResponse:
        caller = request.form.get("From") if request.form else None
        call_sid = _form_call_sid(request)
        if call_sid is not None and not valid_call_sid(call_sid):
            return json_error(400, BAD_CALL_SID)
        twiml = wire.connect_twiml(wire.stream_url(settings.public_url, request.host), caller,
                                   wire.resume_count(request.args.get("resumed")),
                                   trust.caller_token(call_sid, caller))
        return response.text(twiml, content_type="text/xml")

    @app.post(wire.STREAM_ENDED_PATH)
    async def twilio_stream_ended(request: Request) -> HTTPResponse:
        """<Connect action>: Twilio asks what to do once our media stream ended."""
        call_sid = _form_call_sid(request)
        if call_sid is not None and not valid_call_sid(call_sid):
            return json_error(400, BAD_CALL_SID)
        ended = bool(call_sid) and await call_state.take_ended(call_sid)
        twiml = stream_ended_twiml(call_sid, wire.resume_count(request.args.get("resumed")),
                                   ended)
        return response.text(twiml, content_type="text/xml")

    @app.post(wire.OUTBOUND_PATH)
    async def twilio_outbound(request: Request) -> HTTPResponse:
        """The TwiML of a call the campaign dialer placed (helpdesk.campaigns.dialer): the
        callee is connected to the media stream as a campaign call, or a machine gets the
        purpose's voicemail message."""
        call_sid = _form_call_sid(request)
        attempt = wire.attempt_id(request.args.get("attempt"))
        if call_sid is None or not valid_call_sid(call_sid) or attempt is None:
            return json_error(400, f"{BAD_CALL_SID}; 'attempt' must be a campaign attempt id")
        twiml = outbound_twiml(settings, trust, call_sid, attempt, request)
        return response.text(twiml, content_type="text/xml")

    @app.websocket(wire.MEDIA_PATH)
    async def twilio_media(request: Request, ws: object) -> None:
        await handle_media_stream(ws, request.app.ctx.calls, settings, trust)
