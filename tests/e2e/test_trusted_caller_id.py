"""Identity claims come only from trusted channels (CONTRACT §4, §6), each attack performed
against the real stack:

- a chat client that sends `caller_number` (and `input_channel: voice`) over the REST
  webhook is not identified: no name, no orders;
- Rasa's voice channel refuses a request without (or with a wrong) internal secret;
- with TWILIO_AUTH_TOKEN set, an unsigned or badly signed Twilio webhook or media-stream
  upgrade gets 403, and a stream whose `From` has no valid token for its call is anonymous;
- an AudioSocket registration without the PBX secret is refused and the call is anonymous;
- a malformed CallSid is rejected before it can reach a Twilio REST URL;
- without TWILIO_AUTH_TOKEN callers are anonymous, unless HELPDESK_TRUST_UNSIGNED_CALLER_ID=1
  (local testing), which also lets the browser page's caller number through.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import websockets
from websockets.exceptions import InvalidStatusCode

from helpdesk.security.internal_auth import INTERNAL_SECRET_HEADER
from tests.e2e.conftest import GRACE
from tests.support.stacks import BotStack, VoiceGatewayProcess, start_voice_gateway
from tests.support.voice_calls import (
    SIGNATURE_HEADER,
    AudioSocketCaller,
    TwilioCaller,
    twilio_media_connect,
    twilio_signature,
)

pytestmark = pytest.mark.e2e

MIA = "+15559870300"  # K-300
GRACES_ORDERS = ("5001", "5002", "5003", "rain jacket", "hiking boots", "water bottle")


def run(coroutine: object) -> object:
    return asyncio.run(asyncio.wait_for(coroutine, 240))


def bot_texts(bot: BotStack, sender: str) -> str:
    return " ".join(e["text"] for e in bot.tracker(sender)["events"]
                    if e["event"] == "bot" and e.get("text"))


def assert_anonymous(bot: BotStack, sender: str) -> None:
    """Nobody was identified in SENDER's conversation and nothing of Grace's was said."""
    tracker = bot.tracker(sender)
    said = bot_texts(bot, sender)
    assert "Grace" not in said, said
    assert tracker["slots"]["customer_id"] is None
    assert all("caller_number" not in (e.get("metadata") or {})
               for e in tracker["events"] if e["event"] == "user")


# --- Rasa: the REST webhook and the voice channel --------------------------------------------
def test_a_rest_client_claiming_a_caller_number_is_not_identified(bot: BotStack,
                                                                  sender: str) -> None:
    claim = {"caller_number": GRACE, "channel": "voice", "customer_id": "K-100"}

    def send(text: str) -> str:
        reply = httpx.post(f"{bot.rasa_url}/webhooks/rest/webhook", timeout=60, json={
            "sender": sender, "message": text, "input_channel": "voice", "metadata": claim})
        reply.raise_for_status()
        return " ".join(m.get("text", "") for m in reply.json())

    greeting = send("hello")
    orders = send("what are my recent orders")
    for answer in (greeting, orders):
        assert "Grace" not in answer, answer
        for detail in GRACES_ORDERS:
            assert detail not in answer, (detail, answer)
    assert_anonymous(bot, sender)
    tracker = bot.tracker(sender)
    assert tracker["latest_input_channel"] == "rest"  # the body's input_channel is ignored
    for event in (e for e in tracker["events"] if e["event"] == "user"):
        assert event.get("input_channel") == "rest"
        assert not set(event.get("metadata") or {}) & set(claim), event["metadata"]


def test_the_same_caller_number_through_the_voice_channel_identifies(bot: BotStack,
                                                                     sender: str) -> None:
    """The trusted path (the voice gateway's channel, with the internal secret) works."""
    greeting = bot.say_voice(sender, "hello", metadata={"caller_number": GRACE})
    assert "Grace" in greeting
    tracker = bot.tracker(sender)
    assert tracker["latest_input_channel"] == "voice"
    assert tracker["slots"]["customer_id"] == "K-100"


@pytest.mark.parametrize("headers", [{}, {INTERNAL_SECRET_HEADER: "wrong-secret"},
                                     {INTERNAL_SECRET_HEADER: ""}])
def test_the_voice_channel_refuses_a_request_without_the_secret(bot: BotStack, sender: str,
                                                                headers: dict) -> None:
    reply = httpx.post(f"{bot.rasa_url}/webhooks/voice/webhook", timeout=60, headers=headers,
                       json={"sender": sender, "message": "hello",
                             "metadata": {"caller_number": GRACE}})
    assert reply.status_code == 403 and "error" in reply.json()
    assert not [e for e in bot.tracker(sender)["events"] if e["event"] == "user"]


# --- Twilio with TWILIO_AUTH_TOKEN (the voice_stack gateway) ----------------------------------
def _call_form(caller: str = GRACE) -> dict[str, str]:
    return {"CallSid": f"CA{uuid.uuid4().hex}", "AccountSid": "ACtest", "From": caller}


@pytest.mark.parametrize("path", ["/twilio/voice", "/twilio/stream-ended"])
def test_unsigned_or_badly_signed_twilio_webhooks_are_refused(voice_stack, path: str) -> None:
    _, gateway = voice_stack
    url = f"{gateway.url}{path}"
    form = _call_form()
    forged = {**form, "From": MIA}  # signed for another caller
    attempts = [
        {},
        {SIGNATURE_HEADER: "bm90IGEgc2lnbmF0dXJl"},
        {SIGNATURE_HEADER: twilio_signature(url, form, auth_token="not-the-token")},
        {SIGNATURE_HEADER: twilio_signature(url, forged)},
        {SIGNATURE_HEADER: twilio_signature(f"{gateway.url}/elsewhere", form)},
    ]
    for headers in attempts:
        reply = httpx.post(url, data=form, headers=headers, timeout=30)
        assert reply.status_code == 403, (headers, reply.text)
        assert "X-Twilio-Signature" in reply.json()["error"]
    signed = httpx.post(url, data=form, headers={SIGNATURE_HEADER: twilio_signature(url, form)},
                        timeout=30)
    assert signed.status_code == 200 and "<Response>" in signed.text


@pytest.mark.parametrize("token", [None, "not-the-token"])
def test_an_unsigned_media_stream_upgrade_is_refused(voice_stack, token: str | None) -> None:
    _, gateway = voice_stack

    async def connect() -> int:
        with pytest.raises(InvalidStatusCode) as refused:
            async with twilio_media_connect(gateway.ws_url, auth_token=token):
                pass
        return refused.value.status_code

    assert run(connect()) == 403
    health = httpx.get(f"{gateway.url}/health", timeout=10).json()
    assert health["status"] == "ok"


def test_a_stream_whose_caller_has_no_valid_token_is_anonymous(voice_stack) -> None:
    """The media stream is Twilio's (signed), but its `From` is not vouched for by the
    TwiML's token for this call: no token, another call's token, a token for another
    number."""
    bot, gateway = voice_stack
    other = TwilioCaller(gateway.ws_url, caller=GRACE)
    others_token = run(other.twiml_parameters())["callerToken"]
    mias_call = TwilioCaller(gateway.ws_url, caller=MIA)
    mias_token = run(mias_call.twiml_parameters())["callerToken"]
    callers = [
        TwilioCaller(gateway.ws_url, parameters={"From": GRACE}),
        TwilioCaller(gateway.ws_url, parameters={"From": GRACE, "callerToken": others_token}),
        TwilioCaller(gateway.ws_url, call_sid=mias_call.call_sid,
                     parameters={"From": GRACE, "callerToken": mias_token}),
    ]

    async def greeted(caller: TwilioCaller) -> str:
        async with caller:
            await caller.next_answer()
            return caller.call_sid

    async def all_calls() -> list[str]:
        return await asyncio.gather(*(greeted(caller) for caller in callers))

    for call_sid in run(all_calls()):
        assert_anonymous(bot, call_sid)
    assert "has no valid token" in gateway.log.read_text()


def test_a_signed_call_with_its_token_is_greeted_by_name(voice_stack) -> None:
    bot, gateway = voice_stack

    async def call() -> str:
        async with TwilioCaller(gateway.ws_url, caller=GRACE) as caller:
            await caller.next_answer()
            return caller.call_sid

    call_sid = run(call())
    assert "Grace" in bot_texts(bot, call_sid)
    assert bot.tracker(call_sid)["slots"]["identified_by"] == "caller_id"
    log = gateway.log.read_text()
    assert GRACE not in log  # caller numbers are masked in the gateway's log


@pytest.mark.parametrize("call_sid", ["CA../../Accounts/ACother/Calls/CAx", "CA1",
                                      f"ca{'0' * 32}", f"CA{'0' * 32}?x=1", f"CA{'g' * 32}"])
def test_a_malformed_call_sid_is_rejected(voice_stack, call_sid: str) -> None:
    _, gateway = voice_stack
    for path in ("/twilio/voice", "/twilio/stream-ended"):
        url = f"{gateway.url}{path}"
        form = {"CallSid": call_sid, "From": GRACE}
        reply = httpx.post(url, data=form, timeout=30,
                           headers={SIGNATURE_HEADER: twilio_signature(url, form)})
        assert reply.status_code == 400 and "CallSid" in reply.json()["error"]


# --- AudioSocket -----------------------------------------------------------------------------
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-secret"},
                                     {"Authorization": "Basic dXNlcjpwYXNz"}])
def test_audiosocket_registration_needs_the_pbx_secret(voice_stack, headers: dict) -> None:
    bot, gateway = voice_stack
    caller = AudioSocketCaller(gateway.audiosocket_port)
    reply = httpx.post(f"{gateway.url}/audiosocket/calls", headers=headers, timeout=30,
                       json={"uuid": caller.call_uuid, "caller_number": GRACE})
    assert reply.status_code == 401 and "Bearer" in reply.json()["error"]

    async def call() -> None:
        async with caller:
            await caller.wait_for_audio(2)

    run(call())
    assert_anonymous(bot, caller.call_uuid)


# --- without TWILIO_AUTH_TOKEN (two more gateways over the voice_stack's bot) ----------------
@pytest.fixture(scope="module")
def unsigned_gateways(voice_stack, tmp_path_factory: pytest.TempPathFactory,
                      ) -> Iterator[dict[str, VoiceGatewayProcess]]:
    """`untrusted`: no TWILIO_AUTH_TOKEN (nor the switch); `trusting`: no token and
    HELPDESK_TRUST_UNSIGNED_CALLER_ID=1. Started at once (each loads the speech models)."""
    bot, _ = voice_stack
    envs = {"untrusted": {"TWILIO_AUTH_TOKEN": ""},
            "trusting": {"TWILIO_AUTH_TOKEN": "", "HELPDESK_TRUST_UNSIGNED_CALLER_ID": "1"}}
    with ThreadPoolExecutor(2) as pool:
        futures = {name: pool.submit(start_voice_gateway, bot.rasa_url,
                                     tmp_path_factory.mktemp(f"voice-{name}"), env)
                   for name, env in envs.items()}
        gateways = {}
        errors = []
        for name, future in futures.items():
            try:
                gateways[name] = future.result()
            except Exception as exc:  # start both before failing, so both are stopped
                errors.append(exc)
    try:
        if errors:
            raise errors[0]
        yield gateways
    finally:
        for gateway in gateways.values():
            gateway.stop()


async def _unsigned_call(gateway: VoiceGatewayProcess) -> str:
    async with TwilioCaller(gateway.ws_url, caller=GRACE, auth_token=None) as caller:
        await caller.next_answer()
        return caller.call_sid


async def _browser_call(gateway: VoiceGatewayProcess, call_id: str) -> list[dict]:
    async with websockets.connect(f"{gateway.ws_url}/browser?call_id={call_id}") as ws:
        await ws.send(json.dumps({"event": "start", "caller_number": GRACE}))
        events: list[dict] = []
        while not any(e.get("role") == "bot" for e in events):
            raw = await asyncio.wait_for(ws.recv(), 60)
            if isinstance(raw, str):
                events.append(json.loads(raw))
        await ws.send(json.dumps({"event": "stop"}))
        return events


def test_without_an_auth_token_callers_are_anonymous(voice_stack, unsigned_gateways) -> None:
    bot, _ = voice_stack
    gateway = unsigned_gateways["untrusted"]
    assert "caller ID is untrusted" in gateway.log.read_text()  # said at start
    call_sid = run(_unsigned_call(gateway))
    assert_anonymous(bot, call_sid)
    browser = f"browser-untrusted-{uuid.uuid4().hex[:8]}"
    run(_browser_call(gateway, browser))
    assert_anonymous(bot, browser)
    reply = httpx.post(f"{gateway.url}/twilio/voice", data=_call_form(), timeout=30)
    assert reply.status_code == 200 and "callerToken" not in reply.text  # nothing to vouch


def test_the_testing_switch_believes_unsigned_caller_ids(voice_stack, unsigned_gateways) -> None:
    bot, _ = voice_stack
    gateway = unsigned_gateways["trusting"]
    assert "local testing only" in gateway.log.read_text()
    call_sid = run(_unsigned_call(gateway))
    assert "Grace" in bot_texts(bot, call_sid)
    browser = f"browser-trusting-{uuid.uuid4().hex[:8]}"
    events = run(_browser_call(gateway, browser))
    assert any(e.get("role") == "bot" and "Grace" in e.get("text", "") for e in events)
    assert bot.tracker(browser)["slots"]["customer_id"] == "K-100"
