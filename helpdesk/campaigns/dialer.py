"""The dialer: places the campaigns' calls within their rules and pacing.

`Dialer` is the small interface a telephony path implements (`place` one call); the
Twilio one creates the call through Twilio's REST API (CONTRACT §8): `Url` is the
gateway's outbound TwiML webhook for that attempt (it answers with the media stream, or
a voicemail message when the machine detection heard a machine), `StatusCallback` the web
app's status route for the attempt. An Asterisk originate path would be a second
`Dialer`.

`CampaignDialer` is the loop that runs in each web app process: every tick it ends what a
dead process left behind, then, for each running campaign, takes the campaign's pacing
slots (helpdesk/campaigns/attempts.py: conditional UPDATEs, so two processes never dial
the same contact or exceed the pace between them) and places one call per slot. The
store calls run in worker threads; each call's create request runs as its own task, so a
slow Twilio never holds up the other campaigns.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlencode

import httpx

from helpdesk.campaigns import attempts
from helpdesk.campaigns.attempts import Claim
from helpdesk.config import OutboundSettings

log = logging.getLogger(__name__)

TICK_S = 0.25
RECOVER_EVERY_S = 30.0
# A call with no final callback this long after it was placed is asked about (its callback
# may have been lost while the web app was down).
UNSETTLED_AFTER_S = 120.0
FINAL_CALL_STATUSES = frozenset({"completed", "busy", "no-answer", "failed", "canceled"})
CREATE_TIMEOUT_S = 10.0
# Twilio error codes that say the number cannot be called at all (no retry).
INVALID_NUMBER_CODES = frozenset({13223, 13224, 21211, 21214, 21215, 21216, 21217, 21401,
                                  21421, 21614})
STATUS_EVENTS = ("initiated", "ringing", "answered", "completed")
OUTBOUND_TWIML_PATH = "/twilio/outbound"  # on the voice gateway
STATUS_CALLBACK_PATH = "/twilio/outbound-status"  # on the web app
TWILIO_AMD = {"detectmessageend": "DetectMessageEnd", "enable": "Enable"}


@dataclass(frozen=True)
class Placement:
    """What came of a create request: a call SID, or the outcome of a call never made."""

    call_sid: str | None = None
    outcome: str | None = None  # invalid_number or failed when no call was made
    error: str = ""


@dataclass(frozen=True)
class CallState:
    """How a placed call stands, as the telephony side reports it when asked."""

    status: str  # Twilio's CallStatus
    answered_by: str | None = None
    duration_s: float | None = None


class Dialer(Protocol):
    async def place(self, claim: Claim) -> Placement:
        """Start the call of CLAIM; never raises for the telephony side's refusals."""

    async def state(self, call_sid: str) -> CallState | None:
        """How call CALL_SID stands (None when the telephony side cannot say now)."""


def twiml_url(settings: OutboundSettings, claim: Claim) -> str:
    return (f"{settings.voice_url}{OUTBOUND_TWIML_PATH}?"
            + urlencode({"attempt": claim.attempt_id, "purpose": claim.purpose}))


def status_url(settings: OutboundSettings, attempt_id: int) -> str:
    return f"{settings.console_url}{STATUS_CALLBACK_PATH}?" + urlencode({"attempt": attempt_id})


class TwilioDialer:
    """Calls through Twilio's REST API (or a local fake of it at TWILIO_API_BASE)."""

    def __init__(self, settings: OutboundSettings,
                 client: httpx.AsyncClient | None = None) -> None:
        self.settings = settings
        self.client = client or httpx.AsyncClient(timeout=CREATE_TIMEOUT_S)

    def form(self, claim: Claim) -> dict[str, str | list[str]]:
        settings = self.settings
        fields: dict[str, str | list[str]] = {
            "To": claim.phone, "From": settings.from_number or "",
            "Url": twiml_url(settings, claim),
            "StatusCallback": status_url(settings, claim.attempt_id),
            "StatusCallbackMethod": "POST", "StatusCallbackEvent": list(STATUS_EVENTS),
            "Timeout": str(settings.ring_timeout_s)}
        if settings.machine_detection in TWILIO_AMD:
            fields["MachineDetection"] = TWILIO_AMD[settings.machine_detection]
        return fields

    async def place(self, claim: Claim) -> Placement:
        settings = self.settings
        url = (f"{settings.twilio_api_base.rstrip('/')}/2010-04-01/Accounts/"
               f"{settings.twilio_account_sid}/Calls.json")
        try:
            response = await self.client.post(
                url, data=self.form(claim),
                auth=(settings.twilio_account_sid or "", settings.twilio_auth_token or ""))
        except httpx.HTTPError as exc:
            return Placement(outcome="failed", error=f"Twilio did not answer: {exc!r}"[:300])
        return placement(response.status_code, _json(response))

    async def state(self, call_sid: str) -> CallState | None:
        settings = self.settings
        url = (f"{settings.twilio_api_base.rstrip('/')}/2010-04-01/Accounts/"
               f"{settings.twilio_account_sid}/Calls/{call_sid}.json")
        try:
            response = await self.client.get(url, auth=(settings.twilio_account_sid or "",
                                                        settings.twilio_auth_token or ""))
        except httpx.HTTPError as exc:
            log.warning("call %s: Twilio did not say how it stands: %r", call_sid, exc)
            return None
        body = _json(response)
        status = body.get("status")
        if response.status_code >= 300 or not isinstance(status, str):
            return None
        duration = body.get("duration")
        return CallState(status, body.get("answered_by"),
                         float(duration) if isinstance(duration, str | int | float)
                         and str(duration).replace(".", "", 1).isdigit() else None)

    async def close(self) -> None:
        await self.client.aclose()


def _json(response: httpx.Response) -> dict:
    with contextlib.suppress(ValueError):
        body = response.json()
        if isinstance(body, dict):
            return body
    return {"message": response.text[:200]}


def placement(status: int, body: dict) -> Placement:
    """Twilio's answer to a create request, as a Placement."""
    sid = body.get("sid")
    if status < 300 and isinstance(sid, str) and sid:
        return Placement(call_sid=sid)
    code = body.get("code")
    message = f"Twilio {status}: {body.get('message') or 'no message'}"
    if code is not None:
        message += f" (code {code})"
    if 400 <= status < 500 and code in INVALID_NUMBER_CODES:
        return Placement(outcome="invalid_number", error=message[:300])
    return Placement(outcome="failed", error=message[:300])


class CampaignDialer:
    """The dialing loop of one process (see the module docstring)."""

    def __init__(self, dialer: Dialer, business_timezone: str, max_calls: int,
                 tick_s: float = TICK_S, recover_every_s: float = RECOVER_EVERY_S,
                 unsettled_after_s: float = UNSETTLED_AFTER_S) -> None:
        self.dialer = dialer
        self.business_timezone = business_timezone
        self.max_calls = max_calls
        self.tick_s = tick_s
        self._task: asyncio.Task | None = None
        self._calls: set[asyncio.Task] = set()
        self._recovered_at = -recover_every_s
        self.recover_every_s = recover_every_s
        self.unsettled_after_s = unsettled_after_s

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        for task in [self._task, *self._calls]:
            if task is not None:
                task.cancel()
        for task in [self._task, *self._calls]:
            if task is not None:
                with contextlib.suppress(BaseException):
                    await task

    async def _run(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # the loop must outlive a dropped database or a bad row
                log.exception("campaign dialer: tick failed; trying again")
            await asyncio.sleep(self.tick_s)

    async def tick(self) -> int:
        """One round over the running campaigns; how many calls it started."""
        loop = asyncio.get_running_loop()
        if loop.time() - self._recovered_at >= self.recover_every_s:
            self._recovered_at = loop.time()
            await self.recover()
        started = 0
        for campaign_id in await asyncio.to_thread(attempts.running_campaigns):
            now = dt.datetime.now(dt.timezone.utc)
            if not await asyncio.to_thread(attempts.take_turn, campaign_id, now,
                                           self.max_calls):
                continue
            claim = await asyncio.to_thread(attempts.claim, campaign_id,
                                            self.business_timezone, now)
            if claim is None:
                continue
            task = asyncio.create_task(self._place(claim))
            self._calls.add(task)
            task.add_done_callback(self._calls.discard)
            started += 1
        return started

    async def recover(self) -> None:
        """End what a stopped dialer left behind, and settle the calls whose final status
        callback never came by asking how they ended."""
        ended = await asyncio.to_thread(attempts.recover)
        if ended:
            log.warning("campaign dialer: %d call attempt(s) left by a stopped dialer "
                        "ended as failed", ended)
        for call in await asyncio.to_thread(attempts.unsettled, self.unsettled_after_s):
            state = await self.dialer.state(call.call_sid)
            if state is None or state.status not in FINAL_CALL_STATUSES:
                continue
            outcome = await asyncio.to_thread(attempts.call_status, call.attempt_id,
                                              call.call_sid, state.status, state.answered_by,
                                              state.duration_s)
            log.info("campaign call %s settled from Twilio's record: %s", call.call_sid,
                     outcome)

    async def _place(self, claim: Claim) -> None:
        try:
            result = await self.dialer.place(claim)
        except Exception as exc:  # a bug in a dialer must not leave the contact dialing
            log.exception("campaign %d: placing a call failed", claim.campaign_id)
            result = Placement(outcome="failed", error=f"the dialer failed: {exc!r}"[:300])
        if result.call_sid:
            log.info("campaign %d: calling contact %d (attempt %d, call %s)",
                     claim.campaign_id, claim.contact_id, claim.attempt_id, result.call_sid)
            await asyncio.to_thread(attempts.placed, claim.attempt_id, result.call_sid)
            return
        log.warning("campaign %d: contact %d not called: %s", claim.campaign_id,
                    claim.contact_id, result.error)
        await asyncio.to_thread(attempts.not_placed, claim.attempt_id,
                                result.outcome or "failed", result.error)
