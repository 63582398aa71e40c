"""Whose caller ID the gateway believes (CONTRACT §4, §6): a caller's number reaches the bot
only over a path nobody else can fake.

- Twilio, with TWILIO_AUTH_TOKEN set: every webhook (`/twilio/voice`,
  `/twilio/stream-ended`) and the media-stream WebSocket upgrade must carry a valid
  `X-Twilio-Signature` (403 otherwise; helpdesk.security.twilio_signatures). The signed URL
  is HELPDESK_VOICE_PUBLIC_URL's when set, else the request's own (scheme and host as sanic
  sees them; X-Forwarded-* count only with sanic's proxy settings, SANIC_PROXIES_COUNT /
  SANIC_FORWARDED_SECRET) or its https/wss form. The TwiML passes the caller's number to
  the stream with a per-call token (HMAC-SHA256 with the auth token over CallSid, From and
  an expiry): a stream's `From` is believed only with a valid token for that CallSid.
- Twilio without TWILIO_AUTH_TOKEN: nothing is signed, so callers are anonymous unless
  HELPDESK_TRUST_UNSIGNED_CALLER_ID=1 (local testing only). Said once in the log at start.
- AudioSocket: `POST /audiosocket/calls` needs `Authorization: Bearer
  <HELPDESK_AUDIOSOCKET_SECRET>`; a call nobody registered so is anonymous.
- The browser test page: its caller number counts only with
  HELPDESK_TRUST_UNSIGNED_CALLER_ID=1.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
from dataclasses import dataclass

from sanic.request import Request

from helpdesk.config import TRUST_UNSIGNED_ENV, VoiceSettings
from helpdesk.security.twilio_signatures import twilio_signed

log = logging.getLogger(__name__)

CALLER_TOKEN_PARAMETER = "callerToken"  # the <Stream> <Parameter> with the signed token
CALLER_TOKEN_TTL_S = 600  # Twilio opens the stream right after fetching the TwiML
_CALL_SID = re.compile(r"CA[0-9a-f]{32}")


def valid_call_sid(value: object) -> bool:
    """A Twilio call SID (`CA` and 32 hex digits): the only form that may go into a URL."""
    return isinstance(value, str) and _CALL_SID.fullmatch(value) is not None


def mask_caller(number: str | None) -> str:
    """A caller number for the log: every digit but the last two masked, everything else
    kept (a browser test caller may give any text; the log masking handles emails)."""
    if not number:
        return "an unknown number"
    digits = sum(c.isdigit() for c in number)
    seen = 0
    masked = []
    for char in number:
        if char.isdigit():
            seen += 1
            masked.append(char if seen > digits - 2 else "*")
        else:
            masked.append(char)
    return "".join(masked)


@dataclass(frozen=True)
class CallerTrust:
    auth_token: str | None
    public_url: str | None
    trust_unsigned: bool
    audiosocket_secret: str

    @classmethod
    def from_settings(cls, settings: VoiceSettings) -> CallerTrust:
        return cls(settings.twilio_auth_token, settings.public_url,
                   settings.trust_unsigned_caller_id, settings.audiosocket_secret)

    def announce(self) -> None:
        """Say at start how caller ID is treated."""
        if not self.auth_token and self.trust_unsigned:
            log.warning("TWILIO_AUTH_TOKEN is not set and %s=1: unsigned Twilio requests and "
                        "the browser page's caller numbers are BELIEVED (local testing only)",
                        TRUST_UNSIGNED_ENV)
        elif not self.auth_token:
            log.warning("TWILIO_AUTH_TOKEN is not set: Twilio requests are not signature-"
                        "checked, so their caller ID is untrusted and every caller is "
                        "anonymous (set TWILIO_AUTH_TOKEN; %s=1 is for local testing only)",
                        TRUST_UNSIGNED_ENV)
        else:
            log.info("Twilio requests need a valid X-Twilio-Signature (signed URL base: %s)",
                     self.public_url or "the request's own URL")
        if not self.audiosocket_secret:
            log.warning("HELPDESK_AUDIOSOCKET_SECRET is not set: AudioSocket caller ID "
                        "registration is refused and AudioSocket calls are anonymous")

    # --- Twilio request signatures ---------------------------------------------------------
    def twilio_request_ok(self, request: Request) -> bool:
        """True when no auth token is configured, or REQUEST carries Twilio's signature
        (helpdesk.security.twilio_signatures, over HELPDESK_VOICE_PUBLIC_URL's URL)."""
        return not self.auth_token or twilio_signed(request, self.auth_token, self.public_url)

    # --- the stream's caller ---------------------------------------------------------------
    def _mac(self, call_sid: str, caller: str, expires: int, outbound: int | None) -> str:
        assert self.auth_token
        message = (f"helpdesk-stream-caller\n{call_sid}\n{caller}\n{expires}\n"
                   f"{'' if outbound is None else outbound}").encode()
        return hmac.new(self.auth_token.encode(), message, hashlib.sha256).hexdigest()

    def caller_token(self, call_sid: str | None, caller: str | None,
                     now: float | None = None, outbound: int | None = None) -> str | None:
        """The <Stream> parameter that vouches for CALLER on call CALL_SID, and for the
        campaign attempt OUTBOUND of a call the dialer placed (None when nothing is signed:
        no auth token, no valid CallSid or no caller)."""
        if not (self.auth_token and caller and valid_call_sid(call_sid)):
            return None
        assert call_sid is not None
        expires = int(now if now is not None else time.time()) + CALLER_TOKEN_TTL_S
        return f"{expires}.{self._mac(call_sid, caller, expires, outbound)}"

    def token_ok(self, call_sid: str, caller: str, token: object,
                 now: float | None = None, outbound: int | None = None) -> bool:
        if not (self.auth_token and isinstance(token, str) and valid_call_sid(call_sid)):
            return False
        expires, _, mac = token.partition(".")
        if not (expires.isascii() and expires.isdecimal() and len(expires) <= 12):
            return False
        if int(expires) < (now if now is not None else time.time()):
            return False
        return hmac.compare_digest(mac.encode(), self._mac(call_sid, caller, int(expires),
                                                           outbound).encode())

    def stream_identity(self, call_sid: str, caller: str | None, token: object,
                        outbound: int | None = None) -> tuple[str | None, int | None]:
        """The caller number of a Twilio stream and its campaign attempt, when they may be
        believed (the token covers both); else None for each."""
        believed = self.stream_caller(call_sid, caller, token, outbound)
        return believed, outbound if believed else None

    def stream_caller(self, call_sid: str, caller: str | None, token: object,
                      outbound: int | None = None) -> str | None:
        """The caller number of a Twilio stream, when it may be believed; else None."""
        if not caller:
            return None
        if self.auth_token:
            if self.token_ok(call_sid, caller, token, outbound=outbound):
                return caller
            log.warning("Twilio stream %s: caller ID %s has no valid token; the call is "
                        "anonymous", call_sid, mask_caller(caller))
            return None
        return caller if self.trust_unsigned else None

    def browser_caller(self, caller: object) -> str | None:
        """The browser page's caller number: only in local testing mode."""
        if not isinstance(caller, str) or not caller:
            return None
        if self.trust_unsigned:
            return caller
        log.info("browser stream: caller number ignored (%s is not set)", TRUST_UNSIGNED_ENV)
        return None

    # --- AudioSocket registration ----------------------------------------------------------
    def audiosocket_refusal(self, request: Request) -> tuple[int, str] | None:
        """(status, reason) when REQUEST may not register a caller number, else None."""
        if not self.audiosocket_secret:
            return 403, "AudioSocket caller ID registration is off (no HELPDESK_AUDIOSOCKET_SECRET)"
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
                given.strip().encode(), self.audiosocket_secret.encode()):
            return 401, "send Authorization: Bearer <HELPDESK_AUDIOSOCKET_SECRET>"
        return None
