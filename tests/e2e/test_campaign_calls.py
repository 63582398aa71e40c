"""A survey campaign of five contacts dialled through the fake Twilio REST API into the real
gateway, Rasa and action server: each answered callee is an espeak-ng voice (not the bot's)
on Twilio's media stream, as Twilio would connect it after fetching the call's TwiML.

An answered survey (a rating said), a machine (the voicemail message, no stream), a busy
line, an opt-out said during the call (onto the do-not-call list), and a callee who asks
for a person by pressing 0 (a warm transfer through Twilio's REST API): each outcome in the
campaign."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import httpx
import pytest

from helpdesk.accounts.users import create_user
from tests.e2e.conftest import GRACE
from tests.support.callers.voices import ESPEAK_VOICE
from tests.support.console import PASSWORD, eventually
from tests.support.fake_twilio import FakeTwilio, Scenario
from tests.support.stacks import BotStack, VoiceGatewayProcess, WebAppProcess, start_web_app
from tests.support.voice_calls import TWILIO_AUTH_TOKEN, TwilioCaller, transcribe

pytestmark = pytest.mark.e2e
FROM = "+15550009999"
RATER, MACHINE, BUSY, OPTER, ASKER = (f"+1555778100{n}" for n in range(1, 6))
HEARD: dict[str, list[str]] = {}  # what each answered callee heard, transcribed


def callee(gateway: VoiceGatewayProcess, phone: str, lines: list[str],
           transcribe_first: bool = False, transcribe_all: bool = False):
    """The `answered` step of a scenario: the callee's side of the media stream, saying
    LINES one after each of the bot's answers ("key:0": pressing keys; "hangup": leaving),
    until the gateway ends the call."""

    def answered(call_sid: str, twiml: str) -> None:
        stream = ET.fromstring(twiml).find("Connect/Stream")
        assert stream is not None, twiml
        parameters = {p.get("name", ""): p.get("value", "") for p in stream.findall("Parameter")}

        async def talk() -> None:
            async with TwilioCaller(gateway.ws_url, fetch_twiml=False, call_sid=call_sid,
                                    parameters=parameters, voice=ESPEAK_VOICE) as caller:
                heard = [await caller.next_answer()]
                for line in lines:
                    await asyncio.sleep(0.5)  # a person answers once the bot has finished
                    if line == "hangup":
                        break
                    if line.startswith("key:"):
                        await caller.press(line[4:])
                    else:
                        await caller.say(line)
                    heard.append(await caller.next_answer())
                # The bot ends the call; a callee who is not let go hangs up (leaving).
                if lines[-1:] != ["hangup"]:
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(caller.closed.wait(), 20)
            HEARD[phone] = ([transcribe(a) for a in heard] if transcribe_all
                            else [transcribe(heard[0])] if transcribe_first else [])

        asyncio.run(talk())

    return answered


@pytest.fixture(scope="module")
def campaign_stack(voice_stack: tuple[BotStack, VoiceGatewayProcess], fake_twilio: FakeTwilio,
                   tmp_path_factory: pytest.TempPathFactory
                   ) -> Iterator[tuple[WebAppProcess, FakeTwilio, str]]:
    bot, gateway = voice_stack
    fake_twilio.auth_token = TWILIO_AUTH_TOKEN  # it signs as Twilio does, with the gateway's
    fake_twilio.scenarios.update({
        RATER: Scenario(answered=callee(gateway, RATER, ["Number four."], transcribe_first=True)),
        MACHINE: Scenario(answered_by="machine_end_beep"),
        BUSY: Scenario(end="busy"),
        OPTER: Scenario(answered=callee(gateway, OPTER, ["Please stop calling me."])),
        ASKER: Scenario(answered=callee(gateway, ASKER, ["key:0"])),
        GRACE: Scenario(answered=callee(gateway, GRACE, ["key:2468#", "hangup"],
                                        transcribe_all=True)),
    })
    web = start_web_app(bot.db_url, tmp_path_factory.mktemp("campaign-web"), {
        "TWILIO_ACCOUNT_SID": "ACtest", "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
        "TWILIO_API_BASE": fake_twilio.url, "HELPDESK_OUTBOUND_FROM": FROM,
        "HELPDESK_VOICE_PUBLIC_URL": gateway.url, "HELPDESK_ADMIN_PASSWORD": "admin-pass-1"})
    try:
        yield web, fake_twilio, bot.db_url
    finally:
        web.stop()


def supervisor(web: WebAppProcess, db: str) -> httpx.Client:
    name = f"sup-{uuid.uuid4().hex[:6]}"
    create_user(name, PASSWORD, "supervisor", [], db_url=db)
    sup = httpx.Client(base_url=web.url, timeout=30)
    sup.headers["Authorization"] = "Bearer " + sup.post(
        "/api/login", json={"username": name, "password": PASSWORD}).json()["token"]
    return sup


def test_a_survey_campaign_reaches_people_machines_and_busy_lines(
        campaign_stack: tuple[WebAppProcess, FakeTwilio, str]) -> None:
    web, fake, db = campaign_stack
    sup = supervisor(web, db)
    created = sup.post("/api/campaigns", json={
        "name": "After delivery", "purpose": "survey",
        "script": {"questions": ["How happy were you with your delivery?"]},
        "targets": [{"phone": p} for p in (RATER, MACHINE, BUSY, OPTER, ASKER)],
        "rules": {"window": "mon-sun 00:00-24:00", "timezone": "UTC", "max_attempts": 1,
                  "max_concurrent": 2, "calls_per_second": 2}})
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    assert sup.post(f"/api/campaigns/{cid}/start").status_code == 200

    done = eventually(lambda: (c := sup.get(f"/api/campaigns/{cid}").json())["status"]
                      == "finished" and c, timeout=240, every=1)
    contacts = {c["phone"]: c for c in done["contacts"]}
    assert {p: c["outcome"] for p, c in contacts.items()} == {
        RATER: "completed", MACHINE: "voicemail", BUSY: "busy", OPTER: "opted_out",
        ASKER: "handed_off"}, (contacts, fake.errors)
    assert contacts[RATER]["answers"] == {"q1": 4}
    # The callee heard who called and why first (Whisper on the bot's voice).
    opening = HEARD[RATER][0].lower()
    assert "this is" in opening and "delivery" in opening, opening
    # The machine got the survey's voicemail message and no stream.
    machine_sid = next(sid for sid, twiml in fake.twiml.items() if "<Say>" in twiml)
    assert "<Hangup/>" in fake.twiml[machine_sid] and "<Stream" not in fake.twiml[machine_sid]
    assert OPTER in [d["phone"] for d in sup.get("/api/dnc").json()]
    # The person-asker was transferred through Twilio's REST API.
    transfers = [r for r in fake.requests if "/Calls/CA" in r.path and "Twiml" in r.form]
    assert transfers, [r.path for r in fake.requests]
    assert done["counts"]["completed"] == 1 and done["conversions"] == 2
    assert fake.errors == []
    # The dashboard counts the campaign's calls apart from inbound phone conversations.
    admin = httpx.Client(base_url=web.url, timeout=30)
    admin.headers["Authorization"] = "Bearer " + admin.post("/api/login", json={
        "username": "admin", "password": "admin-pass-1"}).json()["token"]
    eventually(lambda: admin.get("/api/metrics", params={"channel": "outbound"}).json()[
        "conversations"] >= 3, timeout=30)
    assert admin.get("/api/metrics").json()["outbound"]["by_outcome"]["voicemail"] >= 1


def test_a_reminder_tells_the_balance_only_after_the_keyed_pin(
        campaign_stack: tuple[WebAppProcess, FakeTwilio, str]) -> None:
    """Grace (K-100) is called about her store credit: greeted by name as the dialled
    customer, the amount only after her PIN, keyed."""
    web, fake, db = campaign_stack
    sup = supervisor(web, db)
    cid = sup.post("/api/campaigns", json={
        "name": "Credit reminder", "purpose": "reminder",
        "targets": [{"customer_id": "K-100", "vars": {"account_kind": "store_credit"}}],
        "rules": {"window": "mon-sun 00:00-24:00", "timezone": "UTC", "max_attempts": 1}}
    ).json()["id"]
    assert sup.post(f"/api/campaigns/{cid}/start").status_code == 200
    done = eventually(lambda: (c := sup.get(f"/api/campaigns/{cid}").json())["status"]
                      == "finished" and c, timeout=120, every=1)
    assert done["contacts"][0]["outcome"] == "completed", done
    opening, answer = (text.lower() for text in HEARD[GRACE][:2])
    assert "grace" in opening and "reminder" in opening and "72" not in opening, opening
    assert "verified" in answer and "72.25" in answer.replace(" ", ""), answer
