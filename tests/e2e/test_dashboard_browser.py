"""The dashboard in a real browser (Playwright + Debian's Chromium): an admin logs in, the
KPI tiles show what /api/metrics returns, the charts are drawn, the review list finds a
conversation and opens its transcript, the page works at phone width; the agent console's
context panel lists the customer's history across channels."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import chromium_page, screenshot
from tests.support.console import eventually, everyone_offline, online_agent
from tests.support.stacks import BotStack, WebAppProcess

pytestmark = pytest.mark.e2e
ADMIN_PASSWORD = "admin-pass-1"
CHARTS = ("chart-daily", "chart-csat", "chart-intents")
DRAWN = """(id) => {
  const canvas = document.getElementById(id);
  if (!window.Chart || !Chart.getChart(canvas) || !canvas.width) return false;
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
  return false;
}"""


@pytest.fixture
def page() -> Iterator[Page]:
    with chromium_page(1280, 900) as page:
        yield page


def api_client(console: WebAppProcess) -> httpx.Client:
    client = httpx.Client(base_url=console.url, timeout=30)
    token = client.post("/api/login", json={"username": "admin", "password": ADMIN_PASSWORD})
    client.headers["Authorization"] = f"Bearer {token.json()['token']}"
    return client


def log_in(page: Page, console: WebAppProcess, path: str) -> None:
    page.goto(f"{console.url}{path}")
    page.get_by_label("User name", exact=True).fill("admin")
    page.get_by_label("Password", exact=True).fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.locator("#who")).to_have_text("admin (admin)")


def test_admin_reads_kpis_charts_and_a_transcript(bot: BotStack, console: WebAppProcess,
                                                  page: Page, sender: str) -> None:
    bot.say(sender, "where is my order 9001")
    bot.say(sender, "victor@hugo.example")
    bot.say(f"{sender}-lost", "/nlu_fallback")
    bot.say(f"long-{sender[::-1]}", "y" * 3000)  # one unbroken word: the page must still fit
    log_in(page, console, "/dashboard")
    expect(page.locator("#kpi-conversations")).not_to_have_attribute("data-value", "")
    since, until = page.input_value("#since"), page.input_value("#until")

    def metrics() -> dict:
        return api_client(console).get("/api/metrics", params={"since": since,
                                                               "until": until}).json()

    # Each tile holds the API's number (data-value) and shows it formatted.
    tiles = {"kpi-containment": "containment_rate", "kpi-handoff-rate": "handoff_rate",
             "kpi-fcr": "first_contact_resolution", "kpi-fallback": "fallback_rate",
             "kpi-leads": "leads", "kpi-csat": "csat_average",
             "kpi-csat-responses": "csat_responses", "kpi-handle": "average_handle_time_s",
             "kpi-wait": "average_wait_time_s"}

    def shows(m: dict) -> bool:
        if page.inner_text("#kpi-conversations") != str(m["conversations"]):
            return False
        for tile, key in tiles.items():
            shown = page.get_attribute(f"#{tile}", "data-value")
            if (None if shown == "" else float(shown)) != m[key]:
                return False
        return True

    # Messages of earlier tests may still be finishing in the background: refresh until the
    # page shows what the API says.
    for _ in range(5):
        m = metrics()
        page.get_by_role("button", name="Show", exact=True).click()
        try:
            eventually(lambda m=m: shows(m), timeout=5)
            break
        except AssertionError:
            continue
    assert shows(m) and m["conversations"] >= 2
    for tile, key in (("kpi-containment", "containment_rate"), ("kpi-fallback", "fallback_rate")):
        if m[key] is not None:
            assert abs(float(page.inner_text(f"#{tile}").rstrip("%")) - m[key] * 100) <= 0.051
    expect(page.locator("#kpi-leads")).to_have_text(str(m["leads"]))
    expect(page.locator("#kpi-csat-responses")).to_have_text(f"{m['csat_responses']} responses")
    if m["csat_average"] is not None:
        assert abs(float(page.inner_text("#kpi-csat")) - m["csat_average"]) <= 0.0051
    for chart in CHARTS:
        assert page.evaluate(DRAWN, chart), f"{chart} is blank"
    screenshot(page, "dashboard-1-kpis")

    page.get_by_label("Search transcripts").fill(sender)
    page.get_by_role("button", name="Search", exact=True).click()
    rows = page.locator("#conversations tr")
    expect(rows).to_have_count(2)  # the order conversation and the lost one
    page.get_by_label("Fallback").check()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("abandoned")
    page.get_by_label("Fallback").uncheck()
    expect(rows).to_have_count(2)
    order_row = rows.filter(has_text="Victor Hugo")
    expect(order_row).to_contain_text("orders")
    order_row.get_by_role("button").click()
    detail = page.locator("#review-detail")
    expect(detail).to_be_visible()
    expect(detail).to_be_focused()
    expect(page.locator("#detail-transcript")).to_contain_text("where is my order 9001")
    expect(page.locator("#detail-transcript")).to_contain_text("Order 9001")
    screenshot(page, "dashboard-2-transcript")

    page.locator("#channel").select_option("voice")
    page.get_by_role("button", name="Show", exact=True).click()
    voice = api_client(console).get("/api/metrics", params={
        "since": since, "until": until, "channel": "voice"}).json()
    expect(page.locator("#range-label")).to_contain_text("Phone")
    expect(page.locator("#kpi-conversations")).to_have_text(str(voice["conversations"]))

    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("#kpi-conversations")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways at phone width ({width}px)"
    screenshot(page, "dashboard-3-phone")


def test_console_context_panel_shows_the_customers_history(
        bot: BotStack, console: WebAppProcess, page: Page, sender: str) -> None:
    client = api_client(console)
    online_agent(bot.db_url, "history-agent")
    try:
        bot.say(sender, "where is my order 9001")
        bot.say(sender, "victor@hugo.example")
        bot.say(sender, "I want to talk to a real person")
        handoff = eventually(lambda: next((h for h in client.get(
            "/api/handoffs", params={"status": "waiting"}).json()
            if h["conversation_id"] == sender), None))
        log_in(page, console, "/console")
        page.locator("#queue li", has_text="Victor Hugo").first.click()
        history = page.locator("#history")
        expect(page.locator("#history-box")).to_be_visible()
        expect(history.locator("tr")).to_have_count(len(client.get(
            "/api/customers/K-400/history").json()))
        expect(history).to_contain_text("orders")
        expect(history).to_contain_text("handoff")
        screenshot(page, "dashboard-4-console-history")
    finally:
        everyone_offline(bot.db_url)
        for h in client.get("/api/handoffs").json():
            if h["conversation_id"].startswith(sender) and h["status"] != "closed":
                client.post(f"/api/handoffs/{h['id']}/close",
                            json={"resolution": "other", "return_to_bot": True})
    assert handoff["customer"]["customer_id"] == "K-400"
