"""Outbound campaigns through the web app's JSON API (CONTRACT §8) and its dialer, against
a fake Twilio REST API that calls back like Twilio (signed status callbacks): targets
checked one by one, a busy line, no answer, an invalid number, a Twilio 500, a number on
the do-not-call list, the results as CSV; supervisors only; bad input is a 4xx."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from helpdesk.accounts.users import create_user
from helpdesk.crm.importer import import_directory
from helpdesk.store.migrate import upgrade_database
from tests.conftest import TEST_CRM_DIR
from tests.support.browser import chromium_page, screenshot
from tests.support.console import PASSWORD, eventually
from tests.support.fake_twilio import FakeTwilio, Scenario
from tests.support.stacks import WebAppProcess, free_port, start_web_app

pytestmark = pytest.mark.e2e
TOKEN = "campaign-test-auth-token"
FROM = "+15550009999"
ALWAYS = {"window": "mon-sun 00:00-24:00", "timezone": "UTC", "max_attempts": 1,
          "calls_per_second": 5, "max_concurrent": 3}
BUSY, SILENT, INVALID, BROKEN, BLOCKED = (f"+1555777000{n}" for n in range(1, 6))
PAGE_BUSY, PAGE_SILENT = "+15557770011", "+15557770012"
GRACE = "+15559870100"  # K-100 of the test CRM


@pytest.fixture(scope="module")
def dialing(tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[tuple[WebAppProcess, FakeTwilio, str]]:
    work = tmp_path_factory.mktemp("campaigns")
    db = f"sqlite:///{work / 'crm.db'}"
    upgrade_database(db)
    assert import_directory(TEST_CRM_DIR, db).ok
    fake = FakeTwilio(auth_token=TOKEN).start()
    fake.scenarios.update({
        BUSY: Scenario(end="busy"), SILENT: Scenario(end="no-answer"),
        INVALID: Scenario(create_status=400, create_code=21211),
        BROKEN: Scenario(create_status=500), PAGE_BUSY: Scenario(end="busy"),
        PAGE_SILENT: Scenario(end="no-answer"), GRACE: Scenario(end="busy")})
    web = start_web_app(db, work, {
        "TWILIO_ACCOUNT_SID": "ACtest", "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_API_BASE": fake.url, "HELPDESK_OUTBOUND_FROM": FROM,
        "HELPDESK_VOICE_PUBLIC_URL": f"http://127.0.0.1:{free_port()}",
        "HELPDESK_ADMIN_PASSWORD": "admin-pass-1"})
    try:
        yield web, fake, db
    finally:
        web.stop()
        fake.stop()


def client(url: str, db: str, role: str) -> httpx.Client:
    name = f"{role}-{uuid.uuid4().hex[:6]}"
    create_user(name, PASSWORD, role, [], db_url=db)
    http = httpx.Client(base_url=url, timeout=30)
    token = http.post("/api/login", json={"username": name, "password": PASSWORD}).json()
    http.headers["Authorization"] = f"Bearer {token['token']}"
    return http


def test_a_campaign_dials_its_contacts_and_keeps_each_outcome(
        dialing: tuple[WebAppProcess, FakeTwilio, str]) -> None:
    web, fake, db = dialing
    sup = client(web.url, db, "supervisor")
    assert sup.post("/api/dnc", json={"phone": BLOCKED, "reason": "asked"}).status_code == 201
    created = sup.post("/api/campaigns", json={
        "name": "Delivery exceptions", "purpose": "notification", "rules": ALWAYS,
        "targets": [{"phone": BUSY, "vars": {"order_id": "1042"}}, {"phone": SILENT},
                    {"phone": INVALID}, {"phone": BLOCKED}, {"customer_id": "K-100"}]})
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    upload = sup.post(f"/api/campaigns/{cid}/targets.csv",
                      content=f"phone,order_id\n{BROKEN},1043\n{BUSY},1\nnot-a-phone,2\n")
    assert upload.status_code == 200, upload.text
    assert upload.json()["added"] == 1
    assert upload.json()["duplicates"] == [f"targets.csv:3: {BUSY} is already a contact"]
    assert upload.json()["errors"][0].startswith("targets.csv:4: phone 'not-a-phone'")

    assert sup.post(f"/api/campaigns/{cid}/start").json()["status"] == "running"
    done = eventually(lambda: (c := sup.get(f"/api/campaigns/{cid}").json())["status"]
                      == "finished" and c, timeout=30)
    outcomes = {c["phone"]: (c["outcome"], c["attempts"]) for c in done["contacts"]}
    assert outcomes == {BUSY: ("busy", 1), SILENT: ("no_answer", 1),
                        INVALID: ("invalid_number", 1), BROKEN: ("failed", 1),
                        BLOCKED: ("opted_out", 0), GRACE: ("busy", 1)}
    assert done["counts"]["busy"] == 2 and done["counts"]["opted_out"] == 1
    # Twilio was asked as CONTRACT §8 says, and never for the number on the list.
    calls = fake.created_calls()
    assert sorted(r.form["To"] for r in calls) == sorted([BUSY, SILENT, INVALID, BROKEN, GRACE])
    first = next(r for r in calls if r.form["To"] == BUSY)
    assert first.path == "/2010-04-01/Accounts/ACtest/Calls.json"
    assert first.form["From"] == FROM and "/twilio/outbound?attempt=" in first.form["Url"]
    assert "/twilio/outbound-status?attempt=" in first.form["StatusCallback"]
    assert first.multi["StatusCallbackEvent"] == ["initiated", "ringing", "answered",
                                                  "completed"]
    assert first.form["MachineDetection"] == "DetectMessageEnd"
    assert fake.errors == []  # every signed callback was taken
    results = sup.get(f"/api/campaigns/{cid}/results.csv")
    assert results.headers["content-type"].startswith("text/csv")
    assert f"{BUSY},,done,busy,1," in results.text
    listed = sup.get("/api/campaigns").json()
    assert listed[0]["id"] == cid and listed[0]["attempts"] == 5
    # The dashboard counts the calls apart; the customer's history shows the call.
    admin = httpx.Client(base_url=web.url, timeout=30)
    admin.headers["Authorization"] = "Bearer " + admin.post("/api/login", json={
        "username": "admin", "password": "admin-pass-1"}).json()["token"]
    outbound = admin.get("/api/metrics").json()["outbound"]
    assert outbound["calls"] >= 5 and outbound["by_outcome"]["busy"] >= 2, outbound
    history = admin.get("/api/customers/K-100/history").json()
    assert [(h["channel"], h["outcome"]) for h in history if h["channel"] == "outbound"] == [
        ("outbound", "busy")]
    assert history[0]["topic"] == "Delivery exceptions (notification)"


def test_only_supervisors_and_admins_run_campaigns(
        dialing: tuple[WebAppProcess, FakeTwilio, str]) -> None:
    web, _, db = dialing
    agent = client(web.url, db, "agent")
    for method, path in [("get", "/api/campaigns"), ("post", "/api/campaigns"),
                         ("get", "/api/dnc"), ("post", "/api/campaigns/1/start")]:
        assert getattr(agent, method)(path).status_code == 403, path
    assert httpx.get(f"{web.url}/api/campaigns").status_code == 401


def test_bad_campaigns_and_forged_callbacks_are_refused(
        dialing: tuple[WebAppProcess, FakeTwilio, str]) -> None:
    web, _, db = dialing
    sup = client(web.url, db, "supervisor")
    bad = sup.post("/api/campaigns", json={"name": "x", "purpose": "notification",
                                           "targets": [{"phone": "12"}, {"customer_id": "Z9"},
                                                       {"phone": "+15557770009"}]})
    assert bad.status_code == 400
    assert [e.split(":")[0] for e in bad.json()["errors"]] == ["targets[0]", "targets[1]"]
    for body, message in [({"name": "x", "purpose": "spam", "targets": []}, "purpose"),
                          ({"name": "x", "purpose": "survey", "targets": [],
                            "rules": {"window": "always"}}, "window"),
                          ({"name": "x", "purpose": "survey", "targets": [],
                            "rules": {"max_concurrent": 99}}, "max_concurrent"),
                          ({"name": "x", "purpose": "survey", "segment": "everyone"},
                           "segment"),
                          ({"name": "", "purpose": "survey", "targets": []}, "name")]:
        reply = sup.post("/api/campaigns", json=body)
        assert reply.status_code == 400 and message in reply.json()["error"], reply.text
    assert sup.post("/api/campaigns", content=b"{not json").status_code == 400
    empty = sup.post("/api/campaigns", json={"name": "Empty", "purpose": "survey",
                                             "targets": []}).json()["id"]
    refused = sup.post(f"/api/campaigns/{empty}/start")
    assert refused.status_code == 409 and "no targets" in refused.json()["error"]
    assert sup.post(f"/api/campaigns/{empty}/explode").status_code == 404
    assert sup.get("/api/campaigns/999999").status_code == 404
    assert sup.post("/api/campaigns/999999/targets.csv",
                    content=b"phone\n+15557770010\n").status_code == 404
    assert sup.post(f"/api/campaigns/{empty}/targets.csv",
                    content=b"\xff\xfe").status_code == 400
    assert sup.delete("/api/dnc/+15550000000").status_code == 404
    forged = httpx.post(f"{web.url}/twilio/outbound-status?attempt=1",
                        data={"CallSid": "CA" + "0" * 32, "CallStatus": "completed"})
    assert forged.status_code == 403


def test_a_segment_of_the_crm_becomes_the_targets(
        dialing: tuple[WebAppProcess, FakeTwilio, str], tmp_path: Path) -> None:
    web, _, db = dialing
    sup = client(web.url, db, "supervisor")
    made = sup.post("/api/campaigns", json={"name": "Exceptions", "purpose": "notification",
                                            "segment": "shipment_exception"})
    assert made.status_code == 201, made.text
    contacts = sup.get(f"/api/campaigns/{made.json()['id']}").json()["contacts"]
    assert contacts and all(c["customer_id"] for c in contacts)


def test_a_supervisor_runs_a_campaign_from_its_page(
        dialing: tuple[WebAppProcess, FakeTwilio, str]) -> None:
    web, _, db = dialing
    name = f"sup-{uuid.uuid4().hex[:6]}"
    create_user(name, PASSWORD, "supervisor", [], db_url=db)
    with chromium_page(1280, 1000) as page:
        page.goto(f"{web.url}/campaigns")
        page.get_by_label("User name", exact=True).fill(name)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Log in", exact=True).click()
        expect(page.locator("#who")).to_have_text(f"{name} (supervisor)")
        page.get_by_label("Name", exact=True).fill("Page campaign")
        page.get_by_label("Purpose").select_option("survey")
        page.get_by_label("Phone numbers or customer ids, one per line").fill(
            f"{PAGE_BUSY}\n{PAGE_SILENT}")
        page.get_by_label("Calling window").fill("mon-sun 00:00-24:00")
        page.get_by_label("Time zone").fill("UTC")
        page.get_by_label("Attempts").fill("1")
        page.get_by_role("button", name="Create").click()
        expect(page.locator("#detail-title")).to_have_text("Page campaign (draft)")
        row = page.locator("#campaign-rows tr", has_text="Page campaign")
        row.get_by_role("button", name="Start").click()
        expect(row.locator(".status")).to_have_text("finished", timeout=30_000)
        expect(row.locator(".done")).to_have_text("2")
        contacts = page.locator("#contact-rows")
        expect(contacts.locator("tr", has_text=PAGE_BUSY)).to_contain_text("busy")
        expect(contacts.locator("tr", has_text=PAGE_SILENT)).to_contain_text("no_answer")
        assert page.evaluate("() => Chart.getChart(document.getElementById('chart-outcomes'))"
                             ".data.datasets[0].data.reduce((a, b) => a + b, 0)") == 2
        page.get_by_label("Name", exact=True).fill("Bad one")
        page.get_by_label("Phone numbers or customer ids, one per line").fill("+1234")
        page.get_by_role("button", name="Create").click()
        expect(page.locator("#new-error")).to_contain_text("bad target")
        screenshot(page, "campaigns-page")


def test_two_dialers_and_a_restart_call_nobody_twice_and_lose_no_outcome(
        dialing: tuple[WebAppProcess, FakeTwilio, str], tmp_path: Path) -> None:
    """The module's web app and a second one dial one campaign together; the second stops
    mid-campaign (its calls' final callbacks are lost), a third starts and settles them
    from Twilio's records. Every contact is called once and keeps its outcome, its retry
    ten minutes on."""
    web, fake, db = dialing
    phones = [f"+155577701{n:02d}" for n in range(8)]
    fake.scenarios.update({p: Scenario(end="no-answer", ring_s=1.0) for p in phones})
    env = {"TWILIO_ACCOUNT_SID": "ACtest", "TWILIO_AUTH_TOKEN": TOKEN,
           "TWILIO_API_BASE": fake.url, "HELPDESK_OUTBOUND_FROM": FROM,
           "HELPDESK_OUTBOUND_SETTLE_S": "4"}
    (tmp_path / "second").mkdir()
    second = start_web_app(db, tmp_path / "second", env)
    third = None
    try:
        sup = client(web.url, db, "supervisor")
        cid = sup.post("/api/campaigns", json={
            "name": "Restarts", "purpose": "reminder", "targets": [{"phone": p} for p in phones],
            "rules": {**ALWAYS, "max_attempts": 2, "retry_after_s": 600,
                      "calls_per_second": 2, "max_concurrent": 4}}).json()["id"]
        sup.post(f"/api/campaigns/{cid}/start").raise_for_status()
        eventually(lambda: len([r for r in fake.created_calls() if r.form["To"] in phones])
                   >= 3, timeout=20)
        second.stop()  # mid-campaign, calls of its own still ringing
        (tmp_path / "third").mkdir()
        third = start_web_app(db, tmp_path / "third", env)
        done = eventually(lambda: all((c := sup.get(f"/api/campaigns/{cid}").json())[
            "contacts"][i]["outcome"] for i in range(len(phones))) and c, timeout=60)
    finally:
        second.stop()
        if third:
            third.stop()
    dialled = [r.form["To"] for r in fake.created_calls() if r.form["To"] in phones]
    assert sorted(dialled) == sorted(phones)  # each once: nobody twice, nobody skipped
    assert {c["phone"]: (c["outcome"], c["attempts"]) for c in done["contacts"]} == {
        p: ("no_answer", 1) for p in phones}
    # ... and each waits for its retry, ten minutes on (no second call inside it).
    soon = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=9)
    assert all(c["status"] == "pending" and dt.datetime.fromisoformat(c["next_at"]) > soon
               for c in done["contacts"])
    sup.post(f"/api/campaigns/{cid}/stop").raise_for_status()
    fake.errors.clear()  # the callbacks that found the second web app gone
