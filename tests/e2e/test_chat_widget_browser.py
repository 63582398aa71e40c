"""The website chat widget on the demo shop page in a real browser (Playwright + Debian's
Chromium) against the real stack: Rasa's socket.io channel, the action server, the web
app that serves /shop and /widget.js. Screenshots go to test-artifacts/chat-widget-*."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from helpdesk.accounts.customer_tokens import ensure_token_secret, issue_token
from helpdesk.config import get_settings
from tests.e2e.test_dashboard_browser import log_in
from tests.support.browser import ARTIFACTS, chromium_page, screenshot
from tests.support.console import Agent, bot_texts, eventually
from tests.support.stacks import BotStack, WebAppProcess, start_web_app

pytestmark = pytest.mark.e2e

GRACE_EMAIL = "grace@navy.example"
ANSWER_TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def shop(bot: BotStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebAppProcess]:
    """The web app serving the demo shop, with the widget pointed at the test's Rasa."""
    work = tmp_path_factory.mktemp("shop")
    app = start_web_app(bot.db_url, work, {"HELPDESK_RASA_URL": bot.rasa_url,
                                           "HELPDESK_WIDGET_RASA_URL": bot.rasa_url,
                                           "HELPDESK_ADMIN_PASSWORD": "admin-pass-1"})
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture
def page() -> Iterator[Page]:
    with chromium_page(1280, 900) as page:
        yield page


def shot(page: Page, name: str) -> None:
    """A screenshot of what the customer sees. Not `screenshot()`'s full page: Chromium
    draws scrolled boxes from their top in full-page captures, hiding the newest messages."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"chat-widget-{name}.png"))


# ---- helpers (also for later tests: CSAT "rates 5 stars" clicks a quick reply) ----------

def open_shop(page: Page, shop: WebAppProcess, query: str = "") -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{shop.url}/shop{query}")
    expect(page.locator(".hdw-launcher")).to_be_visible()
    assert not errors, errors


def open_widget(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Customer service chat")).click()
    expect(page.get_by_role("dialog")).to_be_visible()


def chat_log(page: Page) -> Locator:
    return page.get_by_role("log")


def say(page: Page, text: str) -> None:
    """Type a message in the widget and send it with Enter."""
    box = page.get_by_label("Type your message")
    box.fill(text)
    box.press("Enter")


def expect_bot_says(page: Page, text: str | re.Pattern[str]) -> None:
    """A bot or agent message containing `text` (case-sensitive) shows up."""
    pattern = re.compile(re.escape(text)) if isinstance(text, str) else text
    expect(page.locator(".hdw-msg-bot, .hdw-msg-agent").filter(has_text=pattern).last
           ).to_be_visible(timeout=ANSWER_TIMEOUT_MS)


def quick_reply(page: Page, title: str | re.Pattern[str]) -> Locator:
    """The quick-reply button whose title contains `title` (on the latest bot message)."""
    return page.get_by_role("group", name="Suggested replies").last.get_by_role(
        "button", name=title)


def click_quick_reply(page: Page, title: str | re.Pattern[str]) -> None:
    """Click the quick reply titled `title` and check that it was sent as the customer's
    message and the buttons went away (e.g. CSAT: `click_quick_reply(page, "5")`)."""
    button = quick_reply(page, title)
    expect(button).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    shown = button.inner_text()
    button.click()
    expect(page.locator(".hdw-msg-user").last).to_contain_text(shown)
    expect(page.get_by_role("group", name="Suggested replies")).to_have_count(0)


def session_id(page: Page) -> str:
    value = page.evaluate("window.HelpdeskWidget.sessionId()")
    assert value
    return value


def user_texts(tracker: dict) -> list[str]:
    return [e.get("text") or "" for e in tracker["events"] if e.get("event") == "user"]


# ---- tests ------------------------------------------------------------------------------

def test_order_status_with_buttons_and_the_conversation_survives_a_reload(
        bot: BotStack, shop: WebAppProcess, page: Page) -> None:
    open_shop(page, shop)
    # Record whether the typing indicator ever shows (bot answers come fast).
    page.evaluate("""() => {
      const typing = document.querySelector('.hdw-typing');
      new MutationObserver(() => { if (!typing.hidden) window.__typingSeen = true; })
        .observe(typing, {attributes: true});
    }""")
    open_widget(page)
    greeting = page.locator(".hdw-msg-bot").first
    expect(greeting).to_contain_text("virtual assistant")
    shot(page, "1-open")

    say(page, "where is my order")
    expect(page.locator(".hdw-msg-user").last).to_have_text(re.compile("where is my order"))
    expect_bot_says(page, "phone number, email or customer ID")
    say(page, GRACE_EMAIL)
    # A stated email is a claim (CONTRACT §4): no name, no order list before the PIN.
    expect_bot_says(page, "Which order is it?")
    expect(page.locator(".hdw-msg-bot").filter(has_text="Grace")).to_have_count(0)
    click_quick_reply(page, "Verify me with my PIN")
    expect_bot_says(page, "type your PIN")
    say(page, "2468")
    expect_bot_says(page, "you're verified")
    expect_bot_says(page, "several recent orders")
    assert page.evaluate("window.__typingSeen === true")
    expect(page.locator(".hdw-typing")).to_be_hidden()
    for number in ("5001", "5002", "5003"):
        expect(quick_reply(page, re.compile(number))).to_be_visible()
    shot(page, "2-buttons")

    click_quick_reply(page, re.compile("5002"))
    expect_bot_says(page, "Order 5002, placed")
    expect(page.locator(".hdw-msg-user").last).to_contain_text("5002 · November 5")
    # Every message carries its time.
    messages = page.locator(".hdw-msg")
    assert page.locator(".hdw-msg time").count() == messages.count() >= 7
    assert re.fullmatch(r"\d{1,2}:\d{2}( [AP]M)?", page.locator(".hdw-msg time").last
                        .inner_text().strip())
    shot(page, "3-answer")

    conversation = session_id(page)
    before = messages.count()
    page.reload()
    expect(page.locator(".hdw-launcher")).to_be_visible()
    open_widget(page)
    expect(page.locator(".hdw-msg")).to_have_count(before)
    expect(chat_log(page)).to_contain_text("Order 5002, placed")
    expect(page.locator(".hdw-msg").first).to_contain_text("virtual assistant")  # not twice
    expect(page.locator(".hdw-msg-bot").filter(has_text="virtual assistant")).to_have_count(1)
    expect(page.get_by_role("group", name="Suggested replies")).to_have_count(0)
    assert session_id(page) == conversation
    shot(page, "4-after-reload")

    # The same conversation goes on: Grace is still known, no new identification.
    say(page, "and where is order 5001")
    expect_bot_says(page, "Order 5001, placed")
    assert session_id(page) == conversation
    tracker = bot.tracker(conversation)
    said = user_texts(tracker)
    assert said[:2] == ["where is my order", "g***@navy.example"]  # stored masked
    assert said[2] == "/affirm" and "2468" not in said[3]  # the PIN is stored masked
    assert '"5002"' in said[4]  # the button's payload
    assert said[5] == "and where is order 5001"
    texts = bot_texts(tracker)
    assert any("Order 5002" in t for t in texts) and any("Order 5001" in t for t in texts)
    assert tracker["slots"]["customer_id"] == "K-100"

    # Resolved by the bot: the customer says thanks and rates the chat 5 stars.
    say(page, "thanks")
    expect_bot_says(page, "rate this conversation")
    click_quick_reply(page, re.compile(r"^5$"))
    expect_bot_says(page, "anything you'd like to add")
    click_quick_reply(page, "Skip")
    expect_bot_says(page, "Thanks for your rating")
    shot(page, "5-rated")
    assert bot.tracker(conversation)["slots"]["csat_rating"] == 5

    # The dashboard then shows the conversation and its rating.
    admin = page.context.browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(admin, shop, "/dashboard")
    admin.get_by_label("Search transcripts").fill(conversation)
    admin.get_by_role("button", name="Search", exact=True).click()
    row = admin.locator("#conversations tr").filter(has_text="Grace Hopper")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(5)).to_have_text("5")
    row.get_by_role("button").click()
    expect(admin.locator("#detail-transcript")).to_contain_text("and where is order 5001")
    screenshot(admin, "chat-widget-6-dashboard-shows-the-rating")


def test_keyboard_only_and_screen_reader_semantics(shop: WebAppProcess, page: Page) -> None:
    open_shop(page, shop)
    launcher = page.locator(".hdw-launcher")
    panel = page.locator("#hdw-panel")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(launcher).to_have_attribute("aria-controls", "hdw-panel")
    expect(panel).to_be_hidden()

    # Tab through the shop until the launcher has focus.
    for _ in range(40):
        page.keyboard.press("Tab")
        if launcher.evaluate("el => el === document.activeElement"):
            break
    expect(launcher).to_be_focused()
    assert launcher.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")

    expect(launcher).to_have_attribute("aria-expanded", "true")
    dialog = page.get_by_role("dialog", name="Customer service")
    expect(dialog).to_be_visible()
    log = dialog.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")
    box = dialog.get_by_role("textbox", name="Type your message")
    expect(box).to_be_focused()

    page.keyboard.type("where is my order")
    page.keyboard.press("Enter")
    expect_bot_says(page, "phone number, email or customer ID")
    expect(box).to_be_focused()
    page.keyboard.type(GRACE_EMAIL)
    page.keyboard.press("Enter")
    # The list needs the PIN (CONTRACT §4): its quick reply by keyboard, then the digits.
    expect(quick_reply(page, "Verify me with my PIN")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    page.keyboard.press("Shift+Tab")
    expect(page.locator(":focus")).to_contain_text("Verify me with my PIN")
    page.keyboard.press("Enter")
    expect_bot_says(page, "type your PIN")
    expect(box).to_be_focused()
    page.keyboard.type("2468")
    page.keyboard.press("Enter")
    expect(quick_reply(page, re.compile("5003"))).to_be_visible(timeout=ANSWER_TIMEOUT_MS)

    # Back from the input to the quick replies (the last one first), and pick it.
    page.keyboard.press("Shift+Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_class("hdw-reply")
    expect(focused).to_contain_text("5003")
    assert focused.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    shot(page, "5-keyboard-focus")
    page.keyboard.press("Enter")
    expect_bot_says(page, "Order 5003, placed")
    expect(box).to_be_focused()
    expect(page.get_by_role("group", name="Suggested replies")).to_have_count(0)

    # Screen reader text: who said what.
    expect(page.locator(".hdw-msg-user .hdw-sr-only").first).to_have_text("You: ")
    expect(page.locator(".hdw-msg-bot .hdw-sr-only").first).to_have_text("Assistant: ")

    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")  # and open again: the conversation is still there
    expect(box).to_be_focused()
    expect(log).to_contain_text("Order 5003, placed")


def test_phone_width_panel_fills_the_screen(shop: WebAppProcess) -> None:
    with chromium_page(375, 740) as page:
        open_shop(page, shop)
        shot(page, "6-phone-closed")
        open_widget(page)
        box = page.locator("#hdw-panel").bounding_box()
        assert box == {"x": 0, "y": 0, "width": 375, "height": 740}, box
        expect(page.locator(".hdw-launcher")).to_be_hidden()  # the header's close is there
        # The panel covers the page, so Tab stays in it.
        page.keyboard.press("Tab")  # from the input to Send
        expect(page.get_by_role("button", name="Send", exact=True)).to_be_focused()
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="New conversation")).to_be_focused()
        page.keyboard.press("Shift+Tab")
        expect(page.get_by_role("button", name="Send", exact=True)).to_be_focused()
        say(page, "do you ship to canada")
        expect_bot_says(page, "Canada")
        shot(page, "7-phone-open")
        page.get_by_role("button", name="Close chat", exact=True).click()
        expect(page.locator("#hdw-panel")).to_be_hidden()
        expect(page.locator(".hdw-launcher")).to_be_focused()


def test_html_in_messages_is_shown_as_text(shop: WebAppProcess, page: Page) -> None:
    attack = ('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
              '<b>bold</b> "quotes" & ampersands')
    # The host page's settings are text too.
    page.add_init_script("window.HelpdeskWidgetConfig = {greeting: "
                         "'<img src=y onerror=\"window.__pwned=3\">Hello!'};")
    open_shop(page, shop)
    open_widget(page)
    expect(page.locator(".hdw-msg-bot").first).to_have_text(
        re.compile(re.escape('<img src=y onerror="window.__pwned=3">Hello!')))
    say(page, attack)
    expect(page.locator(".hdw-msg-user .hdw-bubble").last).to_have_text(attack)
    expect(page.locator(".hdw-msg-bot").nth(1)).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    assert page.locator(".hdw-log img, .hdw-log script, .hdw-log b").count() == 0
    assert page.evaluate("window.__pwned") is None
    shot(page, "8-injection")
    page.reload()
    open_widget(page)
    expect(page.locator(".hdw-msg-user .hdw-bubble").last).to_have_text(attack)
    assert page.locator(".hdw-log img, .hdw-log script, .hdw-log b").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_messages_typed_offline_are_sent_after_reconnecting(
        bot: BotStack, shop: WebAppProcess, page: Page) -> None:
    open_shop(page, shop)
    open_widget(page)
    say(page, "hello")
    expect_bot_says(page, "welcome")
    conversation = session_id(page)
    status = page.locator(".hdw-status")
    expect(status).to_be_empty()

    page.context.set_offline(True)
    expect(page.get_by_role("status")).to_have_text("Reconnecting…")
    say(page, "do you ship to canada")
    pending = page.locator(".hdw-msg-user").last
    expect(pending).to_contain_text("do you ship to canada")
    expect(pending).to_contain_text("Will be sent when the connection is back")
    shot(page, "9-offline")
    page.wait_for_timeout(1500)
    assert "do you ship to canada" not in user_texts(bot.tracker(conversation))

    page.context.set_offline(False)
    expect(status).to_be_empty(timeout=20_000)
    expect_bot_says(page, "Canada")
    expect(pending).not_to_contain_text("Will be sent")
    assert session_id(page) == conversation
    said = user_texts(bot.tracker(conversation))
    assert said == ["hello", "do you ship to canada"], said
    shot(page, "10-reconnected")


def test_agent_messages_are_labelled_with_the_agents_name(
        bot: BotStack, shop: WebAppProcess, page: Page) -> None:
    ann = Agent(shop.url, bot.db_url, f"ann-{uuid.uuid4().hex[:5]}", ["orders"])
    assert ann.presence("online").status_code == 200
    open_shop(page, shop)
    open_widget(page)
    say(page, "I want to talk to a real person")
    expect_bot_says(page, "in the queue")
    conversation = session_id(page)
    page.keyboard.press("Escape")  # closed: new messages are counted on the launcher
    handoff = eventually(lambda: ann.handoff_of(conversation))
    assert handoff["channel"] == "socketio"
    assert ann.claim(handoff["id"]).status_code == 200
    hello = "Hi, I'm Ann from the team. How can I help?"
    assert ann.reply(handoff["id"], hello).status_code == 201
    launcher = page.locator(".hdw-launcher")
    expect(launcher).to_have_attribute("aria-label", re.compile(r"\(2 new messages\)$"),
                                       timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator(".hdw-badge")).to_have_text("2")
    shot(page, "11-unread")
    launcher.click()
    expect(page.locator(".hdw-badge")).to_be_hidden()

    agent_message = page.locator(".hdw-msg-agent").filter(has_text=hello)
    expect(agent_message).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    expect(agent_message.locator(".hdw-sender")).to_contain_text(ann.name)
    expect(agent_message.locator(".hdw-sender")).to_contain_text("Agent")
    bot_color = page.locator(".hdw-msg-bot .hdw-bubble").first.evaluate(
        "el => getComputedStyle(el).backgroundColor")
    agent_color = agent_message.locator(".hdw-bubble").evaluate(
        "el => getComputedStyle(el).backgroundColor")
    assert bot_color != agent_color
    shot(page, "12-agent")

    # The agent works on in the console, in a second browser window: the customer's
    # widget message shows up live, the reply and the close reach the widget.
    console = page.context.browser.new_context(viewport={"width": 1400, "height": 1000}
                                               ).new_page()
    console.goto(f"{shop.url}/console")
    console.get_by_label("User name", exact=True).fill(ann.name)
    console.get_by_label("Password", exact=True).fill("agent-password-123")
    console.get_by_role("button", name="Log in", exact=True).click()
    expect(console.locator("#mine li")).to_have_count(1, timeout=10_000)
    console.locator("#mine li").first.click()
    say(page, "thanks, my parcel is late")
    expect(console.locator("#transcript")).to_contain_text("my parcel is late",
                                                           timeout=10_000)
    console.get_by_label("Reply", exact=True).fill("I'm sorry! I've sent a replacement.")
    console.get_by_role("button", name="Send", exact=True).click()
    expect_bot_says(page, "I've sent a replacement")
    screenshot(console, "agent-console-5-widget-customer")
    console.get_by_label("Resolution").select_option("resolved")
    console.get_by_role("button", name="Close", exact=True).click()
    expect_bot_says(page, "back with the virtual assistant")
    # After the agent closes, the customer is asked for a rating in the widget.
    expect_bot_says(page, "rate this conversation")
    click_quick_reply(page, re.compile(r"^4$"))
    expect_bot_says(page, "anything you'd like to add")
    shot(page, "13-rated-after-agent")
    assert bot.tracker(conversation)["slots"]["csat_rating"] == 4


def test_a_signed_in_customer_is_verified_by_the_shops_token(
        bot: BotStack, shop: WebAppProcess, page: Page) -> None:
    token = issue_token("K-100", ensure_token_secret(get_settings().var_dir))
    open_shop(page, shop, f"?customer_token={token}")
    expect(page.locator("#signed-in")).to_be_visible()
    open_widget(page)
    say(page, "what's my store credit balance")
    expect_bot_says(page, "72.25")
    expect(chat_log(page)).not_to_contain_text("PIN")


def test_the_next_person_on_the_device_does_not_get_the_verified_chat(
        bot: BotStack, shop: WebAppProcess, page: Page) -> None:
    """The widget keeps its conversation in sessionStorage: a reload goes on, but another
    tab (or the browser opened again) starts afresh, so a verified chat is not handed to the
    next person on a shared computer."""
    token = issue_token("K-100", ensure_token_secret(get_settings().var_dir))
    open_shop(page, shop, f"?customer_token={token}")
    open_widget(page)
    say(page, "what's my store credit balance")
    expect_bot_says(page, "72.25")
    verified = session_id(page)
    assert page.evaluate("Object.keys(window.localStorage).length") == 0
    other = page.context.new_page()
    open_shop(other, shop)
    open_widget(other)
    expect(chat_log(other)).not_to_contain_text("72.25")
    say(other, "what's my store credit balance")
    expect_bot_says(other, "phone number, email or customer ID")
    assert session_id(other) != verified
    expect(chat_log(other)).not_to_contain_text("72.25")


def test_new_conversation_starts_afresh(bot: BotStack, shop: WebAppProcess,
                                        page: Page) -> None:
    open_shop(page, shop)
    open_widget(page)
    say(page, "hello")
    expect_bot_says(page, "welcome")
    first = session_id(page)
    page.get_by_role("button", name="New conversation").click()
    expect(page.locator(".hdw-msg")).to_have_count(1)  # the greeting only
    expect(page.get_by_label("Type your message")).to_be_focused()
    say(page, "do you ship to canada")
    expect_bot_says(page, "Canada")
    second = session_id(page)
    assert second != first
    assert user_texts(bot.tracker(second)) == ["do you ship to canada"]
    assert user_texts(bot.tracker(first)) == ["hello"]
    page.reload()
    open_widget(page)
    assert session_id(page) == second
    expect(page.locator(".hdw-msg")).to_have_count(3)
