"""Transfer a live Twilio call: update it with new TwiML through Twilio's REST API.

`POST {api_base}/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json` with a `Twiml`
form field redirects the call; the media stream then stops. The API base is a setting, so
tests point it at a fake Twilio HTTP endpoint.
"""

from __future__ import annotations

import logging
from xml.sax.saxutils import escape

import httpx

from helpdesk.config import VoiceSettings
from voice_gateway.caller_trust import valid_call_sid

log = logging.getLogger(__name__)


def transfer_twiml(settings: VoiceSettings) -> str | None:
    """<Dial> the configured number, or <Enqueue> into the configured queue."""
    if settings.transfer_number:
        target = f"<Dial>{escape(settings.transfer_number)}</Dial>"
    elif settings.transfer_queue:
        target = f"<Enqueue>{escape(settings.transfer_queue)}</Enqueue>"
    else:
        return None
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
            "<Say>Please hold while I connect you.</Say>" + target + "</Response>")


async def redirect_call(settings: VoiceSettings, call_sid: str) -> bool:
    """Redirect the call to an agent; False when not configured or Twilio refused."""
    if not valid_call_sid(call_sid):  # it goes into the URL: no path tricks
        log.error("call %r: not a Twilio call SID, no transfer", call_sid[:64])
        return False
    twiml = transfer_twiml(settings)
    if not (twiml and settings.twilio_account_sid and settings.twilio_auth_token):
        log.warning("call %s: no transfer configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN "
                    "and HELPDESK_TRANSFER_NUMBER or HELPDESK_TRANSFER_QUEUE)", call_sid)
        return False
    url = (f"{settings.twilio_api_base.rstrip('/')}/2010-04-01/Accounts/"
           f"{settings.twilio_account_sid}/Calls/{call_sid}.json")
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(
                url, data={"Twiml": twiml},
                auth=(settings.twilio_account_sid, settings.twilio_auth_token))
    except httpx.HTTPError as exc:
        log.error("call %s: Twilio transfer failed: %s", call_sid, exc)
        return False
    if response.status_code >= 300:
        log.error("call %s: Twilio refused the transfer: %s %s", call_sid,
                  response.status_code, response.text[:200])
        return False
    log.info("call %s transferred by Twilio", call_sid)
    return True
