"""Outbound campaign benchmarks, over the real web app (its dialer), gateway, Rasa and action
server, with a local fake of Twilio's REST API that calls back as Twilio does
(tests/support/fake_twilio.py):

- dialer throughput: contacts settled per minute for a campaign of busy lines at a given
  pacing (`calls_per_second`, `max_concurrent`), against the pacing's own ceiling;
- answered → the bot's first word: from Twilio fetching the call's TwiML (the callee
  picked up) to the first audio frame of the opening on the media stream, against an
  inbound call's greeting (the voice webhook fetched → first audio) measured in the same
  run, sentence cache on in both.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import time
import uuid
import xml.etree.ElementTree as ET

import httpx

from benchmarks.chat_bench import WORK as BENCH_WORK
from benchmarks.chat_bench import percentile
from helpdesk.accounts.users import create_user
from helpdesk.config import PROJECT_ROOT
from helpdesk.crm.importer import import_directory
from helpdesk.ops.model_cache import ensure_model
from helpdesk.store.migrate import upgrade_database
from tests.support.fake_twilio import FakeTwilio, Scenario
from tests.support.stacks import start_bot_stack, start_voice_gateway, start_web_app
from tests.support.voice_calls import TWILIO_AUTH_TOKEN, TwilioCaller

WORK = BENCH_WORK / "campaigns"
PASSWORD = "bench-password-1"
THROUGHPUT_CONTACTS = 60
PACING = {"calls_per_second": 4, "max_concurrent": 4}
ANSWERED_CALLS = 8
ALWAYS = {"window": "mon-sun 00:00-24:00", "timezone": "UTC", "max_attempts": 1}


async def _opening(ws_url: str, sid: str, parameters: dict[str, str], started: float) -> float:
    """Open the call's stream as Twilio does, wait for the first audio frame, hang up."""
    async with TwilioCaller(ws_url, fetch_twiml=False, call_sid=sid,
                            parameters=parameters) as caller:
        while not caller.received:
            if caller.closed.is_set():
                raise ConnectionError("the gateway closed the stream")
            await asyncio.sleep(0.002)
        return time.perf_counter() - started


async def _greeting(ws_url: str) -> float:
    """An inbound call: the voice webhook fetched, the stream opened, its first audio."""
    caller = TwilioCaller(ws_url, caller="+15551230001")
    started = time.perf_counter()
    async with caller:
        while not caller.received:
            await asyncio.sleep(0.002)
        return time.perf_counter() - started


def run() -> list[str]:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    db = f"sqlite:///{WORK / 'crm.db'}"
    upgrade_database(db)
    import_directory(PROJECT_ROOT / "demo_data", db)
    create_user("bench-supervisor", PASSWORD, "supervisor", [], db_url=db)
    fake = FakeTwilio(auth_token=TWILIO_AUTH_TOKEN).start()
    stack = start_bot_stack(ensure_model(), db, f"sqlite:///{WORK / 'tracker.db'}", WORK)
    gateway = web = None
    try:
        gateway = start_voice_gateway(stack.rasa_url, WORK, {
            "TWILIO_ACCOUNT_SID": "ACbench", "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
            "TWILIO_API_BASE": fake.url})
        web = start_web_app(db, WORK, {
            "TWILIO_ACCOUNT_SID": "ACbench", "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
            "TWILIO_API_BASE": fake.url, "HELPDESK_OUTBOUND_FROM": "+15550009999",
            "HELPDESK_VOICE_PUBLIC_URL": gateway.url, "HELPDESK_OUTBOUND_MAX_CALLS": "8"})
        client = httpx.Client(base_url=web.url, timeout=30)
        client.headers["Authorization"] = "Bearer " + client.post("/api/login", json={
            "username": "bench-supervisor", "password": PASSWORD}).json()["token"]
        per_minute = throughput(client, fake)
        opened, greeted = answered_to_first_word(client, fake, gateway.ws_url)
    finally:
        for service in (web, gateway):
            if service:
                service.stop()
        stack.stop()
        fake.stop()
    ceiling = PACING["calls_per_second"] * 60
    return [
        "## Outbound campaigns", "",
        "Over the real web app (its dialer), gateway, Rasa and action server, with a local fake "
        "of Twilio's REST API calling back as Twilio does.", "",
        "| measured | result | baseline |", "|---|---|---|",
        f"| dialer: contacts settled per minute ({THROUGHPUT_CONTACTS} busy lines, "
        f"{PACING['calls_per_second']} calls/s, {PACING['max_concurrent']} at once) | "
        f"**{per_minute:.0f}** | pacing ceiling {ceiling} |",
        f"| answered → bot's first word, p50 ({ANSWERED_CALLS} survey calls) | "
        f"**{statistics.median(opened) * 1000:.0f} ms** | inbound greeting "
        f"{statistics.median(greeted) * 1000:.0f} ms |",
        f"| answered → bot's first word, p95 | {percentile(opened, 95) * 1000:.0f} ms | "
        f"inbound greeting {percentile(greeted, 95) * 1000:.0f} ms |", "",
        "The throughput is bounded by the pacing: each call holds a slot until Twilio's final "
        "status callback (here a busy line, rung 0.4 s). \"Answered\" is Twilio fetching the "
        "call's TwiML; the opening is the campaign's first sentence (who calls and why), the "
        "greeting the inbound call's, both through the sentence cache's first use.", ""]


def _campaign(client: httpx.Client, name: str, purpose: str, phones: list[str],
              **rules: object) -> int:
    created = client.post("/api/campaigns", json={
        "name": name, "purpose": purpose, "targets": [{"phone": p} for p in phones],
        "rules": {**ALWAYS, **rules}})
    created.raise_for_status()
    cid = created.json()["id"]
    client.post(f"/api/campaigns/{cid}/start").raise_for_status()
    return cid


def _finished(client: httpx.Client, cid: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while client.get(f"/api/campaigns/{cid}").json()["status"] != "finished":
        if time.monotonic() > deadline:
            raise TimeoutError(f"campaign {cid} did not finish in {timeout:.0f} s")
        time.sleep(0.1)


def throughput(client: httpx.Client, fake: FakeTwilio) -> float:
    phones = [f"+1555444{n:04d}" for n in range(THROUGHPUT_CONTACTS)]
    fake.scenarios.update({p: Scenario(end="busy") for p in phones})
    started = time.perf_counter()
    cid = _campaign(client, "Throughput", "notification", phones, **PACING)
    _finished(client, cid, 300)
    return THROUGHPUT_CONTACTS / ((time.perf_counter() - started) / 60)


def answered_to_first_word(client: httpx.Client, fake: FakeTwilio, ws_url: str
                           ) -> tuple[list[float], list[float]]:
    opened: list[float] = []

    def answered(sid: str, twiml: str) -> None:
        stream = ET.fromstring(twiml).find("Connect/Stream")
        parameters = {p.get("name", ""): p.get("value", "") for p in stream.findall("Parameter")}
        started = fetched.pop(sid)
        opened.append(asyncio.run(_opening(ws_url, sid, parameters, started)))

    fetched: dict[str, float] = {}
    fake.on_fetch = lambda sid: fetched.__setitem__(sid, time.perf_counter())
    phones = [f"+1555333{n:04d}" for n in range(ANSWERED_CALLS)]
    fake.scenarios.update({p: Scenario(answered=answered) for p in phones})
    cid = _campaign(client, f"Openings {uuid.uuid4().hex[:4]}", "survey", phones,
                    calls_per_second=1, max_concurrent=1)
    _finished(client, cid, 300)
    greeted = [asyncio.run(_greeting(ws_url)) for _ in range(ANSWERED_CALLS)]
    return opened, greeted
