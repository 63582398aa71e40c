"""An agent works a whole handoff in the console in a real browser (Playwright + Debian's
Chromium): the queue updates live, the context panel shows the CRM, replies reach the
customer, and closing returns the conversation to the bot."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import chromium_page, screenshot
from tests.support.console import Agent, bot_texts, eventually
from tests.support.stacks import BotStack, WebAppProcess

pytestmark = pytest.mark.e2e


@pytest.fixture
def page() -> Iterator[Page]:
    with chromium_page(1400, 1000) as page:
        yield page


def shot(page: Page, name: str) -> None:
    screenshot(page, f"agent-console-{name}")


def test_agent_works_a_handoff_in_the_console(bot: BotStack, console: WebAppProcess,
                                              page: Page, sender: str) -> None:
    name = f"ann-{uuid.uuid4().hex[:5]}"
    Agent(console.url, bot.db_url, name, ["orders"])  # creates the user
    page.goto(f"{console.url}/console")
    page.get_by_label("User name", exact=True).fill(name)
    page.get_by_label("Password", exact=True).fill("agent-password-123")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.locator("#who")).to_have_text(f"{name} (agent)")
    expect(page.locator("#live")).to_be_visible()

    # The customer asks for a person after the page loaded: the queue updates by itself.
    bot.say(sender, "hi, my number is +1 555 987 0300")
    bot.say(sender, "has my parcel shipped")
    bot.say(sender, "let me talk to a person")
    item = page.locator("#queue li", has_text="Mia Solo").first
    expect(item).to_be_visible(timeout=10_000)
    shot(page, "1-queue")
    item.click()
    expect(page.locator("#summary")).to_contain_text("Mia Solo")
    expect(page.locator("#transcript")).to_contain_text("has my parcel shipped")
    expect(page.locator("#context")).to_contain_text("K-300")
    expect(page.locator("#context")).to_contain_text("Tulsa OK")

    page.get_by_role("button", name="Claim this conversation").click()
    expect(page.locator("#reply-form")).to_be_visible()
    expect(page.locator("#mine")).to_contain_text("Mia Solo")
    page.get_by_label("Reply", exact=True).fill("Hi Mia, Ann here. I'm looking at your parcel.")
    page.get_by_role("button", name="Send", exact=True).click()
    eventually(lambda: "Hi Mia, Ann here. I'm looking at your parcel." in bot_texts(
        bot.tracker(sender)))

    assert bot.send(sender, "thank you, it says delivery problem") == []
    expect(page.locator("#transcript")).to_contain_text("it says delivery problem",
                                                        timeout=10_000)
    shot(page, "2-conversation")

    page.get_by_label("Resolution").select_option("resolved")
    page.get_by_role("button", name="Close", exact=True).click()
    expect(page.locator("#conversation-title")).to_contain_text("(closed)")
    eventually(lambda: any("back with the virtual assistant" in t
                           for t in bot_texts(bot.tracker(sender))))
    assert "Tulsa OK" in bot.say(sender, "has order 8001 shipped")  # her order, named
    shot(page, "3-closed")

    page.get_by_role("button", name="Leads").click()
    expect(page.locator("#leads-view")).to_be_visible()
    expect(page.get_by_role("button", name="Export CSV")).to_be_visible()
    shot(page, "4-leads")
