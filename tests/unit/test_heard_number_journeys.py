"""Numbers and emails heard on a call (actions/heard_numbers.py) as conversations through
the `Turn` seam: each message goes to the action Rasa would pick (the policy's `route`,
else the intent's rule in bot/rules.yml) with the voice gateway's metadata (the caller ID,
speech-to-text's confidence), and its slot events carry over to the next message. The
store is a private copy of the test CRM (Grace Hopper, K-100, phone +15559870100, PIN 2468,
orders 5001-5004; every order number of the CRM has four digits)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

import actions.change_entry_points  # noqa: F401 - registers the classes
from helpdesk.config import PROJECT_ROOT
from helpdesk.conversation.state import mode_action, route
from helpdesk.crm import pin_lockout
from tests.support.turns import all_actions, make_tracker, user_event

RULES = {rule["steps"][0]["intent"]: rule["steps"][1]["action"] for rule in yaml.safe_load(
    (PROJECT_ROOT / "bot" / "rules.yml").read_text())["rules"]}
GRACE = {"customer_id": "K-100", "customer_name": "Grace Hopper", "customer_tier": "vip"}
CALL = {"channel": "voice", "transport": "twilio", "call_id": "CA0001"}
CALLER = {**CALL, "caller_number": "+15559870100"}
SURE, UNSURE = 0.93, 0.31
GRACE_5001 = "Order 5001, placed on Tuesday, November 10, 2026"


ACTIONS = all_actions()


class Call:
    """One conversation on a channel: the slots and earlier messages carry over; each
    message may carry the gateway's metadata (a confidence, a keyed entry)."""

    def __init__(self, slots: dict[str, Any] | None = None, *, channel: str = "voice",
                 metadata: dict[str, Any] | None = None) -> None:
        self.slots: dict[str, Any] = dict(slots or {})
        self.channel = channel
        self.metadata = dict(CALL if metadata is None else metadata)
        self.history: list[dict[str, Any]] = []
        self.controls: list[dict[str, Any]] = []  # of the last reply

    def say(self, text: str, intent: str, confidence: float | None = SURE,
            **extra: Any) -> str:
        metadata = {**self.metadata, **extra}
        if confidence is not None:
            metadata["stt_confidence"] = confidence
        action = mode_action(route(self.slots.get("awaiting"), intent=intent, text=text,
                                   voice=self.channel == "voice")) or RULES[intent]
        tracker = make_tracker(text, self.slots, intent=intent, history=self.history,
                               channel=self.channel, metadata=metadata)
        dispatcher = CollectingDispatcher()
        events = asyncio.run(ACTIONS[action].run(dispatcher, tracker, {}))
        for event in events:
            if event["event"] == "slot":
                self.slots[event["name"]] = event["value"]
        self.history.append(user_event(text, intent, channel=self.channel, metadata=metadata))
        self.controls = [m["custom"] for m in dispatcher.messages if m.get("custom")]
        return "\n".join(m.get("text") or "" for m in dispatcher.messages if m.get("text"))


@pytest.fixture(autouse=True)
def store(loaded_sqlite_url: str) -> str:
    return loaded_sqlite_url


def failures() -> int:
    status = pin_lockout.lock_status("K-100")
    assert status is not None
    return status.failures


# --- order numbers -----------------------------------------------------------------------------
def test_an_order_number_heard_unsurely_is_read_back_and_yes_answers_it() -> None:
    call = Call(metadata=CALLER)
    assert call.say("where is my order 5001", "check_order_status", UNSURE) == (
        "That's order five oh oh one, is that right?")
    assert call.slots["awaiting"] == "order_number_confirm"
    assert call.slots["pending_order_number"] == "5001"
    assert call.controls == [{"expect": {"words": ["yes", "no"], "digits": False}}]
    assert GRACE_5001 in call.say("yes", "affirm")
    assert call.slots["awaiting"] is None and call.slots["pending_order_number"] is None
    assert call.controls == []  # nothing asked: nothing in particular to listen for


def test_the_next_utterance_listens_for_an_email_where_one_is_asked() -> None:
    call = Call()
    call.say("where is my order 5001", "check_order_status")
    assert call.controls == [{"expect": {"words": [], "digits": True, "email": True,
                                         "min_digits": 10}}]
    lead = Call({"awaiting": "lead_phone", "lead_draft": {"reason": "sales", "name": "Ada"}})
    lead.say("555 123 0199", "inform")
    assert lead.slots["awaiting"] == "lead_email"
    assert lead.controls == [{"expect": {"words": [], "email": True, "digits": False}}]


def test_a_number_matched_to_the_callers_own_order_is_checked_first() -> None:
    call = Call(metadata=CALLER)
    assert call.say("where is order 5011", "check_order_status") == (
        "Just to check, did you mean order five oh oh one?")
    again = call.say("no", "deny")
    assert again == ("Sorry about that. Please say the order number again, one digit at a "
                     "time, or key it in on your keypad.")
    assert call.slots["awaiting"] == "order_number"
    # The next utterance listens for digits and the caller's own order numbers.
    assert call.controls == [{"expect": {"words": ["5004", "5003", "5002", "5001"],
                                         "digits": True, "min_digits": 4}}]
    assert "Order 5002" in call.say("5002", "inform")


def test_no_with_another_number_takes_that_number() -> None:
    call = Call(metadata=CALLER)
    call.say("where is my order 5001", "check_order_status", UNSURE)
    assert "Order 5002" in call.say("no, it's 5002", "deny")


def test_a_number_of_the_wrong_length_is_asked_again_with_the_keypad() -> None:
    call = Call(metadata=CALLER)
    assert call.say("where is my order 123456", "check_order_status") == (
        "Sorry, I heard one two three four five six, but our order numbers have four digits. "
        "Could you say it again, one digit at a time, or key it in on your keypad?")
    assert call.slots["awaiting"] == "order_number"
    assert call.slots["pending_request"] == "order_status"


def test_a_number_none_of_the_callers_orders_is_read_back() -> None:
    call = Call(metadata=CALLER)
    assert call.say("what about order 7777", "check_order_status") == (
        "That's order seven seven seven seven, is that right?")
    assert call.say("yes", "affirm").startswith("I couldn't find an order 7777 on your account.")


def test_a_sure_own_order_number_is_answered_at_once() -> None:
    call = Call(metadata=CALLER)
    assert GRACE_5001 in call.say("where is my order 5001", "check_order_status")


def test_a_stated_identity_reads_back_alike_whether_the_number_exists_or_not() -> None:
    claimed = {**GRACE, "identified_by": "chat", "identity_claimed": True}
    # Sure: no read-back either way (a difference would tell which numbers exist).
    assert GRACE_5001 in Call(claimed).say("where is order 5001", "check_order_status")
    assert Call(claimed).say("where is order 7777", "check_order_status").startswith(
        "I couldn't find an order 7777 on your account.")
    # Unsure: read back either way.
    for number, digits in (("5001", "five oh oh one"), ("7777", "seven seven seven seven")):
        assert Call(claimed).say(f"where is order {number}", "check_order_status", UNSURE) == (
            f"That's order {digits}, is that right?")


def test_an_unsure_number_is_read_back_before_asking_who_the_caller_is() -> None:
    call = Call()
    assert call.say("where is my order 5001", "check_order_status", UNSURE) == (
        "That's order five oh oh one, is that right?")
    assert "what's the phone number or email on your account?" in call.say("yes", "affirm")
    assert call.slots["pending_order_number"] == "5001"


def test_chat_is_never_read_back_whatever_its_metadata_says() -> None:
    chat = Call({**GRACE, "identified_by": "chat", "verified": True}, channel="rest",
                metadata={})
    assert GRACE_5001 in chat.say("where is order 5001", "check_order_status", 0.01)
    assert "couldn't find an order 123456" in chat.say("and order 123456", "check_order_status")


def test_a_keyed_order_number_is_taken_as_pressed() -> None:
    call = Call(metadata=CALLER)
    assert GRACE_5001 in call.say("5001", "inform", None, dtmf="5001")


# --- PINs --------------------------------------------------------------------------------------
def test_a_pin_heard_unsurely_is_asked_again_and_not_counted() -> None:
    call = Call(metadata=CALLER)
    assert call.say("what's my balance", "check_balance") == (
        "For your security, please say or key in your PIN.")
    assert call.controls == [{"expect": {"words": [], "digits": True, "min_digits": 4}}]
    assert call.say("1 1 1 1", "inform", UNSURE) == (
        "Sorry, I didn't quite catch your PIN. Please say it again slowly, one digit at a "
        "time, or key it in on your keypad.")
    assert failures() == 0 and not call.slots.get("verified")
    assert call.slots["awaiting"] == "pin"
    assert "you're verified" in call.say("2468", "inform", None, dtmf="2468")


def test_a_sure_wrong_pin_still_counts() -> None:
    call = Call(metadata=CALLER)
    call.say("what's my balance", "check_balance")
    assert "doesn't match" in call.say("1 1 1 1", "inform", SURE)
    assert failures() == 1


def test_a_pin_of_the_wrong_length_offers_the_keypad() -> None:
    call = Call(metadata=CALLER)
    call.say("what's my balance", "check_balance")
    assert call.say("have been 31", "inform", SURE) == (
        "Your PIN is 4 to 6 digits. Please say just the digits, or key them in on your keypad.")
    assert failures() == 0


# --- emails ------------------------------------------------------------------------------------
@pytest.mark.parametrize("said", [
    "it's grace at navy dot example",
    "g r a c e at navy dot example",
    "my email is G-R-A-C-E at navy.example.",
])
def test_a_spoken_email_identifies_the_caller(said: str) -> None:
    call = Call()
    call.say("where is my order 5001", "check_order_status")
    assert call.slots["awaiting"] == "identity"
    answer = call.say(said, "inform")
    assert call.slots["customer_id"] == "K-100"
    assert "Thanks." in answer and GRACE_5001 in answer


def test_a_new_email_spelled_on_a_call_is_read_back_written_out() -> None:
    call = Call({**GRACE, "identified_by": "caller_id", "verified": True}, metadata=CALLER)
    assert "email" in call.say("I'd like to update my email address", "update_contact")
    assert call.slots["awaiting"] == "change_new_contact"
    assert call.controls == [{"expect": {"words": [], "email": True, "digits": False}}]
    assert "ada.moreno@example.com?" in call.say(
        "a d a dot m o r e n o at example dot com", "inform")


# --- phone numbers (actions/heard_phones.py) ---------------------------------------------------
GRACES_NUMBER = "five five five nine eight seven oh one oh oh"
GRACES_READ_BACK = "That's five five five, nine eight seven, zero one zero zero, is that right?"
PHONE_AGAIN = ("Sorry about that. Please say the phone number again, one digit at a time, or "
               "key it in on your keypad.")


def nobody_claimed(call: Call) -> bool:
    return not any(call.slots.get(s) for s in ("customer_id", "identity_claimed",
                                               "claim_subject"))


def asked_who(call: Call) -> Call:
    call.say("where is my order 5001", "check_order_status")
    assert call.slots["awaiting"] == "identity"
    return call


def test_a_phone_number_heard_unsurely_is_read_back_and_yes_claims_it() -> None:
    call = asked_who(Call())
    assert call.say(GRACES_NUMBER, "inform", UNSURE) == GRACES_READ_BACK
    assert call.slots["awaiting"] == "phone_number_confirm"
    assert call.slots["pending_phone_number"] == "+15559870100"
    assert nobody_claimed(call) and not call.slots.get("identify_failures")
    assert call.controls == [{"expect": {"words": ["yes", "no"], "digits": False}}]
    answer = call.say("yes", "affirm")
    assert answer.startswith("Thanks.") and GRACE_5001 in answer
    assert call.slots["customer_id"] == "K-100" and call.slots["identified_by"] == "chat"
    assert call.slots["pending_phone_number"] is None and call.slots["awaiting"] is None


@pytest.mark.parametrize(("said", "intent"), [
    ("no", "deny"), ("No, that's wrong.", "inform"),
    ("0", "inform"), ("Oh.", "nlu_fallback"), ("O", "out_of_scope"),  # Whisper's "No."
])
def test_no_to_a_phone_number_read_back_asks_again_with_the_keypad(said: str,
                                                                    intent: str) -> None:
    call = asked_who(Call())
    call.say(GRACES_NUMBER, "inform", UNSURE)
    assert call.say(said, intent) == PHONE_AGAIN
    assert call.slots["awaiting"] == "identity" and nobody_claimed(call)
    assert call.slots["pending_phone_number"] is None
    assert call.controls == [{"expect": {"words": [], "digits": True, "email": True,
                                         "min_digits": 10}}]
    keyed = call.say("5559870100", "inform", None, dtmf="5559870100")
    assert call.slots["customer_id"] == "K-100" and GRACE_5001 in keyed


def test_another_number_instead_of_yes_or_no_is_taken_and_checked_again() -> None:
    call = asked_who(Call())
    assert call.say("five five five nine eight seven oh one nine nine", "inform", UNSURE) == (
        "That's five five five, nine eight seven, zero one nine nine, is that right?")
    assert GRACE_5001 in call.say(f"no, it's {GRACES_NUMBER}", "deny", SURE)
    assert call.slots["customer_id"] == "K-100" and call.slots["pending_phone_number"] is None


def test_a_yes_with_the_phone_number_heard_unsurely_again_is_not_read_back_twice() -> None:
    call = asked_who(Call())
    call.say(GRACES_NUMBER, "inform", UNSURE)
    assert GRACE_5001 in call.say(f"yes, {GRACES_NUMBER}", "affirm", UNSURE)
    assert call.slots["customer_id"] == "K-100"


def test_neither_yes_nor_no_to_a_phone_read_back_claims_nothing() -> None:
    call = asked_who(Call())
    call.say(GRACES_NUMBER, "inform", UNSURE)
    call.say("what are your opening hours", "faq")
    assert nobody_claimed(call)


def test_a_phone_number_stated_unsurely_with_a_request_is_read_back_before_it() -> None:
    call = Call()
    assert call.say(f"my number is {GRACES_NUMBER}, what's my balance", "check_balance",
                    UNSURE) == GRACES_READ_BACK
    assert nobody_claimed(call) and call.slots["pending_request"] == "balance"
    assert call.say("yes", "affirm") == (
        "Thanks.\nFor your security, please say or key in your PIN.")
    assert call.slots["customer_id"] == "K-100"


def test_digits_that_make_no_whole_phone_number_are_read_back_and_asked_again() -> None:
    call = asked_who(Call())
    assert call.say("five five five nine eight seven oh one oh", "inform", SURE) == (
        "Sorry, I heard five five five, nine eight seven, zero one zero, but that isn't a "
        "whole phone number. Please say it again with the area code, one digit at a time, or "
        "key it in on your keypad.")
    assert call.slots["awaiting"] == "identity" and nobody_claimed(call)
    assert call.slots["identify_failures"] == 1  # three of these offer a person
    # A local number without its area code is no whole number either.
    assert call.say("nine eight seven oh one oh oh", "inform", SURE).startswith(
        "Sorry, I heard nine eight seven, zero one zero zero, but that isn't a whole")


def test_a_sure_or_keyed_phone_number_and_any_in_chat_are_taken_at_once() -> None:
    sure = asked_who(Call())
    assert sure.say(GRACES_NUMBER, "inform", SURE).startswith("Thanks.")
    keyed = asked_who(Call())
    assert keyed.say("5559870100", "inform", None, dtmf="5559870100").startswith("Thanks.")
    chat = asked_who(Call(channel="rest", metadata={}))
    assert chat.say("555 987 0100", "inform", 0.01).startswith("Thanks.")
    assert all(c.slots["customer_id"] == "K-100" for c in (sure, keyed, chat))


# --- the lead form's phone number on a call ----------------------------------------------------
def lead_call() -> Call:
    return Call({"awaiting": "lead_phone", "lead_draft": {"reason": "sales", "name": "Ada"}})


def test_a_lead_phone_number_heard_unsurely_is_read_back_before_it_is_taken() -> None:
    call = lead_call()
    assert call.say("five five five one two three oh oh oh one", "inform", UNSURE) == (
        "That's five five five, one two three, zero zero zero one, is that right?")
    assert call.slots["awaiting"] == "lead_phone_confirm"
    assert "phone" not in call.slots["lead_draft"]
    assert call.controls == [{"expect": {"words": ["yes", "no"], "digits": False}}]
    assert call.say("Yeah.", "affirm").startswith("Thanks. What's your email address?")
    assert call.slots["lead_draft"]["phone"] == "+15551230001"
    assert call.slots["awaiting"] == "lead_email" and call.slots["pending_phone_number"] is None


def test_no_to_a_lead_phone_read_back_asks_for_it_again() -> None:
    call = lead_call()
    call.say("five five five one two three oh oh oh one", "inform", UNSURE)
    assert call.say("0", "inform") == PHONE_AGAIN
    assert call.slots["awaiting"] == "lead_phone" and "phone" not in call.slots["lead_draft"]
    assert call.controls == [{"expect": {"words": [], "digits": True, "min_digits": 10}}]
    call.say("5551230002", "inform", None, dtmf="5551230002")
    assert call.slots["lead_draft"]["phone"] == "+15551230002"


def test_neither_yes_nor_no_to_a_lead_phone_read_back_asks_which() -> None:
    call = lead_call()
    call.say("five five five one two three oh oh oh one", "inform", UNSURE)
    assert call.say("hmm maybe", "inform") == (
        "Sorry, was that a yes or a no? Is your number five five five, one two three, zero "
        "zero zero one?")
    assert call.slots["awaiting"] == "lead_phone_confirm"
    assert call.say("another number: 555 123 0002", "inform", SURE).startswith("Thanks.")
    assert call.slots["lead_draft"]["phone"] == "+15551230002"


def test_a_lead_phone_number_that_is_no_whole_number_is_asked_again() -> None:
    call = lead_call()
    assert call.say("five five five one two three oh", "inform", SURE).startswith(
        "Sorry, I heard five five five, one two three zero, but that isn't a whole phone")
    assert call.slots["awaiting"] == "lead_phone" and call.slots["lead_draft"]["tries"] == 1


def test_a_typed_lead_phone_number_is_taken_as_typed() -> None:
    chat = Call({"awaiting": "lead_phone", "lead_draft": {"reason": "sales", "name": "Ada"}},
                channel="rest", metadata={})
    assert chat.say("555 123 0001", "inform", 0.01).startswith("Thanks.")
    assert chat.slots["lead_draft"]["phone"] == "+15551230001"


# --- "0" for "No." where a yes or no is awaited on a call --------------------------------------
LIN_ON_A_CALL = {"customer_id": "K-500", "customer_name": "Lin Okafor",
                 "customer_tier": "standard", "identified_by": "chat", "verified": True}


def test_a_lone_0_to_an_order_number_read_back_is_a_no() -> None:
    call = Call(metadata=CALLER)
    call.say("where is my order 5001", "check_order_status", UNSURE)
    assert call.say("0", "inform").startswith("Sorry about that. Please say the order number")
    assert call.slots["awaiting"] == "order_number"


def test_a_lone_0_to_a_change_on_a_call_changes_nothing_and_in_chat_is_no_answer() -> None:
    call = Call(LIN_ON_A_CALL)
    assert call.say("cancel order 6002", "cancel_order").startswith("Cancel order 6002")
    assert call.say("Oh.", "inform") == (
        "Okay, I haven't changed anything. Order 6002 stays as it is.")
    chat = Call(LIN_ON_A_CALL, channel="rest", metadata={})
    chat.say("cancel order 6002", "cancel_order")
    assert "haven't changed anything" not in chat.say("0", "inform")  # a digit, not a no


def test_a_yes_with_the_number_heard_unsurely_again_is_not_read_back_twice() -> None:
    call = Call(metadata=CALLER)
    call.say("where is my order 5001", "check_order_status", UNSURE)
    assert GRACE_5001 in call.say("yes, 5001", "affirm", UNSURE)
