"""The self-service journeys (actions/self_service.py) as conversations through the `Turn`
seam: each message goes to the action Rasa would pick (the policy's `route`, else the
intent's rule in bot/rules.yml), runs through rasa-sdk's `Action.run` on a hand-built
Tracker, and its slot events carry over to the next message. The store is a private copy
of the test CRM on SQLite (customer K-500, Lin Okafor, PIN 5150, and her orders 6001-6006).
The same harness shows a damaged delivery to send back starting its return, and a
correction after a delivery question asking that question again."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

import actions.change_entry_points  # noqa: F401 - registers the classes
from actions import dialogue, self_service
from helpdesk.audit.log import list_entries
from helpdesk.config import PROJECT_ROOT
from helpdesk.conversation.state import Awaiting, Handler, mode_action, route
from helpdesk.crm import lookups, order_service
from helpdesk.crm.models import Shipment
from helpdesk.faq.entries import FaqDraft, create_entry
from helpdesk.store.database import session_scope
from tests.support.turns import SENDER, all_actions, make_tracker, make_turn, user_event

RULES = {rule["steps"][0]["intent"]: rule["steps"][1]["action"] for rule in yaml.safe_load(
    (PROJECT_ROOT / "bot" / "rules.yml").read_text())["rules"]}
LIN = {"customer_id": "K-500", "customer_name": "Lin Okafor", "customer_tier": "standard",
       "identified_by": "chat"}
VERIFIED = {**LIN, "verified": True}
CLAIMED = {**LIN, "identity_claimed": True}


ACTIONS = all_actions()


class Chat:
    """One conversation: the slots and the customer's earlier messages carry over."""

    def __init__(self, slots: dict[str, Any] | None = None) -> None:
        self.slots: dict[str, Any] = dict(slots or {})
        self.history: list[dict[str, Any]] = []
        self.actions: list[str] = []

    def say(self, text: str, intent: str, **entities: str) -> str:
        action = mode_action(route(self.slots.get("awaiting"), intent=intent, text=text)) or (
            RULES[intent])
        tracker = make_tracker(text, self.slots, intent=intent, history=self.history,
                               entities=[{"entity": k, "value": v} for k, v in entities.items()])
        dispatcher = CollectingDispatcher()
        events = asyncio.run(ACTIONS[action].run(dispatcher, tracker, {}))
        for event in events:
            if event["event"] == "slot":
                self.slots[event["name"]] = event["value"]
        self.history.append(user_event(text, intent))
        self.actions.append(action)
        return "\n".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.fixture(autouse=True)
def store(loaded_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    # The test CRM's dates are fixed (November 2026): a ten-year window keeps order 6003
    # (delivered 2026-11-14) inside it and 6004 (2016) outside, whatever day this runs.
    monkeypatch.setenv("HELPDESK_RETURN_WINDOW_DAYS", "3650")
    return loaded_sqlite_url


def status(order_id: str) -> str:
    return lookups.order_for_customer("K-500", order_id).status


# --- cancel ----------------------------------------------------------------------------------
def test_cancel_is_read_back_then_made_and_told_the_same_way_later() -> None:
    chat = Chat(VERIFIED)
    assert chat.say("please cancel order 6001", "cancel_order", order_number="6001") == (
        "Cancel order 6001, 1x backpack, $89.00?")
    assert chat.slots["awaiting"] == "change_confirm" and status("6001") == "placed"
    done = chat.say("yes", "affirm")
    assert chat.actions[-1] == "action_change_step"
    assert done == "Done: order 6001 is cancelled. No payment was taken for it."
    assert status("6001") == "cancelled" and chat.slots["awaiting"] is None
    [entry] = list_entries()
    assert (entry.action, entry.conversation_id, entry.username) == (
        "orders.cancel", SENDER, "customer:K-500")
    later = chat.say("what's the status of 6001", "check_order_status", order_number="6001")
    assert "Status: cancelled" in later
    again = chat.say("cancel order 6001", "cancel_order", order_number="6001")
    assert again == "Order 6001 is already cancelled, so there's nothing to change."


def test_no_at_the_confirmation_changes_nothing() -> None:
    chat = Chat(VERIFIED)
    chat.say("cancel order 6002", "cancel_order", order_number="6002")
    assert chat.say("no, keep it", "deny") == (
        "Okay, I haven't changed anything. Order 6002 stays as it is.")
    assert status("6002") == "paid" and list_entries() == []


def test_a_yes_that_says_something_is_wrong_changes_nothing() -> None:
    chat = Chat(VERIFIED)
    chat.say("cancel order 6002", "cancel_order", order_number="6002")
    assert chat.say("Yes, not right.", "affirm") == (
        "Okay, I haven't changed anything. Order 6002 stays as it is.")
    assert status("6002") == "paid" and list_entries() == []


def test_a_paid_order_is_refunded() -> None:
    chat = Chat(VERIFIED)
    chat.say("cancel 6002", "cancel_order", order_number="6002")
    assert "refund of $54.00 goes back to your original payment method" in chat.say(
        "yes please", "affirm")


def test_a_shipped_order_is_not_cancelled_and_a_return_is_explained() -> None:
    answer = Chat(VERIFIED).say("cancel order 6005", "cancel_order", order_number="6005")
    assert "already shipped, so it can't be cancelled" in answer
    assert "return order 6005" in answer and status("6005") == "shipped"


def test_a_delivered_order_offers_a_return_instead() -> None:
    chat = Chat(VERIFIED)
    offer = chat.say("cancel order 6003", "cancel_order", order_number="6003")
    assert "already been delivered" in offer and "start a return instead?" in offer
    assert chat.say("yes", "affirm") == order_service_reason_question()
    assert status("6003") == "delivered"


def order_service_reason_question() -> str:
    return ("What's the reason for the return? For example: the wrong size, it arrived "
            "damaged, not as described, or you changed your mind.")


def test_someone_elses_order_is_not_found() -> None:
    answer = Chat(VERIFIED).say("cancel order 5003", "cancel_order", order_number="5003")
    assert answer.startswith("I couldn't find an order 5003 on your account")
    assert lookups.order_for_customer("K-100", "5003").status == "paid"


def test_a_claimed_customer_gives_the_pin_first() -> None:
    chat = Chat(CLAIMED)
    assert chat.say("cancel order 6001", "cancel_order", order_number="6001") == (
        "For your security, please type your PIN (4 to 6 digits).")
    answer = chat.say("5150", "inform")
    assert answer == "Thank you, you're verified.\nCancel order 6001, 1x backpack, $89.00?"
    chat.say("yes", "affirm")
    assert status("6001") == "cancelled"


def test_an_anonymous_customer_is_identified_and_verified_first() -> None:
    chat = Chat()
    assert "what's the phone number, email or customer ID" in chat.say(
        "I want to cancel order 6001", "cancel_order", order_number="6001")
    assert chat.say("K-500", "inform", customer_id="K-500") == (
        "Thanks.\nFor your security, please type your PIN (4 to 6 digits).")
    assert chat.say("5150", "inform").endswith("Cancel order 6001, 1x backpack, $89.00?")


def test_without_a_number_the_orders_that_can_be_cancelled_are_listed() -> None:
    chat = Chat(VERIFIED)
    listed = chat.say("cancel my order", "cancel_order")
    assert listed.startswith("Which order would you like to cancel? 1) order 6001, 1x backpack")
    assert "6002" in listed and "6006" in listed and "6005" not in listed
    assert chat.say("the second one", "inform") == "Cancel order 6002, 1x camping stove, $54.00?"


def test_cancel_it_after_a_status_answer_means_that_order() -> None:
    chat = Chat(VERIFIED)
    chat.say("where is order 6002", "check_order_status", order_number="6002")
    assert chat.say("ok so can you cancel it?", "cancel_order") == (
        "Cancel order 6002, 1x camping stove, $54.00?")


def test_a_yes_after_another_topic_changes_nothing() -> None:
    chat = Chat(VERIFIED)
    chat.say("cancel order 6001", "cancel_order", order_number="6001")
    chat.history.append(user_event("what are your opening hours", "faq"))  # answered meanwhile
    assert "lost track" in chat.say("yes", "affirm")
    assert status("6001") == "placed"


# --- return ----------------------------------------------------------------------------------
def test_a_return_asks_the_reason_and_gives_a_number() -> None:
    chat = Chat(VERIFIED)
    assert chat.say("I'd like to return order 6003", "return_order",
                    order_number="6003") == order_service_reason_question()
    confirm = chat.say("it's the wrong size", "inform")
    assert confirm == ("Start a return of order 6003, 1x sleeping bag, $129.00, because: it's "
                       "the wrong size?")
    done = chat.say("yes", "affirm")
    assert "The return number is RMA-6003" in done and "refund $129.00 to your original" in done
    assert order_service.order_return("6003").reason == "it's the wrong size"
    later = chat.say("status of order 6003", "check_order_status", order_number="6003")
    assert "A return is open for it: return number RMA-6003" in later
    again = chat.say("return order 6003", "return_order", order_number="6003")
    assert "A return is already open for order 6003" in again


def test_a_return_outside_the_window_offers_a_person() -> None:
    chat = Chat(VERIFIED)
    answer = chat.say("return order 6004", "return_order", order_number="6004")
    assert "6004 was delivered on Friday, January 8, 2016" in answer
    assert "return window ended" in answer and "connect you with a person?" in answer
    assert chat.slots["awaiting"] == "human_offer"
    assert chat.slots["handoff_reason"] == "return_outside_window"
    assert order_service.order_return("6004") is None


def test_an_order_not_delivered_yet_cannot_be_returned() -> None:
    answer = Chat(VERIFIED).say("return order 6005", "return_order", order_number="6005")
    assert answer.startswith("Order 6005 hasn't been delivered yet")


# --- address ---------------------------------------------------------------------------------
def test_a_new_address_is_read_back_and_kept_in_the_history() -> None:
    chat = Chat(VERIFIED)
    assert chat.say("change the delivery address of order 6002", "change_address",
                    order_number="6002").startswith("What's the new delivery address?")
    assert chat.say("somewhere nice", "inform").startswith(
        "That doesn't look like a full address.")
    confirm = chat.say("12 Main Street, Springfield, IL 62704", "inform")
    assert confirm == ("Change the delivery address of order 6002 to: 12 Main Street, "
                       "Springfield, IL 62704? Please check it carefully.")
    assert chat.say("yes", "affirm") == (
        "Done: order 6002 will be delivered to 12 Main Street, Springfield, IL 62704.")
    assert order_service.delivery_address("6002") == "12 Main Street, Springfield, IL 62704"


def test_two_bad_addresses_drop_the_change() -> None:
    chat = Chat(VERIFIED)
    chat.say("change the address of order 6001", "change_address", order_number="6001")
    chat.say("dunno", "inform")
    assert chat.say("the blue house", "inform").startswith("Sorry, I still couldn't use that")
    assert chat.slots["awaiting"] is None and order_service.delivery_address("6001") is None


def test_a_packed_order_keeps_its_address() -> None:
    answer = Chat(VERIFIED).say("change the address of order 6006", "change_address",
                                order_number="6006")
    assert "already packed, so its delivery address can't be changed" in answer


# --- contact details -------------------------------------------------------------------------
def test_a_new_email_in_the_request_is_read_back_then_changed() -> None:
    chat = Chat(VERIFIED)
    assert chat.say("please change my email to lin.new@mail.example", "update_contact",
                    email="lin.new@mail.example") == (
        "Change the email address on your account to lin.new@mail.example?")
    assert chat.say("yes", "affirm") == "Done: your email address is now lin.new@mail.example."
    [change] = order_service.changes_for_customer("K-500")
    assert (change.old_value, change.new_value) == ("lin@okafor.example", "lin.new@mail.example")


def test_a_phone_number_is_asked_for_and_validated() -> None:
    chat = Chat(VERIFIED)
    assert chat.say("update my phone number", "update_contact") == (
        "What's the new phone number? Please include the area code.")
    assert chat.say("call me maybe", "inform").startswith("That doesn't look like a phone number")
    assert chat.say("555 987 0555", "inform") == (
        "Change the phone number on your account to +15559870555?")
    chat.say("yes", "affirm")
    assert lookups.customer_contact("K-500") == ("+15559870555", "lin@okafor.example")


def test_an_invalid_email_twice_changes_nothing() -> None:
    chat = Chat(VERIFIED)
    chat.say("change my email", "update_contact")
    chat.say("lin at", "inform")
    assert chat.say("no idea", "inform").startswith("Okay, I haven't changed anything")
    assert lookups.customer_contact("K-500") == ("+15559870500", "lin@okafor.example")


def test_another_customers_email_is_refused_without_saying_whose() -> None:
    chat = Chat(VERIFIED)
    chat.say("change my email to grace@navy.example", "update_contact", email="grace@navy.example")
    answer = chat.say("yes", "affirm")
    assert answer.startswith("Sorry, I can't use that email address for your account.")
    assert "Grace" not in answer
    assert lookups.customer_contact("K-500") == ("+15559870500", "lin@okafor.example")


def test_what_to_change_is_asked_when_not_said() -> None:
    chat = Chat(VERIFIED)
    assert chat.say("update my contact details", "update_contact") == (
        "Would you like to change your email address or your phone number?")
    assert chat.say("the email", "inform") == "What's the new email address?"
    assert chat.say("lin2@mail.example", "inform", email="lin2@mail.example") == (
        "Change the email address on your account to lin2@mail.example?")
    assert order_service.changes_for_customer("K-500") == []


def test_a_new_email_is_never_taken_for_who_they_are() -> None:
    chat = Chat()
    assert chat.say("please change my email to lin.new@mail.example", "update_contact",
                    email="lin.new@mail.example") == (
        "I can help with that. First, what's the phone number, email or customer ID on your "
        "account now?")
    assert chat.slots.get("customer_id") is None and not chat.slots.get("identity_claimed")
    assert chat.say("lin@okafor.example", "inform", email="lin@okafor.example") == (
        "Thanks.\nFor your security, please type your PIN (4 to 6 digits).")
    assert chat.say("5150", "inform") == ("Thank you, you're verified.\nChange the email "
                                          "address on your account to lin.new@mail.example?")


def test_damage_as_the_return_reason_starts_the_return() -> None:
    chat = Chat(VERIFIED)
    chat.say("return order 6003", "return_order", order_number="6003")
    assert chat.say("It arrived damaged.", "complain") == (
        "Start a return of order 6003, 1x sleeping bag, $129.00, because: It arrived damaged?")
    assert chat.actions[-1] == "action_change_step"


@pytest.mark.parametrize(("awaiting", "intent", "text", "handler"), [
    (Awaiting.CHANGE_CONFIRM, "affirm", "yes", Handler.CHANGE_ANSWER),
    (Awaiting.CHANGE_CONFIRM, "deny", "no", Handler.CHANGE_ANSWER),
    (Awaiting.CHANGE_CONFIRM, "nlu_fallback", "yep go ahead", Handler.CHANGE_ANSWER),
    (Awaiting.CHANGE_CONFIRM, "faq", "what are your opening hours", Handler.REQUEST),
    (Awaiting.NEW_ADDRESS, "nlu_fallback", "12 Main Street, Springfield", Handler.CHANGE_ANSWER),
    (Awaiting.RETURN_REASON, "complain", "it arrived damaged", Handler.CHANGE_ANSWER),
    (Awaiting.NEW_CONTACT, "inform", "lin@mail.example", Handler.CHANGE_ANSWER),
    (Awaiting.NEW_ADDRESS, "request_human", "let me talk to a person", Handler.REQUEST),
    (Awaiting.CHANGE_ORDER, "goodbye", "bye", Handler.REQUEST),
])
def test_route_sends_the_answers_of_a_change_to_its_step(awaiting: Awaiting, intent: str,
                                                         text: str, handler: Handler) -> None:
    assert route(awaiting, intent=intent, text=text) is handler
    assert (mode_action(handler) == "action_change_step") is (handler is Handler.CHANGE_ANSWER)


def test_a_bare_email_filed_as_a_contact_change_identifies_the_customer() -> None:
    order_service.update_contact("K-500", "email", "lin.new@mail.example",
                                 order_service.ChangeContext("earlier", "rest"))
    chat = Chat()
    chat.say("what's the status of order 6005", "check_order_status", order_number="6005")
    answer = chat.say("lin.new@mail.example", "update_contact", email="lin.new@mail.example")
    assert answer.startswith("Thanks.\nOrder 6005") and chat.slots["customer_id"] == "K-500"


@pytest.mark.parametrize(("text", "policy"), [
    ("can i return shoes", True), ("how do i cancel an order", True),
    ("what is your return policy", True), ("how long do i have to return something", True),
    ("can you cancel it", False), ("I want to cancel my order 1042", False),
    ("cancelling order 4587", False), ("can i cancel order 6001", False),
    ("how do i return my order", False), ("return my backpack please", False),
])
def test_a_question_about_the_rules_is_not_a_request(text: str, policy: bool) -> None:
    assert self_service.is_policy_question(text) is policy


def test_a_general_return_question_gets_the_knowledge_base_not_a_return() -> None:
    """"can i return shoes" filed as return_order: the FAQ's answers, no identification."""
    create_entry(FaqDraft("Can I return shoes?",
                          "Unworn shoes can be returned within 30 days in their box."),
                 who="test")
    chat = Chat()
    answer = chat.say("can i return shoes", "return_order")
    assert answer == "Unworn shoes can be returned within 30 days in their box."
    assert chat.slots.get("pending_request") is None
    # About shoes of their own, it is a request: who they are comes first.
    assert "phone number, email or customer ID" in Chat().say("can i return my shoes",
                                                               "return_order")


# --- a damaged delivery to return ------------------------------------------------------------
def test_a_damaged_delivery_to_return_starts_the_return_with_that_reason() -> None:
    """The damage is the reason: no reason asked, no person, but still a yes first."""
    chat = Chat(VERIFIED)
    confirm = chat.say("my order 6003 arrived damaged, I want to return it", "complain")
    assert confirm == ("Start a return of order 6003, 1x sleeping bag, $129.00, because: it "
                       "arrived damaged?")
    assert chat.slots["awaiting"] == "change_confirm" and not chat.slots.get("handoff_reason")
    assert order_service.order_return("6003") is None
    assert "The return number is RMA-6003" in chat.say("yes", "affirm")
    assert order_service.order_return("6003").reason == "it arrived damaged"


def test_a_damaged_delivery_without_a_number_finds_the_order_that_can_go_back() -> None:
    chat = Chat(VERIFIED)
    assert chat.say("the sleeping bag arrived broken, can I return it", "return_order") == (
        "Start a return of order 6003, 1x sleeping bag, $129.00, because: it arrived broken?")
    assert chat.say("no", "deny").startswith("Okay, I haven't changed anything.")
    assert order_service.order_return("6003") is None


def test_a_damaged_delivery_to_return_is_identified_and_verified_first() -> None:
    chat = Chat()
    assert "phone number, email or customer ID" in chat.say(
        "my order 6003 arrived damaged, I want to return it", "return_order")
    chat.say("K-500", "inform", customer_id="K-500")
    assert chat.say("5150", "inform") == (
        "Thank you, you're verified.\nStart a return of order 6003, 1x sleeping bag, $129.00, "
        "because: it arrived damaged?")


@pytest.mark.parametrize("text", [
    "my order 6003 arrived damaged and I'm absolutely furious, I want to return it",
    "third time I'm writing: order 6003 arrived damaged, I want to return it",
    "order 6003 arrived damaged, I want a replacement",
    "order 6005 arrived damaged, I want to return it",  # not delivered by the records
])
def test_an_angry_or_unreturnable_damage_complaint_still_goes_to_a_person(text: str) -> None:
    chat = Chat(VERIFIED)
    answer = chat.say(text, "complain")
    assert answer.startswith("I'm so sorry your order arrived damaged. I'll get a person")
    assert chat.slots["handoff_reason"] == "damaged_order"
    assert chat.slots.get("change_draft") is None
    assert order_service.order_return("6003") is None and order_service.order_return(
        "6005") is None


def test_anger_in_the_reason_of_a_return_still_goes_to_a_person() -> None:
    chat = Chat(VERIFIED)
    chat.say("return order 6003", "return_order", order_number="6003")
    answer = chat.say("it arrived damaged and I'm absolutely furious", "complain")
    assert "I'll get a person" in answer and chat.slots["handoff_reason"] == "damaged_order"
    assert order_service.order_return("6003") is None


# --- a correction asks the same question again ----------------------------------------------
GRACE_VERIFIED = {"customer_id": "K-100", "customer_name": "Grace Hopper",
                  "customer_tier": "standard", "identified_by": "chat", "verified": True}


def test_a_correction_after_a_delivery_list_answers_the_delivery_again(store: str) -> None:
    """"When will my order arrive" filed as an order status is still a delivery question;
    the pick and each correction get the delivery answer for their order, not its status."""
    with session_scope(store) as session:  # a second parcel on its way: a list, no default
        session.add(Shipment(tracking_number="1Z600AA10000000002", order_id="6002",
                             carrier="UPS", status="label_created", last_location="Portland OR",
                             eta=dt.date(2026, 11, 28),
                             updated_at=dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)))
    chat = Chat(VERIFIED)
    listed = chat.say("when will my order arrive", "check_order_status")
    assert listed.startswith("You have several recent orders") and "6005" in listed
    assert chat.say("the backpack", "inform").startswith("Order 6001 hasn't shipped yet")
    poles = chat.say("sorry, I meant the trekking poles", "inform")
    assert "parcel for order 6005" in poles and "Expected delivery: Thursday, November 26" in poles
    assert "Status:" not in poles
    assert chat.say("no, the other one", "deny").startswith("Which of the others do you mean?")
    stove = chat.say("the stove", "inform")
    assert "parcel for order 6002" in stove and "Expected delivery: Saturday, November 28" in stove


def test_a_correction_after_the_only_parcel_on_its_way_names_another_order() -> None:
    chat = Chat(GRACE_VERIFIED)
    first = chat.say("when will my order arrive", "check_shipment")
    assert "The parcel on its way is for order 5001" in first
    boots = chat.say("sorry, I meant the boots", "inform")
    assert boots.startswith("Your FedEx parcel for order 5002") and "Delivery date" in boots
    assert chat.say("no, the water bottle", "deny").startswith("Order 5003 hasn't shipped yet")


def test_a_corrected_number_after_a_named_order_gets_the_same_question() -> None:
    chat = Chat(GRACE_VERIFIED)
    assert "Expected delivery" in chat.say("when will order 5001 arrive", "check_order_status",
                                           order_number="5001")
    assert chat.say("sorry, I meant 5003", "inform", order_number="5003").startswith(
        "Order 5003 hasn't shipped yet")
    assert chat.say("no, I meant order 5002", "deny", order_number="5002").startswith(
        "Your FedEx parcel for order 5002")
    status = Chat(GRACE_VERIFIED)
    status.say("what's the status of order 5001", "check_order_status", order_number="5001")
    assert "Status: paid" in status.say("sorry, I meant 5003", "inform", order_number="5003")


@pytest.mark.parametrize("text", ["no, my customer id is K-500", "sorry, my pin is 2468",
                                  "no, the tracking number is 1Z111AA10000000001"])
def test_a_number_of_something_else_is_no_corrected_order(text: str) -> None:
    slots = {**GRACE_VERIFIED, "last_order_number": "5001", "last_request": "shipment"}
    assert dialogue.correct_named_order(make_turn(text, slots)) is False
    assert dialogue.correct_named_order(make_turn("sorry, I meant 5003", slots)) is True


def test_a_change_named_after_an_answer_is_that_change_not_a_correction() -> None:
    chat = Chat(VERIFIED)
    chat.say("where is order 6005", "check_order_status", order_number="6005")
    assert chat.say("no, cancel order 6002 please", "cancel_order", order_number="6002") == (
        "Cancel order 6002, 1x camping stove, $54.00?")
    listed = Chat(VERIFIED)
    listed.say("where is my order", "check_order_status")
    assert listed.say("sorry, cancel the backpack", "cancel_order") == (
        "Cancel order 6001, 1x backpack, $89.00?")
    assert listed.say("no", "deny").startswith("Okay, I haven't changed anything.")
    assert listed.say("and return the sleeping bag", "return_order") == (
        order_service_reason_question())  # not listed: the one order that can go back


def test_an_order_change_only_a_person_can_make_filed_as_a_cancellation_goes_to_a_person(
        ) -> None:
    chat = Chat(CLAIMED)
    reply = chat.say("can you merge order 6001 and 6002 into one shipment", "cancel_order",
                     order_number="6001")
    assert reply.startswith("I can't do that myself here"), reply
    assert "PIN" not in reply and status("6001") == "placed"


def test_call_me_maybe_answering_the_phone_question_is_a_wrong_number_not_a_person() -> None:
    chat = Chat(VERIFIED)
    assert chat.say("I got a new phone number, can you update it", "update_contact") == (
        "What's the new phone number? Please include the area code.")
    assert chat.say("call me maybe", "request_human").startswith(
        "That doesn't look like a phone number")
    assert chat.slots["awaiting"] is not None
    assert "What's the new phone number?" not in chat.say("can I talk to someone instead",
                                                         "request_human")


def test_a_question_with_an_address_in_it_is_off_topic_not_an_identity() -> None:
    chat = Chat()
    reply = chat.say("do you sell unicorn saddles in silver? ask lin@okafor.example",
                     "out_of_scope")
    assert "can't help with that" in reply and not chat.slots.get("customer_id"), reply
    assert "Thanks" in Chat().say("lin@okafor.example", "out_of_scope")


def test_an_identity_with_a_question_the_nlu_could_not_place_is_taken_and_answered() -> None:
    chat = Chat()
    reply = chat.say("my number is +15559870500, has order 6005 shipped", "nlu_fallback",
                     order_number="6005")
    assert reply.startswith("Thanks.") and "6005" in reply, reply
    assert chat.slots["customer_id"] == "K-500"
