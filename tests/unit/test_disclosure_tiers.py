"""Who may hear what (CONTRACT §4): the tier rules as pure functions, then the journeys on a
fake tracker over the test CRM (SQLite and PostgreSQL), then the typed-payload rule."""

from __future__ import annotations

import time
from typing import Any

import pytest

from actions import disclosure, journeys, lead_capture
from actions.disclosure import Tier, stale_reason, tier_of
from actions.entry_points import ActionGreet
from helpdesk.accounts.customer_tokens import SECRET_ENV, issue_token
from helpdesk.crm import pin_lockout
from helpdesk.rasa_plugins.typed_payloads import is_refused, offered_payloads
from tests.support.turns import buttons, make_turn, said

SECRET = "s3cret-for-the-tier-tests-0123456789-abcdefghijklmnopqrstuvwxyz"
GRACE = {"customer_id": "K-100", "customer_name": "Grace Hopper", "customer_tier": "vip"}


# --- the rules ---------------------------------------------------------------------------------
def test_tiers_from_the_facts() -> None:
    assert tier_of(None, False, False) is Tier.ANONYMOUS
    assert tier_of(None, False, True) is Tier.ANONYMOUS  # a forged flag without a customer
    assert tier_of(None, True, False) is Tier.CLAIMED  # a claim that matched nobody
    assert tier_of("K-100", True, False) is Tier.CLAIMED
    assert tier_of("K-100", False, True) is Tier.VERIFIED


@pytest.mark.parametrize("slots, name", [
    ({**GRACE, "identified_by": "chat", "identity_claimed": True}, None),
    ({**GRACE, "identified_by": "caller_id"}, "Grace"),
    ({**GRACE, "identified_by": "chat", "verified": True}, "Grace"),
    ({**GRACE, "identified_by": "site_token", "verified": True}, "Grace"),
])
def test_only_a_trusted_caller_id_or_a_verified_customer_hears_their_name(
        slots: dict[str, Any], name: str | None) -> None:
    assert disclosure.first_name(make_turn("hi", slots)) == name


def test_verification_ends_when_it_outlives_its_reason() -> None:
    now = 10_000.0
    assert stale_reason(True, None, False, [now - 100, now], now, 900) is None
    assert stale_reason(True, None, False, [now - 901, now], now, 900) == "idle"
    assert stale_reason(True, now + 60, True, [now], now, 900) is None
    assert stale_reason(True, now, True, [now], now, 900) == "token_expired"
    assert stale_reason(True, now + 60, False, [now], now, 900) == "token_missing"
    assert stale_reason(False, None, False, [now - 5000, now], now, 900) is None


def test_an_idle_verification_ends_in_the_journey(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(disclosure.IDLE_ENV, "60")
    slots = {**GRACE, "identified_by": "chat", "verified": True}
    fresh = make_turn("what's my balance", slots, earlier=[time.time() - 30])
    assert disclosure.end_stale_verification(fresh) is None and fresh.slot("verified")
    idle = make_turn("what's my balance", slots, earlier=[time.time() - 61])
    assert disclosure.end_stale_verification(idle) == "idle"
    assert idle.slot("verified") is False and disclosure.tier(idle) is Tier.CLAIMED


def test_a_token_verification_ends_at_expiry_or_without_the_token(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    token = issue_token("K-100", SECRET)
    slots = {**GRACE, "identified_by": "site_token", "verified": True}
    with_token = make_turn("hi", {**slots, "verified_until": time.time() + 600},
                           metadata={"customer_token": token})
    assert disclosure.end_stale_verification(with_token) is None
    expired = make_turn("hi", {**slots, "verified_until": time.time() - 1},
                        metadata={"customer_token": token})
    assert disclosure.end_stale_verification(expired) == "token_expired"
    without = make_turn("hi", {**slots, "verified_until": time.time() + 600})
    assert disclosure.end_stale_verification(without) == "token_missing"
    assert without.slot("verified") is False and without.slot("verified_until") is None


# --- the journeys over the test CRM -------------------------------------------------------------
CLAIMED_GRACE = {**GRACE, "identified_by": "chat", "identity_claimed": True}
VERIFIED_GRACE = {**GRACE, "identified_by": "chat", "verified": True}


def test_a_claimed_customer_gets_no_order_list(loaded_db_url: str) -> None:
    turn = make_turn("where is my order", CLAIMED_GRACE, intent="check_order_status")
    journeys.answer_order_status(turn, None)
    text = said(turn)
    assert "order number" in text and "PIN" in text
    assert not any(n in text for n in ("5001", "5002", "5003", "rain jacket", "Grace"))
    assert turn.slot("awaiting") == "order_number" and buttons(turn) == ["/affirm"]
    verified = make_turn("where is my order", VERIFIED_GRACE, intent="check_order_status")
    journeys.answer_order_status(verified, None)
    assert "several recent orders" in said(verified) and "5001" in said(verified)


def test_a_claimed_customer_hears_about_the_order_they_name(loaded_db_url: str) -> None:
    turn = make_turn("where is order 5001", CLAIMED_GRACE)
    journeys.answer_order_status(turn, "5001")
    assert "Order 5001" in said(turn) and "rain jacket" in said(turn)


def test_an_order_named_with_the_identifier_is_answered(loaded_db_url: str) -> None:
    """"my number is ..., has order 5001 shipped" is one message (NLU: inform): the parcel
    of the order it names, for a known and an unknown identifier alike."""
    parcel = make_turn("my number is +15559870100, has order 5001 shipped")
    journeys.handle_inform(parcel)
    assert said(parcel).startswith("Thanks.") and "Austin TX" in said(parcel)
    assert "Grace" not in said(parcel)
    order = make_turn("my email is grace@navy.example, what about order 5001")
    journeys.handle_inform(order)
    assert "Order 5001" in said(order) and "rain jacket" in said(order)
    unknown = make_turn("my number is +15550000009, has order 5001 shipped")
    journeys.handle_inform(unknown)
    assert said(unknown).startswith("Thanks.") and "5001" in said(unknown)
    assert "Austin" not in said(unknown)
    # A number inside the identifier names no order.
    own_id = make_turn("my customer id is K-300")
    journeys.handle_inform(own_id)
    assert "300" not in said(own_id).replace("K-300", "")


def answer_after_identity(identity: str, order_number: str | None) -> str:
    turn = make_turn(identity, {"awaiting": "identity", "pending_request": "order_status",
                                "pending_order_number": order_number})
    journeys.handle_identity(turn)
    return said(turn)


@pytest.mark.parametrize("order_number", [None, "7002", "6999"])
def test_known_and_unknown_identifiers_get_the_same_answers(loaded_db_url: str,
                                                            order_number: str | None) -> None:
    known = answer_after_identity("grace@navy.example", order_number)
    unknown = answer_after_identity("nobody@nowhere.example", order_number)
    assert known == unknown and known.startswith("Thanks.")
    assert "Grace" not in known


def claim(identity: str) -> dict[str, Any]:
    """The slots after IDENTITY was stated in answer to "who are you" (balance pending)."""
    turn = make_turn(identity, {"awaiting": "identity", "pending_request": "balance"})
    journeys.handle_identity(turn)
    return {name: turn.slot(name) for name in (
        "customer_id", "identity_claimed", "claim_subject", "awaiting", "pending_request")}


def test_a_claim_that_matches_nobody_gets_wrong_pins_then_the_lock(loaded_db_url: str) -> None:
    """Its wrong PINs count in the store under a keyed hash of the identifier, so a new
    conversation stating it again is locked, as one stating a locked customer's email."""
    unknown, known = claim("Nobody@Nowhere.example"), claim("grace@navy.example")
    subject = unknown["claim_subject"]
    assert pin_lockout.is_claim_subject(subject) and "nobody" not in subject
    assert subject == pin_lockout.claim_subject("email", "nobody@nowhere.example")
    assert known["claim_subject"] is None and known["customer_id"] == "K-100"
    assert unknown["customer_id"] is None and unknown["awaiting"] == known["awaiting"] == "pin"
    try:
        answers: dict[str, list[str]] = {"unknown": [], "known": []}
        for pin in ("1111", "2222", "3333"):
            for name, slots in (("unknown", unknown), ("known", known)):
                turn = make_turn(pin, {**slots, "awaiting": "pin"})
                journeys.handle_pin(turn)
                answers[name].append(said(turn))
        assert answers["unknown"] == answers["known"]
        assert "2 attempts left" in answers["known"][0] and "1 attempt left" in answers["known"][1]
        # A new conversation: the same identifier, in another case, finds the lock at once.
        again = {name: claim(identity) for name, identity in (
            ("unknown", "NOBODY@nowhere.example"), ("known", "Grace@Navy.example"))}
        for name, slots in again.items():
            turn = make_turn("what's my balance", slots, intent="check_balance")
            journeys.answer_balance(turn, None)
            answers[name].append(said(turn))
        assert answers["unknown"][-1] == answers["known"][-1]
        assert "can't verify you by PIN right now" in answers["known"][-1]
    finally:
        pin_lockout.unlock("K-100")


def test_lead_capture_reads_back_nothing_from_the_crm_unless_verified(loaded_db_url: str) -> None:
    claimed = make_turn("call me back", CLAIMED_GRACE)
    lead_capture.start(claimed, "no_agent", preamble="Nobody is free.")
    draft = claimed.slot("lead_draft")
    assert not {"name", "phone", "email"} & set(draft)
    assert not any(d in said(claimed) for d in ("Grace", "+15559870100", "grace@navy"))
    verified = make_turn("call me back", VERIFIED_GRACE)
    lead_capture.start(verified, "no_agent", preamble="Nobody is free.")
    assert verified.slot("lead_draft")["email"] == "grace@navy.example"


def test_a_stated_identity_is_greeted_without_a_name(loaded_db_url: str) -> None:
    turn = make_turn("hello", CLAIMED_GRACE, intent="greet")
    ActionGreet().handle(turn)
    assert said(turn).startswith("Hi, welcome!")
    caller = make_turn("hello", {**GRACE, "identified_by": "caller_id"}, intent="greet")
    ActionGreet().handle(caller)
    assert said(caller).startswith("Hi Grace, welcome back!")


# --- typed payloads -------------------------------------------------------------------------------
def test_typed_control_and_entity_payloads_are_text_unless_offered() -> None:
    events = [{"event": "user", "text": "where is my order"},
              {"event": "bot", "text": "Which one?", "data": {"buttons": [
                  {"title": "5001", "payload": '/inform{"order_number":"5001"}'},
                  {"title": "Yes", "payload": "/affirm"}]}}]
    offered = offered_payloads(events)
    assert offered == {'/inform{"order_number":"5001"}', "/affirm"}
    assert not is_refused('/inform{"order_number":"5001"}', offered)
    assert is_refused('/inform{"order_number":"1042"}', offered)
    for typed in ("/restart", " /restart ", "/session_start", "/back", "/restart@1.0",
                  '/faq{"faq_id":"3"}'):
        assert is_refused(typed, offered), typed
    for harmless in ("/greet", "/affirm", "/nlu_fallback", "hello", "", None, "1/2"):
        assert not is_refused(harmless, offered), harmless
    # Only the bot's last turn counts: a button of an earlier turn is not on offer any more.
    later = [*events, {"event": "user", "text": "thanks"}, {"event": "bot", "text": "Welcome"}]
    assert offered_payloads(later) == set()
    assert is_refused('/inform{"order_number":"5001"}', offered_payloads(later))
