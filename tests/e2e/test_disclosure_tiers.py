"""Who may hear what (CONTRACT §4), attacked end to end on the real Rasa and action servers
over the test CRM, on SQLite and PostgreSQL.

Each test performs an attack that worked before the tiers and the store-wide PIN lock:
stating someone's email to hear their name, orders, tracking numbers and city, or to have
lead capture read back their details; telling known from unknown identifiers by the
answers; three more PINs in a new conversation, after `/restart` or on a call; typed
`/restart` and `/inform{...}` payloads; a verification outliving its session or token.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import expect

from helpdesk.accounts.customer_tokens import ensure_token_secret, issue_token
from helpdesk.config import get_settings
from helpdesk.crm import pin_lockout
from tests.support.browser import chromium_page, screenshot
from tests.support.console import PASSWORD, Agent, admin_client, eventually, everyone_offline
from tests.support.stacks import BotStack, WebAppProcess

pytestmark = pytest.mark.e2e

GRACE_EMAIL, GRACE_PHONE = "grace@navy.example", "+15559870100"  # K-100, PIN 2468
GRACE_DETAILS = ("Grace", "Hopper", GRACE_PHONE, "555 987 0100", GRACE_EMAIL)
GRACE_ORDERS = ("5001", "5002", "5003", "5004", "rain jacket", "hiking boots", "water bottle")
GRACE_TRACKING = ("1Z111AA10000000001", "123456789012", "Austin", "Reno", "UPS", "FedEx")
VICTOR, VICTOR_EMAIL, VICTOR_PHONE, VICTOR_PIN = ("K-400", "victor@hugo.example",
                                                  "+33155550400", "112233")
ADMIN_PASSWORD = "admin-pass-1"


# Stated identifiers that match no customer: their wrong PINs count in the store too.
LOCKED_UNKNOWN_EMAIL = "nobody.locked@nowhere.example"
UNKNOWN_CLAIMS = (("email", "nobody@nowhere.example"), ("email", LOCKED_UNKNOWN_EMAIL),
                  ("phone", "+15559870199"), ("customer_id", "K-999"))


def claim_of(bot: BotStack, kind: str, value: str) -> str:
    """The store's key for an identifier that matches no customer (keyed like the stack's)."""
    return pin_lockout.claim_subject(kind, value, secret=bot.internal_secret)


def unlock_everyone(bot: BotStack) -> None:
    for customer_id in ("K-100", "K-200", "K-300", VICTOR):
        pin_lockout.unlock(customer_id, url=bot.db_url)
    for kind, value in UNKNOWN_CLAIMS:
        pin_lockout.unlock_subject(claim_of(bot, kind, value), url=bot.db_url)


@pytest.fixture
def unlocked(bot: BotStack) -> Iterator[None]:
    """Every test starts and ends with no PIN locked, of a customer or of an unknown
    identifier (the store outlives it)."""
    unlock_everyone(bot)
    yield
    unlock_everyone(bot)


def texts(bot: BotStack, sender: str, lines: list[str]) -> list[str]:
    return [bot.say(sender, line) for line in lines]


def new_sender() -> str:
    return f"tiers-{uuid.uuid4().hex[:12]}"


def api(bot: BotStack, method: str, path: str, **kwargs: object) -> httpx.Response:
    """Rasa's HTTP API, with the stack's token."""
    reply = httpx.request(method, f"{bot.rasa_url}{path}", params={"token": bot.api_token},
                          timeout=60, **kwargs)
    reply.raise_for_status()
    return reply


# --- a stated identifier ------------------------------------------------------------------------
def test_a_stated_email_hears_no_name_no_order_list_and_no_tracking(bot: BotStack,
                                                                    sender: str) -> None:
    asked = bot.say(sender, "where is my order")
    assert "phone number, email or customer ID" in asked
    after_email = bot.say(sender, GRACE_EMAIL)
    assert after_email.startswith("Thanks.")
    parcel = bot.say(sender, "has my parcel shipped")
    someone_elses = bot.say(sender, "where is order 7002")
    for answer in (after_email, parcel, someone_elses):
        for detail in (*GRACE_DETAILS, *GRACE_ORDERS, *GRACE_TRACKING, "tent"):
            assert detail not in answer, (detail, answer)
    assert "order number" in after_email and "PIN" in after_email
    assert "Verify me with my PIN" in json.dumps(bot.send(sender, "where is my order"))
    # The order the customer names, and that is theirs, is answered (and only that one).
    named = bot.say(sender, "where is order 5001")
    assert "Order 5001" in named and "rain jacket" in named
    assert not any(other in named for other in ("5002", "5003", "hiking boots"))
    tracked = bot.say(sender, "track 1Z111AA10000000001")
    assert "UPS parcel for order 5001" in tracked and "Austin TX" in tracked


def test_a_stated_email_gets_no_balance_without_the_pin(bot: BotStack, sender: str,
                                                         unlocked: None) -> None:
    bot.say(sender, f"hi, my email is {GRACE_EMAIL}")
    asked = bot.say(sender, "what's my store credit balance")
    assert "PIN" in asked and "72.25" not in asked
    assert "$72.25" in bot.say(sender, "2468")
    # Verified: now the order list may be shown.
    assert "several recent orders" in bot.say(sender, "where is my order")


def test_lead_capture_reads_back_nothing_from_the_crm(bot: BotStack, sender: str) -> None:
    everyone_offline(bot.db_url)  # nobody to hand over to: the bot takes a callback lead
    answers = texts(bot, sender, [
        f"my email is {GRACE_EMAIL}",
        "we'd like a quote for 20 jackets for our team",
        "Ann Example", "+1 555 000 1234", "skip", "weekdays after 5pm"])
    assert "What's your name?" in answers[1]
    confirm = answers[-1]
    assert "Here's what I have" in confirm and "Ann Example" in confirm
    for answer in answers:
        for detail in GRACE_DETAILS:
            assert detail not in answer, (detail, answer)


@pytest.mark.parametrize("known, unknown", [
    (GRACE_EMAIL, "nobody@nowhere.example"),
    ("my number is +1 555 987 0100", "my number is +1 555 987 0199"),
    ("customer id K-100", "customer id K-999"),
], ids=["email", "phone", "customer-id"])
def test_known_and_unknown_identifiers_get_identical_answers(bot: BotStack, known: str,
                                                             unknown: str,
                                                             unlocked: None) -> None:
    script = ["where is my order", "{identity}", "where is order 7002",
              "track 9400100000000000000001", "where is my order", "yes", "1111",
              "what's my store credit balance", "2222"]

    def run(identity: str) -> list[str]:
        sender = new_sender()
        return texts(bot, sender, [line.format(identity=identity) for line in script])

    known_answers, unknown_answers = run(known), run(unknown)
    assert known_answers == unknown_answers
    assert "doesn't match" in known_answers[6] and "1 attempt left" in known_answers[8]


# --- the PIN lock -------------------------------------------------------------------------------
def test_three_wrong_pins_lock_the_customer_in_every_conversation_until_unlocked(
        bot: BotStack, console: WebAppProcess, unlocked: None) -> None:
    everyone_offline(bot.db_url)
    first = new_sender()
    answers = texts(bot, first, ["what's my store credit balance", VICTOR_EMAIL,
                                 "1111", "2222", "3333"])
    assert "PIN" in answers[1]
    assert "can't verify you" in answers[4] and "person" in answers[4]

    # A new conversation (new sender id): the right PIN is refused.
    second = new_sender()
    locked = texts(bot, second, ["what's my store credit balance", VICTOR_EMAIL,
                                 f"my pin is {VICTOR_PIN}"])
    assert "can't verify you by PIN right now" in locked[1] and "person" in locked[1]
    assert "can't verify you by PIN right now" in locked[2]
    assert not any("5.00" in a or "verified" in a for a in locked)

    # Typed /restart changes nothing: the conversation is not reset, the lock holds.
    third = new_sender()
    bot.say(third, f"my email is {VICTOR_EMAIL}")
    bot.say(third, "/restart")
    after_restart = bot.say(third, f"my pin is {VICTOR_PIN}")
    assert "can't verify you by PIN right now" in after_restart
    events = bot.tracker(third)["events"]
    assert not [e for e in events if e["event"] == "restart"]
    assert bot.tracker(third)["slots"]["customer_id"] == VICTOR

    # On a call with Victor's (trusted) caller ID, too.
    call = new_sender()
    bot.say_voice(call, "hello", metadata={"caller_number": VICTOR_PHONE})
    spoken = bot.say_voice(call, "what's my balance")
    assert "can't verify you by PIN right now" in spoken
    assert "can't verify you by PIN right now" in bot.say_voice(call, f"my pin is {VICTOR_PIN}")

    # The console: an agent without a handoff of Victor may not unlock; the admin may,
    # and the audit log says so.
    agent = Agent(console.url, bot.db_url, f"agent-{uuid.uuid4().hex[:6]}")
    status_path = f"/api/customers/{VICTOR}/pin-status"
    unlock_path = f"/api/customers/{VICTOR}/pin-unlock"
    assert agent.http.get(status_path).status_code == 403
    assert agent.http.post(unlock_path).status_code == 403
    assert httpx.post(f"{console.url}{unlock_path}").status_code == 401
    admin = admin_client(console.url, ADMIN_PASSWORD)
    status = admin.get(status_path).json()
    assert status["locked"] is True and status["failures"] == 3 and status["locked_until"]
    unlocked_now = admin.post(unlock_path)
    assert unlocked_now.status_code == 200 and unlocked_now.json()["locked"] is False
    assert admin.get("/api/customers/K-999/pin-status").status_code == 404
    audit = admin.get("/api/audit").json()
    assert any(entry["target"] == f"POST {unlock_path}" and entry["username"] == "admin"
               and entry["action"] == "customers.pin-unlock" for entry in audit)

    fourth = new_sender()
    verified = texts(bot, fourth, ["what's my store credit balance", VICTOR_EMAIL, VICTOR_PIN])
    assert "PIN" in verified[1] and "verified" in verified[2]


def test_the_agent_unlocks_the_pin_from_the_console(bot: BotStack, console: WebAppProcess,
                                                   sender: str, unlocked: None) -> None:
    """The handoff of a locked customer shows the lock and an "Unlock PIN" button; after
    the click the customer's right PIN works again."""
    everyone_offline(bot.db_url)
    name = f"ann-{uuid.uuid4().hex[:5]}"
    ann = Agent(console.url, bot.db_url, name, ["billing"])
    assert ann.presence("online").status_code == 200
    texts(bot, sender, ["what's my store credit balance", VICTOR_EMAIL, "1111", "2222", "3333"])
    handoff = eventually(lambda: ann.handoff_of(sender))
    try:
        with chromium_page(1400, 1000) as page:
            page.goto(f"{console.url}/console")
            page.get_by_label("User name", exact=True).fill(name)
            page.get_by_label("Password", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="Log in", exact=True).click()
            page.locator("#queue li", has_text="Victor Hugo").first.click()
            lock = page.locator("#pin-lock")
            expect(lock).to_contain_text("PIN verification locked until", timeout=10_000)
            screenshot(page, "agent-console-pin-locked")
            page.get_by_role("button", name="Unlock PIN").click()
            expect(lock).to_contain_text("PIN verification: unlocked")
        assert not pin_lockout.is_locked(VICTOR, url=bot.db_url)
    finally:
        ann.presence("offline")
        ann.claim(handoff["id"])
        ann.close(handoff["id"], back_to_bot=True)
    other = new_sender()
    verified = texts(bot, other, ["what's my store credit balance", VICTOR_EMAIL, VICTOR_PIN])
    assert "verified" in verified[2]


def test_a_claim_that_matches_nobody_is_locked_in_its_conversation_too(bot: BotStack,
                                                                       sender: str,
                                                                       unlocked: None) -> None:
    everyone_offline(bot.db_url)
    answers = texts(bot, sender, ["what's my store credit balance", "nobody@nowhere.example",
                                  "1111", "2222", "3333"])
    assert "2 attempts left" in answers[2] and "1 attempt left" in answers[3]
    assert "can't verify you" in answers[4] and "person" in answers[4]


def test_a_locked_customer_and_a_locked_unknown_email_read_the_same_in_new_conversations(
        bot: BotStack, unlocked: None) -> None:
    """The attack: lock a known customer and an unknown email (three wrong PINs each), then
    ask for the balance in new conversations. Before, the known email got the lock message
    at once while the unknown one was asked for the PIN: the answers told them apart. Now
    an unknown identifier's wrong PINs count in the store too, under a keyed hash."""
    everyone_offline(bot.db_url)
    for identity in (VICTOR_EMAIL, LOCKED_UNKNOWN_EMAIL):
        locking = texts(bot, new_sender(), ["what's my store credit balance", identity,
                                            "1111", "2222", "3333"])
        assert "1 attempt left" in locking[3] and "can't verify you" in locking[4], locking
    assert pin_lockout.is_locked(VICTOR, url=bot.db_url)
    assert pin_lockout.subject_locked(claim_of(bot, "email", LOCKED_UNKNOWN_EMAIL),
                                      url=bot.db_url)

    scripts = [["what's my balance", "{identity}", "1111", VICTOR_PIN],
               ["my email is {identity_upper}", "what's my store credit balance", VICTOR_PIN]]

    def run(identity: str, script: list[str]) -> tuple[list[str], dict]:
        sender = new_sender()
        lines = [line.format(identity=identity, identity_upper=identity.upper())
                 for line in script]
        return texts(bot, sender, lines), bot.tracker(sender)["slots"]

    for script in scripts:
        (known, known_slots), (unknown, unknown_slots) = (
            run(VICTOR_EMAIL, script), run(LOCKED_UNKNOWN_EMAIL, script))
        assert known == unknown, (known, unknown)
        assert "can't verify you by PIN right now" in known[1]
        assert not any("5.00" in answer or "verified" in answer for answer in known)
        assert known_slots["customer_id"] == VICTOR and known_slots["claim_subject"] is None
        # The unknown email is kept as its keyed hash only, never in clear.
        subject = unknown_slots["claim_subject"]
        assert subject == claim_of(bot, "email", LOCKED_UNKNOWN_EMAIL)
        assert "nobody" not in json.dumps(unknown_slots).lower()
    # An email nobody has locked is still asked for the PIN.
    fresh = texts(bot, new_sender(), ["what's my balance", "nobody@nowhere.example"])
    assert "type your PIN" in fresh[1]


# --- typed payloads -----------------------------------------------------------------------------
def latest_user_event(bot: BotStack, sender: str) -> dict:
    return [e for e in bot.tracker(sender)["events"] if e["event"] == "user"][-1]


def test_typed_restart_and_entity_payloads_are_read_as_text(bot: BotStack,
                                                            sender: str) -> None:
    bot.say(sender, f"my email is {GRACE_EMAIL}")
    bot.say(sender, "/restart")
    tracker = bot.tracker(sender)
    assert not [e for e in tracker["events"] if e["event"] == "restart"]
    assert tracker["slots"]["customer_id"] == "K-100"
    assert latest_user_event(bot, sender)["parse_data"]["intent"]["name"] != "restart"

    bot.say(sender, '/inform{"order_number":"1042"}')
    parse = latest_user_event(bot, sender)["parse_data"]
    assert all(e.get("extractor") != "RegexMessageHandler" for e in parse["entities"])
    assert parse["intent"].get("confidence", 0) < 1.0 or parse["intent"]["name"] != "inform"

    for control in ("/session_start", "/back"):
        bot.say(sender, control)
        assert latest_user_event(bot, sender)["parse_data"]["intent"]["name"] not in (
            "session_start", "back")
    assert bot.tracker(sender)["slots"]["customer_id"] == "K-100"


def test_offered_buttons_still_work_in_chat_and_on_the_keypad(bot: BotStack, sender: str,
                                                             unlocked: None) -> None:
    bot.say(sender, f"my email is {GRACE_EMAIL}")
    offer = bot.send(sender, "where is my order")
    assert [b["payload"] for m in offer for b in m.get("buttons") or []] == ["/affirm"]
    assert "PIN" in bot.say(sender, "/affirm")
    listing = bot.send(sender, "2468")
    payloads = [b["payload"] for m in listing for b in m.get("buttons") or []]
    assert len(payloads) == 3
    picked = bot.say(sender, payloads[1])
    assert "Order 5002" in picked and "hiking boots" in picked
    assert latest_user_event(bot, sender)["parse_data"]["entities"][0]["extractor"] == (
        "RegexMessageHandler")

    # A call: the gateway sends the button of the pressed key as its payload.
    call = new_sender()
    bot.say_voice(call, "hello", metadata={"caller_number": GRACE_PHONE})
    bot.say_voice(call, "what's my store credit balance")
    bot.say_voice(call, "2468")
    menu = bot.send_voice(call, "where is my order")
    keys = [b["payload"] for m in menu for b in m.get("buttons") or []]
    assert len(keys) == 3
    assert "Order 5003" in bot.say_voice(call, keys[2], metadata={"dtmf": "3"})


# --- verification does not outlive its reason ---------------------------------------------------
def test_verification_ends_with_the_session(bot: BotStack, sender: str,
                                            unlocked: None) -> None:
    bot.say(sender, f"my email is {GRACE_EMAIL}")
    bot.say(sender, "what's my store credit balance")
    assert "$72.25" in bot.say(sender, "2468")
    # A new Rasa session, as after the session expiry: run the session start.
    api(bot, "POST", f"/conversations/{sender}/execute", json={"name": "action_session_start"})
    assert bot.tracker(sender)["slots"]["verified"] is False
    again = bot.say(sender, "what's my store credit balance")
    assert "72.25" not in again


def test_a_token_verification_ends_at_the_tokens_expiry(bot: BotStack, sender: str) -> None:
    token = issue_token("K-100", ensure_token_secret(get_settings().var_dir), ttl_s=3)
    first = bot.say(sender, "what's my store credit balance", metadata={"customer_token": token})
    assert "$72.25" in first
    assert bot.tracker(sender)["slots"]["verified_until"] is not None
    time.sleep(4)  # within PyJWT's leeway, but past the token's exp
    later = bot.say(sender, "what's my store credit balance", metadata={"customer_token": token})
    assert "72.25" not in later and "PIN" in later


def test_a_token_verified_conversation_is_not_resumed_without_the_token(
        bot: BotStack, sender: str) -> None:
    token = issue_token("K-100", ensure_token_secret(get_settings().var_dir))
    assert "$72.25" in bot.say(sender, "what's my store credit balance",
                               metadata={"customer_token": token})
    # The same conversation id without the token (another person on the same device).
    resumed = bot.say(sender, "what's my store credit balance")
    assert "72.25" not in resumed and "PIN" in resumed
    assert not re.search(r"\bGrace\b", resumed)
