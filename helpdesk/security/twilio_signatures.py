"""Twilio's request signature (`X-Twilio-Signature`), checked one way for every endpoint
Twilio calls: the voice gateway's webhooks and media-stream upgrade, and the web app's
campaign status callbacks.

The signed URL is the public base Twilio was given (HELPDESK_VOICE_PUBLIC_URL,
HELPDESK_CONSOLE_PUBLIC_URL) with the request's path and query; without one, the request's
own URL and its https/wss form (a TLS terminator in front is the usual layout). A
WebSocket upgrade is signed over its ws/wss URL and no parameters; a form Twilio posted
over every value of each field (twilio's RequestValidator does the HMAC).
"""

from __future__ import annotations

from typing import Any

from sanic.request import Request
from twilio.request_validator import RequestValidator

SIGNATURE_HEADER = "X-Twilio-Signature"
_SECURE = {"http": "https", "ws": "wss"}


class _FormValues(dict):
    """A form as RequestValidator reads a multi-valued one (`getall`)."""

    def getall(self, name: str) -> list[str]:
        return list(self[name])


def is_websocket(request: Request) -> bool:
    return request.headers.get("upgrade", "").lower() == "websocket"


def signed_urls(request: Request, public_url: str | None) -> list[str]:
    """The URLs Twilio may have signed for REQUEST."""
    query = f"?{request.query_string}" if request.query_string else ""
    if public_url:
        base = public_url.rstrip("/")
        if is_websocket(request):
            base = base.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
        return [f"{base}{request.path}{query}"]
    own = request.url
    scheme, _, rest = own.partition("://")
    return [own] + ([f"{_SECURE[scheme]}://{rest}"] if scheme in _SECURE else [])


def twilio_signed(request: Request, auth_token: str, public_url: str | None) -> bool:
    """REQUEST carries Twilio's valid signature made with AUTH_TOKEN."""
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not signature:
        return False
    params: dict[str, Any] = {}
    if not is_websocket(request):
        try:
            params = _FormValues(request.form or {})
        except Exception:  # an undecodable form: nothing Twilio signed
            return False
    validator = RequestValidator(auth_token)
    return any(validator.validate(url, params, signature)
               for url in signed_urls(request, public_url))
