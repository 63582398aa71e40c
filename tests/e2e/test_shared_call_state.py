"""Two voice gateways behind one balancer (as `make run-scaled` runs them) share what a call
leaves behind, through Redis at LOCK_STORE_URL (voice_gateway.calls):

- a call the bot ended on purpose on gateway 1 is hung up when Twilio's stream-ended
  callback lands on gateway 2 (it was "reconnected" there: Twilio's <Connect action> goes
  through the balancer, not to the gateway that served the stream);
- an AudioSocket caller ID registered by the dialplan on gateway 1 is believed for the
  call that connects to gateway 2.

Each gateway is a real process with its own speech models, over one real bot stack.
"""

from __future__ import annotations

import asyncio
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import redis

from helpdesk.crm.importer import import_directory
from helpdesk.store.migrate import upgrade_database
from tests.conftest import TEST_CRM_DIR
from tests.e2e.conftest import GRACE
from tests.support.stacks import BotStack, VoiceGatewayProcess, start_bot_stack, start_voice_gateway
from tests.support.voice_calls import (
    SIGNATURE_HEADER,
    TWILIO_AUTH_TOKEN,
    AudioSocketCaller,
    TwilioCaller,
    silence,
    twilio_signature,
)

pytestmark = pytest.mark.e2e

REDIS_URL = "redis://127.0.0.1:6379/5"


def run(coroutine: object) -> object:
    return asyncio.run(asyncio.wait_for(coroutine, 240))


@pytest.fixture(scope="module")
def two_gateways(trained_model: Path, tmp_path_factory: pytest.TempPathFactory,
                 ) -> Iterator[tuple[BotStack, VoiceGatewayProcess, VoiceGatewayProcess]]:
    work = tmp_path_factory.mktemp("two-gateways")
    crm = f"sqlite:///{work / 'crm.db'}"
    upgrade_database(crm)
    assert import_directory(TEST_CRM_DIR, crm).ok
    bot = start_bot_stack(trained_model, crm, f"sqlite:///{work / 'tracker.db'}", work)
    prefix = f"test{uuid.uuid4().hex[:8]}"
    env = {"LOCK_STORE_URL": REDIS_URL, "LOCK_STORE_PREFIX": prefix,
           "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN, "TWILIO_ACCOUNT_SID": "ACtest",
           # a caller who says nothing after the greeting is told goodbye and hung up on
           "HELPDESK_SILENCE_TIMEOUT_S": "1", "HELPDESK_SILENCE_REPROMPTS": "0"}
    gateways: list[VoiceGatewayProcess] = []
    errors = []
    with ThreadPoolExecutor(2) as pool:  # each loads the speech models: start both at once
        futures = [pool.submit(start_voice_gateway, bot.rasa_url,
                               tmp_path_factory.mktemp(f"gateway-{index}"), env)
                   for index in (1, 2)]
        for future in futures:
            try:
                gateways.append(future.result())
            except Exception as exc:  # start both before failing, so both are stopped
                errors.append(exc)
    try:
        if errors:
            raise errors[0]
        yield bot, gateways[0], gateways[1]
    finally:
        for gateway in gateways:
            gateway.stop()
        bot.stop()
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def stream_ended(gateway: VoiceGatewayProcess, call_sid: str) -> list[str]:
    """The verbs of the TwiML GATEWAY answers Twilio's <Connect action> with."""
    url = f"{gateway.url}/twilio/stream-ended"
    form = {"CallSid": call_sid, "AccountSid": "ACtest", "CallStatus": "in-progress"}
    reply = httpx.post(url, data=form, timeout=30,
                       headers={SIGNATURE_HEADER: twilio_signature(url, form)})
    assert reply.status_code == 200, reply.text
    return [verb.tag for verb in ET.fromstring(reply.text)]


def test_a_call_ended_on_one_gateway_is_not_reconnected_by_the_other(two_gateways) -> None:
    _, first, second = two_gateways

    async def call() -> tuple[str, bool]:
        async with TwilioCaller(first.ws_url, caller=GRACE) as caller:
            await caller.next_answer()  # the greeting
            await asyncio.sleep(0.5)  # the last 0.1 s of it is still playing
            await caller.send_audio(silence(2.0))
            await caller.next_answer()  # the goodbye
            await asyncio.wait_for(caller.closed.wait(), 60)
            return caller.call_sid, caller.closed.is_set()

    call_sid, closed = run(call())
    assert closed and "hanging up" in first.log.read_text()
    assert stream_ended(second, call_sid) == ["Hangup"]
    # A stream that merely dropped is still reconnected, on either gateway.
    assert stream_ended(second, f"CA{uuid.uuid4().hex}") == ["Say", "Redirect"]
    assert stream_ended(first, f"CA{uuid.uuid4().hex}") == ["Say", "Redirect"]


def test_an_audiosocket_registration_on_one_gateway_serves_a_call_on_the_other(
        two_gateways) -> None:
    bot, first, second = two_gateways
    caller = AudioSocketCaller(second.audiosocket_port)
    registered = httpx.post(f"{first.url}/audiosocket/calls", timeout=30,
                            json={"uuid": caller.call_uuid, "caller_number": GRACE},
                            headers={"Authorization": f"Bearer {first.audiosocket_secret}"})
    assert registered.status_code == 201, registered.text

    async def call() -> None:
        async with caller:
            await caller.wait_for_audio(2)  # the greeting

    run(call())
    tracker = bot.tracker(caller.call_uuid)
    assert tracker["slots"]["customer_id"] == "K-100"
    assert tracker["slots"]["identified_by"] == "caller_id"
    greeting = " ".join(e["text"] for e in tracker["events"]
                        if e["event"] == "bot" and e.get("text"))
    assert "Grace" in greeting
