"""The agent console shows what the customer changed through the bot (issue 16, section 3):
after a self-service change in chat, the customer context of the handoff lists it under
"Changes by the customer", with its time, in a real browser (Playwright + Debian's
Chromium).

The customer is K-500 (Lin Okafor, PIN 5150), whose orders are the self-service tests'
(tests/data/README.md). The change is a new delivery address for order 6002, to an address
no other test uses: tests/e2e/test_self_service.py sets its own address on 6002 later (or
did earlier), and either order leaves both tests' checks true.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import chromium_page, screenshot
from tests.support.console import Agent, eventually
from tests.support.stacks import BotStack, WebAppProcess

pytestmark = pytest.mark.e2e

NEW_ADDRESS = "7 Harbour Road, Portland, OR 97201"


@pytest.fixture
def page() -> Iterator[Page]:
    with chromium_page(1400, 1000) as page:
        yield page


def change_the_address_in_chat(bot: BotStack, sender: str) -> None:
    assert "phone number, email or customer ID" in bot.say(
        sender, "I need to change the delivery address of order 6002")
    assert "PIN" in bot.say(sender, "my customer id is K-500")
    assert "What's the new delivery address?" in bot.say(sender, "5150")
    assert bot.say(sender, NEW_ADDRESS) == (
        f"Change the delivery address of order 6002 to: {NEW_ADDRESS}? Please check it "
        "carefully.")
    assert bot.say(sender, "yes") == f"Done: order 6002 will be delivered to {NEW_ADDRESS}."


def test_the_console_shows_the_customers_own_changes(bot: BotStack, console: WebAppProcess,
                                                     page: Page, sender: str) -> None:
    name = f"cleo-{uuid.uuid4().hex[:5]}"
    agent = Agent(console.url, bot.db_url, name, ["orders", "general"])  # creates the user
    page.goto(f"{console.url}/console")
    page.get_by_label("User name", exact=True).fill(name)
    page.get_by_label("Password", exact=True).fill("agent-password-123")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.locator("#who")).to_have_text(f"{name} (agent)")

    change_the_address_in_chat(bot, sender)
    assert "connecting you" in bot.say(sender, "I want to talk to a real person")
    handoff = eventually(lambda: agent.handoff_of(sender))
    item = page.locator(f'#queue li[data-id="{handoff["id"]}"]')  # the queue updates live
    expect(item).to_contain_text("Lin Okafor", timeout=10_000)
    item.click()
    expect(page.locator("#conversation-title")).to_contain_text(sender, timeout=10_000)

    context = page.locator("#context")
    expect(context).to_contain_text("Changes by the customer", timeout=10_000)
    line = context.locator("li", has_text="order #6002 · ").filter(has_text=NEW_ADDRESS)
    expect(line).to_have_count(1)
    # "2026-12-01 23:40 · address · order #6002 · [old →] new · rest": when, what, which
    # order, the values, the channel.
    expect(line).to_have_text(re.compile(
        r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} · address · order #6002 · (.+ → )?"
        + re.escape(NEW_ADDRESS) + r" · rest$"))
    # The order itself shows where it goes now.
    expect(context.locator("li", has_text=re.compile(r"^#6002 · "))).to_contain_text(
        f"Deliver to: {NEW_ADDRESS}")
    screenshot(page, "agent-console-customer-changes")
