"""The journeys (identify, verify, answer, lead, CSAT, handoff) as a table: (slots, message)
-> (the action that answers, its SlotSet events, what it says). No trained model, no server.

Each row is one customer message. The action is picked as Rasa would: the dialogue policy's
modes through `route` (helpdesk/conversation/state.py), else the intent's rule in
bot/rules.yml, with "a person owns the conversation" read from the store. It then runs
through rasa-sdk's `Action.run` on a hand-built Tracker and CollectingDispatcher (the `Turn`
seam of actions/turn.py), over a private copy of a SQLite store loaded once with the test CRM (the
`loaded_sqlite_url` fixture of tests/conftest.py). A row checks the exact list of slot events,
the number of bot messages and a fragment of each, and the call-control messages.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from helpdesk.accounts.users import create_user
from helpdesk.config import PROJECT_ROOT
from helpdesk.conversation.state import Slot, mode_action, route
from helpdesk.crm import pin_lockout
from helpdesk.faq.entries import FaqDraft, create_entry
from helpdesk.handoffs.presence import set_presence
from helpdesk.handoffs.records import HandoffDraft, create_handoff, open_handoff_status
from tests.support.turns import SENDER, all_actions, make_tracker, user_event

RULES = {rule["steps"][0]["intent"]: rule["steps"][1]["action"] for rule in yaml.safe_load(
    (PROJECT_ROOT / "bot" / "rules.yml").read_text())["rules"]}

GRACE = {"customer_id": "K-100", "customer_name": "Grace Hopper", "customer_tier": "vip"}
CLAIMED = {**GRACE, "identified_by": "chat", "identity_claimed": True}
VERIFIED = {**GRACE, "identified_by": "chat", "verified": True}
CALL = {"channel": "voice", "transport": "twilio", "call_id": "CA0001"}
CALLER = {**CALL, "caller_number": "+15559870100"}
LEAD_SO_FAR = {"reason": "sales", "tries": 0, "interest": "20 jackets"}
FULL_LEAD = {**LEAD_SO_FAR, "name": "Ada Lovelace", "phone": "+15552220199",
             "email": "ada@example.com", "best_time": "weekdays after 5pm"}
CONNECTING = "Okay, I'm connecting you with a member of our team."
NOBODY_FREE = ("No one from our team is free right now, but I can have someone call you back. "
               "What's your name?")
OFFER = "A member of our team can help you. Would you like me to connect you with a person?"
ASK_PIN = "For your security, please type your PIN (4 to 6 digits)."
GRACE_LIST = ["5001", "5002", "5003"]
LISTED = {**VERIFIED, "listed_orders": GRACE_LIST, "last_request": "order_status"}
GRACE_BALANCES = ("You have 3,400 points (loyalty points, as of November 20). Your store "
                  "credit is $72.25 (as of November 20).")


class Claimed:
    """An expected `claim_subject` value: the keyed hash of the stated identifier."""

    def __init__(self, kind: str, value: str) -> None:
        self.kind, self.value = kind, value

    def __eq__(self, other: object) -> bool:
        return other == pin_lockout.claim_subject(self.kind, self.value)

    def __repr__(self) -> str:
        return f"claim_subject({self.kind!r}, {self.value!r})"


@dataclass(frozen=True)
class Row:
    slots: dict[str, Any]
    text: str
    intent: str
    action: str  # the action that answers
    sets: list[tuple[str, Any]]  # the SlotSet events, in order
    says: list[str]  # one fragment per bot message, in order
    entities: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    channel: str = "rest"
    history: list[tuple[str, str]] = field(default_factory=list)  # earlier (text, intent)
    given: tuple[str, ...] = ()  # store set-ups: see GIVEN
    control: list[dict[str, Any]] = field(default_factory=list)  # call-control messages
    buttons: list[str] | None = None  # the payloads offered, when checked


ROWS: dict[str, Row] = {
    # --- identify -------------------------------------------------------------------------
    "identify: an anonymous order question asks who they are": Row(
        {}, "where is my order 5001", "check_order_status", "action_order_status",
        [("pending_request", "order_status"), ("pending_order_number", "5001"),
         ("awaiting", "identity")],
        ["I can help with that. First, what's the phone number, email or customer ID on your "
         "account?"], entities={"order_number": "5001"}),
    "identify on a call: the phone number or email": Row(
        {}, "where is my order 5001", "check_order_status", "action_order_status",
        [("pending_request", "order_status"), ("pending_order_number", "5001"),
         ("awaiting", "identity")],
        ["First, what's the phone number or email on your account?"],
        entities={"order_number": "5001"}, channel="voice", metadata=CALL,
        control=[{"expect": {"words": [], "digits": True, "email": True,
                           "min_digits": 10}}]),
    "identify: a known email resumes the pending order question": Row(
        {"awaiting": "identity", "pending_request": "order_status",
         "pending_order_number": "5001"},
        "grace@navy.example", "inform", "action_handle_inform",
        [("customer_id", "K-100"), ("customer_name", "Grace Hopper"), ("customer_tier", "vip"),
         ("identified_by", "chat"), ("identify_failures", 0.0), ("identity_claimed", True),
         ("awaiting", None), ("pending_request", None), ("pending_order_number", None),
         ("last_order_number", "5001")],
        ["Thanks.", "Order 5001, placed on Tuesday, November 10, 2026: 1x rain jacket"],
        entities={"email": "grace@navy.example"}),
    "identify: an unknown email hears the same, and its order is nobody's": Row(
        {"awaiting": "identity", "pending_request": "order_status",
         "pending_order_number": "5001"},
        "nobody@nowhere.example", "inform", "action_handle_inform",
        [("identify_failures", 0.0),
         ("claim_subject", Claimed("email", "nobody@nowhere.example")),
         ("identity_claimed", True), ("awaiting", None), ("pending_request", None),
         ("pending_order_number", None)],
        ["Thanks.", "I couldn't find an order 5001 on your account."],
        entities={"email": "nobody@nowhere.example"}),
    "identify: no identifier counts a failure and asks again": Row(
        {"awaiting": "identity", "pending_request": "balance"}, "I don't remember", "inform",
        "action_handle_inform", [("identify_failures", 1.0), ("awaiting", "identity")],
        ["To look that up I need the phone number, email or customer ID on your account."]),
    "identify: the third failure offers a person": Row(
        {"awaiting": "identity", "pending_request": "balance", "identify_failures": 2.0},
        "no idea", "inform", "action_handle_inform",
        [("identify_failures", 3.0), ("awaiting", "human_offer"),
         ("handoff_reason", "identification_failed")],
        [f"I still don't have a phone number, email or customer ID to look up. {OFFER}"],
        buttons=["/affirm", "/deny"]),
    "identify: a trusted caller ID on a call, greeted by name": Row(
        {}, "hello", "greet", "action_greet",
        [("customer_id", "K-100"), ("customer_name", "Grace Hopper"), ("customer_tier", "vip"),
         ("identified_by", "caller_id"), ("identify_failures", 0.0)],
        ["Hi Grace, welcome back! I'm the virtual assistant."], channel="voice",
        metadata=CALLER,  # the next utterance listens for her order numbers
        control=[{"expect": {"words": ["5004", "5003", "5002", "5001"], "digits": True,
                           "min_digits": 4}}]),
    "identify: a chat client cannot claim a caller number": Row(
        {}, "hello", "greet", "action_greet", [], ["Hi, welcome! I'm the virtual assistant."],
        metadata=CALLER),
    # --- verify ---------------------------------------------------------------------------
    "verify: a claimed customer's balance question asks for the PIN": Row(
        CLAIMED, "what's my balance", "check_balance", "action_balance",
        [("pending_request", "balance"), ("pending_account_kind", None), ("awaiting", "pin")],
        [ASK_PIN]),
    "verify: the right PIN verifies and answers the pending balance": Row(
        {**CLAIMED, "awaiting": "pin", "pending_request": "balance"}, "2468", "inform",
        "action_handle_inform",
        [("verified", True), ("verified_until", None), ("awaiting", None),
         ("pending_request", None)],
        ["Thank you, you're verified.", GRACE_BALANCES]),
    "verify: a PIN said while misunderstood still answers the PIN question": Row(
        {**CLAIMED, "awaiting": "pin", "pending_request": "balance"},
        "uh it's two four six eight", "nlu_fallback", "action_handle_fallback",
        [("verified", True), ("verified_until", None), ("awaiting", None),
         ("pending_request", None)],
        ["Thank you, you're verified.", GRACE_BALANCES]),
    "verify: a wrong PIN says how many attempts are left": Row(
        {**CLAIMED, "awaiting": "pin", "pending_request": "balance"}, "1111", "inform",
        "action_handle_inform", [("awaiting", "pin")],
        ["That PIN doesn't match our records. You have 2 attempts left."]),
    "verify: the last wrong PIN locks and hands over (nobody free: a callback)": Row(
        {**CLAIMED, "awaiting": "pin", "pending_request": "balance"}, "3333", "inform",
        "action_handle_inform",
        [("verification_locked", True), ("pending_request", None), ("awaiting", None),
         ("handoff_requested", True), ("handoff_reason", "verification_locked"),
         ("awaiting", "lead_name"), ("lead_draft", {"reason": "no_agent", "tries": 0})],
        ["That PIN doesn't match either, so for your security I can't verify you by PIN",
         NOBODY_FREE], given=("two_wrong_pins",)),
    "verify: while locked, no PIN is asked and a person is offered": Row(
        CLAIMED, "what's my balance", "check_balance", "action_balance",
        [("awaiting", "human_offer"), ("handoff_reason", "verification_locked")],
        [f"For your security, I can't verify you by PIN right now. {OFFER}"],
        given=("locked",)),
    # --- answer ---------------------------------------------------------------------------
    "answer: a verified customer picks from the latest orders": Row(
        VERIFIED, "where is my order", "check_order_status", "action_order_status",
        [("pending_request", "order_status"), ("order_choices", ["5001", "5002", "5003"]),
         ("listed_orders", ["5001", "5002", "5003"]), ("last_request", "order_status"),
         ("awaiting", "order_choice")],
        ["You have several recent orders. Which one do you mean? 1) order 5001 from "
         "November 10 (1x rain jacket, shipped)."],
        buttons=['/inform{"order_number":"5001"}', '/inform{"order_number":"5002"}',
                 '/inform{"order_number":"5003"}']),
    "answer: the second listed order": Row(
        {**VERIFIED, "awaiting": "order_choice", "order_choices": ["5001", "5002", "5003"],
         "pending_request": "order_status"},
        "the second one", "inform", "action_handle_inform",
        [("pending_request", None), ("order_choices", None), ("awaiting", None),
         ("last_order_number", "5002")],
        ["Order 5002, placed on Thursday, November 5, 2026: 2x hiking boots; 1x wool socks"]),
    "answer: a claimed customer's parcel by tracking number": Row(
        CLAIMED, "track 1Z111AA10000000001", "check_shipment", "action_shipment_status",
        [("last_order_number", "5001"), ("last_request", "shipment")],
        ["Your UPS parcel for order 5001 (tracking 1Z111AA10000000001) is out for delivery "
         "today, last seen in Austin TX."],
        entities={"tracking_number": "1Z111AA10000000001"}),
    "answer: 'has it been delivered' is about the last order": Row(
        {**CLAIMED, "last_order_number": "5002"}, "has it been delivered?", "check_shipment",
        "action_shipment_status", [("last_order_number", "5002"), ("last_request", "shipment")],
        ["Your FedEx parcel for order 5002 (tracking 123456789012) has been delivered"]),
    "answer: someone else's order is not found": Row(
        CLAIMED, "where is order 8001", "check_order_status", "action_order_status", [],
        ["I couldn't find an order 8001 on your account."], entities={"order_number": "8001"}),
    "answer: a claimed customer without a number: which order, or the PIN": Row(
        CLAIMED, "where is my order", "check_order_status", "action_order_status",
        [("pending_request", "order_status"), ("awaiting", "order_number")],
        ["Which order is it? Please tell me the order number"], buttons=["/affirm"]),
    "answer: 'yes' to that asks for the PIN": Row(
        {**CLAIMED, "awaiting": "order_number", "pending_request": "order_status"}, "yes",
        "affirm", "action_handle_affirm", [("pending_request", "order_status"),
                                           ("awaiting", "pin")], [ASK_PIN]),
    "answer: the order number asked for": Row(
        {**CLAIMED, "awaiting": "order_number", "pending_request": "order_status"},
        "it's 5003", "inform", "action_handle_inform",
        [("pending_request", None), ("awaiting", None), ("last_order_number", "5003")],
        ["Order 5003, placed on Wednesday, October 28, 2026: 1x water bottle"],
        entities={"order_number": "5003"}),
    "answer: a verified balance of one kind": Row(
        VERIFIED, "how much store credit do I have", "check_balance", "action_balance", [],
        ["Your store credit is $72.25 (as of November 20)."],
        entities={"account_kind": "store_credit"}),
    "answer: an FAQ entry picked by its button": Row(
        {}, '/faq{"faq_id":"1"}', "faq", "action_answer_faq", [("last_faq_id", "1")],
        ["Most orders arrive in 3 to 5 working days."], entities={"faq_id": "1"},
        given=("faq_entry",)),
    "answer: an FAQ entry on a call, in its spoken form": Row(
        {}, "one", "faq", "action_answer_faq", [("last_faq_id", "1")],
        ["Three to five working days."], entities={"faq_id": "1"}, channel="voice",
        metadata=CALL, given=("faq_entry",)),
    "answer: no answer offers a person": Row(
        {}, "zxqv wibble flarn", "faq", "action_answer_faq",
        [("awaiting", "human_offer"), ("handoff_reason", "unanswered_question")],
        [f"I'm sorry, I don't have an answer to that. {OFFER}"]),
    # --- lead capture -----------------------------------------------------------------------
    "lead: buying interest starts the form": Row(
        {}, "I want to buy 20 jackets for my team", "sales_interest", "action_sales_interest",
        [("awaiting", "lead_name"),
         ("lead_draft", {"reason": "sales", "tries": 0,
                         "interest": "I want to buy 20 jackets for my team"})],
        ["Great, our sales team will be glad to help and can call you back. What's your "
         "name?"]),
    "lead: the answer is the name, whatever the NLU made of it": Row(
        {"awaiting": "lead_name", "lead_draft": LEAD_SO_FAR}, "Ada Lovelace", "greet",
        "action_capture_lead",
        [("awaiting", "lead_phone"), ("lead_draft", {**LEAD_SO_FAR, "name": "Ada Lovelace"})],
        ["Thanks. What phone number can we call you on?"]),
    "lead: a bad phone number is asked again": Row(
        {"awaiting": "lead_phone", "lead_draft": {**LEAD_SO_FAR, "name": "Ada Lovelace"}},
        "call me maybe", "inform", "action_capture_lead",
        [("awaiting", "lead_phone"),
         ("lead_draft", {**LEAD_SO_FAR, "name": "Ada Lovelace", "tries": 1})],
        ["phone number"]),
    "lead: 'yes' to the read-back saves it": Row(
        {"awaiting": "lead_confirm", "lead_draft": FULL_LEAD}, "yes", "affirm",
        "action_capture_lead",
        [("awaiting", None), ("lead_draft", None), ("lead_id", "1")],
        ["Thanks, Ada! I've passed this on: someone from our team will call you on "
         "+15552220199 (weekdays after 5pm)."]),
    "lead: 'stop' saves nothing": Row(
        {"awaiting": "lead_phone", "lead_draft": LEAD_SO_FAR}, "stop", "deny",
        "action_capture_lead", [("awaiting", None), ("lead_draft", None)],
        ["Okay, I've stopped and saved nothing."]),
    # --- CSAT -----------------------------------------------------------------------------
    "csat: thanks after a request the bot resolved asks for a rating": Row(
        {}, "thanks", "thank", "action_thank",
        [("csat_asked", True), ("csat_context", "thanks"), ("awaiting", "csat_rating")],
        ["You're welcome! How would you rate this conversation, from 1 (poor) to 5 "
         "(excellent)?"],
        history=[("where is order 5001", "check_order_status")],
        buttons=["1", "2", "3", "4", "5", "no thanks"]),
    "csat: no rating is asked after a handoff-free chat without answers": Row(
        {}, "thanks", "thank", "action_thank", [],
        ["You're welcome! Is there anything else I can help you with?"],
        history=[("hello", "greet")]),
    "csat: a rating asks for a comment": Row(
        {"awaiting": "csat_rating", "csat_asked": True, "csat_context": "thanks"}, "5",
        "inform", "action_capture_csat", [("csat_rating", 5.0), ("awaiting", "csat_comment")],
        ["Thank you! Is there anything you'd like to add? Type a comment, or skip."]),
    "csat: a low rating asks what went wrong": Row(
        {"awaiting": "csat_rating", "csat_asked": True, "csat_context": "thanks"},
        "two", "inform", "action_capture_csat",
        [("csat_rating", 2.0), ("awaiting", "csat_comment")],
        ["Sorry it wasn't better: what could we have done better?"]),
    "csat: the comment is kept": Row(
        {"awaiting": "csat_comment", "csat_rating": 5.0, "csat_context": "thanks"},
        "quick and friendly", "inform", "action_capture_csat",
        [("awaiting", None), ("csat_comment", "quick and friendly")],
        ["Thank you for your feedback, it helps us improve. Is there anything else"]),
    "csat: on a call after goodbye, the rating ends the call": Row(
        {"awaiting": "csat_rating", "csat_asked": True, "csat_context": "goodbye"}, "four",
        "inform", "action_capture_csat", [("csat_rating", 4.0), ("awaiting", None)],
        ["Thank you for your rating. Goodbye, and have a great day!"], channel="voice",
        metadata=CALL, control=[{"hangup": True}]),
    "csat: a new request instead of a rating is answered, the question dropped": Row(
        {**CLAIMED, "awaiting": "csat_rating", "csat_asked": True}, "where is order 5001",
        "check_order_status", "action_order_status",
        [("awaiting", None), ("last_order_number", "5001")], ["Order 5001, placed on"],
        entities={"order_number": "5001"}),
    # --- handoff --------------------------------------------------------------------------
    "handoff: a person, with an agent online": Row(
        {}, "let me talk to a person", "request_human", "action_request_human",
        [("handoff_requested", True), ("handoff_reason", "customer_request")],
        [f"{CONNECTING} They'll see our conversation so far"], given=("agent_online",)),
    "handoff on a call: the gateway is told to transfer": Row(
        {}, "agent", "request_human", "action_request_human",
        [("handoff_requested", True), ("handoff_reason", "customer_request")],
        [f"{CONNECTING} Please hold."], channel="voice", metadata=CALL,
        given=("agent_online",),
        control=[{"handoff": {"reason": "customer_request", "handoff_id": 1}}]),
    "handoff: nobody online becomes a callback lead": Row(
        {}, "agent please", "request_human", "action_request_human",
        [("handoff_requested", True), ("handoff_reason", "customer_request"),
         ("awaiting", "lead_name"), ("lead_draft", {"reason": "no_agent", "tries": 0})],
        [NOBODY_FREE]),
    "handoff: 'yes' to the offer of a person": Row(
        {"awaiting": "human_offer", "handoff_reason": "unanswered_question"}, "yes", "affirm",
        "action_handle_affirm",
        [("handoff_requested", True), ("handoff_reason", "unanswered_question"),
         ("awaiting", None)],
        [CONNECTING], given=("agent_online",)),
    "handoff: while a person owns the conversation, the message goes to them": Row(
        {"handoff_requested": True}, "are you there?", "greet", "action_relay_to_agent", [],
        ["Thanks, I've added that for the agent. You're number 1 in the queue."],
        given=("open_handoff",)),
    "handoff: strong negative words go to a person first": Row(
        CLAIMED, "this is unacceptable, where is my order", "check_order_status",
        "action_order_status",
        [("handoff_requested", True), ("handoff_reason", "angry_customer")],
        ["I'm sorry about this. I'll get a person from our team to sort it out with you.",
         CONNECTING], given=("agent_online",)),
    "handoff: a verified VIP's buying interest goes to a person": Row(
        VERIFIED, "I'd like to buy 10 jackets for my company", "sales_interest",
        "action_sales_interest",
        [("handoff_requested", True), ("handoff_reason", "vip_intent"),
         ("awaiting", "lead_interest"),
         ("lead_draft", {"reason": "no_agent", "tries": 0, "name": "Grace Hopper",
                         "phone": "+15559870100", "email": "grace@navy.example"})],
        ["Grace, as one of our VIP customers you get a personal contact.",
         "What would you like us to call you about?"]),
    "handoff: a second misunderstanding in a row goes to a person": Row(
        {}, "blorp", "nlu_fallback", "action_handle_fallback",
        [("handoff_requested", True), ("handoff_reason", "repeated_fallback")],
        ["I'm sorry, I still didn't understand. Let me connect you with a person",
         CONNECTING], history=[("blah", "nlu_fallback")], given=("agent_online",)),
    # --- natural dialogue: references, corrections, defaults, context --------------------
    "reference: a listed order by its item": Row(
        {**LISTED, "awaiting": "order_choice", "order_choices": GRACE_LIST,
         "pending_request": "order_status"},
        "the hiking boots one", "inform", "action_handle_inform",
        [("pending_request", None), ("order_choices", None), ("awaiting", None),
         ("last_order_number", "5002")],
        ["Order 5002, placed on Thursday, November 5, 2026: 2x hiking boots"]),
    "reference: a listed order by its date, not as the 28th position": Row(
        {**LISTED, "awaiting": "order_choice", "order_choices": GRACE_LIST,
         "pending_request": "order_status"},
        "the one from October 28", "inform", "action_handle_inform",
        [("pending_request", None), ("order_choices", None), ("awaiting", None),
         ("last_order_number", "5003")],
        ["Order 5003, placed on Wednesday, October 28, 2026: 1x water bottle"]),
    "reference: an item the NLU took for an FAQ is still the pick": Row(
        {**LISTED, "awaiting": "order_choice", "order_choices": GRACE_LIST,
         "pending_request": "shipment"},
        "the rain jacket", "faq", "action_answer_faq",
        [("pending_request", None), ("order_choices", None), ("awaiting", None),
         ("last_order_number", "5001"), ("last_request", "shipment")],
        ["Your UPS parcel for order 5001 (tracking 1Z111AA10000000001) is out for delivery"]),
    "reference on a call: the item said": Row(
        {**LISTED, "awaiting": "order_choice", "order_choices": GRACE_LIST,
         "pending_request": "order_status"},
        "uh the water bottle.", "inform", "action_handle_inform",
        [("pending_request", None), ("order_choices", None), ("awaiting", None),
         ("last_order_number", "5003")],
        ["Order 5003, placed on Wednesday, October 28, 2026"], channel="voice",
        metadata=CALL),
    "reference: none of the listed orders fits: asked again, not the same list": Row(
        {**LISTED, "awaiting": "order_choice", "order_choices": GRACE_LIST,
         "pending_request": "order_status"},
        "the backpack", "inform", "action_handle_inform",
        [("pending_request", "order_status"), ("order_choices", GRACE_LIST),
         ("listed_orders", GRACE_LIST), ("last_request", "order_status"),
         ("awaiting", "order_choice")],
        ["Sorry, I can't tell which order you mean. Which one is it? 1) order 5001"]),
    "correction: 'no, the other one' after the answer": Row(
        {**VERIFIED, "listed_orders": ["5001", "5002"], "last_request": "order_status",
         "last_order_number": "5001"},
        "no, the other one", "deny", "action_handle_deny", [("last_order_number", "5002")],
        ["Order 5002, placed on Thursday, November 5, 2026"]),
    "correction: 'the other one' of three asks which of the other two": Row(
        {**LISTED, "last_order_number": "5002"}, "no, the other one", "deny",
        "action_handle_deny",
        [("pending_request", "order_status"), ("order_choices", ["5001", "5003"]),
         ("listed_orders", ["5001", "5003"]), ("last_request", "order_status"),
         ("awaiting", "order_choice")],
        ["Which of the others do you mean? 1) order 5001 from November 10 (1x rain jacket, "
         "shipped). 2) order 5003 from October 28"]),
    "correction: 'sorry, I meant 5003' keeps the listed request (delivery)": Row(
        {**LISTED, "last_request": "shipment", "last_order_number": "5001"},
        "sorry, I meant 5003", "inform", "action_handle_inform",
        [("last_order_number", "5003")], ["Order 5003 hasn't shipped yet"],
        entities={"order_number": "5003"}),
    "default: the only parcel on its way is answered, and named": Row(
        VERIFIED, "where's my parcel", "check_shipment", "action_shipment_status",
        [("listed_orders", GRACE_LIST), ("last_request", "shipment"),
         ("last_order_number", "5001")],
        ["The parcel on its way is for order 5001 (1x rain jacket).",
         "Your UPS parcel for order 5001 (tracking 1Z111AA10000000001) is out for delivery"]),
    "context: 'and when will it get here?' after an order answer": Row(
        {**CLAIMED, "last_order_number": "5001"}, "and when will it get here?",
        "check_shipment", "action_shipment_status",
        [("last_order_number", "5001"), ("last_request", "shipment")],
        ["Expected delivery: Tuesday, November 24."]),
    "context: 'what about my points?' after a balance": Row(
        VERIFIED, "what about my points?", "check_balance", "action_balance", [],
        ["You have 3,400 points (loyalty points, as of November 20)."],
        entities={"account_kind": "loyalty_points"}),
    "topic switch: an order question while the PIN is asked, then the PIN again": Row(
        {**CLAIMED, "awaiting": "pin", "pending_request": "balance"},
        "actually, where is order 5001 first?", "check_order_status", "action_order_status",
        [("deferred_request", {"request": "balance"}), ("pending_request", None),
         ("awaiting", None), ("last_order_number", "5001"), ("deferred_request", None),
         ("pending_request", "balance"), ("pending_account_kind", None), ("awaiting", "pin")],
        ["Order 5001, placed on", "Now, about your balance.", ASK_PIN],
        entities={"order_number": "5001"}),
    "two questions: an order and the points, both answered": Row(
        VERIFIED, "where is order 5001 and how many points do I have", "check_order_status",
        "action_order_status",
        [("deferred_request", {"request": "balance", "account_kind": "loyalty_points"}),
         ("last_order_number", "5001"), ("deferred_request", None)],
        ["Order 5001, placed on", "Now, about your balance.", "You have 3,400 points"],
        entities={"order_number": "5001", "account_kind": "loyalty_points"}),
    # --- natural dialogue: a person, out of scope, channel wording ---------------------------
    "escalation: a damaged order goes to a person, never an FAQ": Row(
        CLAIMED, "my order 5001 arrived damaged and I'm really upset", "faq",
        "action_answer_faq", [("handoff_requested", True), ("handoff_reason", "damaged_order")],
        ["I'm so sorry your order arrived damaged.", CONNECTING], given=("agent_online",),
        entities={"order_number": "5001"}),
    "escalation: 'third time I'm writing' (nobody free: a callback)": Row(
        {}, "this is the third time I'm writing about my parcel", "complain",
        "action_complain",
        [("handoff_requested", True), ("handoff_reason", "repeated_contact"),
         ("awaiting", "lead_name"), ("lead_draft", {"reason": "no_agent", "tries": 0})],
        ["I'm sorry you've had to get in touch about this again.", NOBODY_FREE]),
    "escalation: all capitals": Row(
        {}, "WHERE IS MY ORDER I HAVE BEEN WAITING FOR WEEKS", "check_order_status",
        "action_order_status",
        [("handoff_requested", True), ("handoff_reason", "angry_customer")],
        ["I'm sorry about this.", CONNECTING], given=("agent_online",)),
    "out of scope: an honest answer, what the bot does, a person on offer": Row(
        {}, "tell me a joke", "out_of_scope", "action_out_of_scope",
        [("awaiting", "human_offer"), ("handoff_reason", "out_of_scope")],
        [f"Sorry, I can't help with that here. I can check an order, track a delivery or "
         f"look up a balance, and answer questions about shipping, returns, payments and "
         f"your account. {OFFER}"]),
    "identify: the awaited email filed as off-topic is still the answer": Row(
        {"awaiting": "identity", "pending_request": "order_status",
         "pending_order_number": "5001"},
        "grace@navy.example", "out_of_scope", "action_out_of_scope",
        [("customer_id", "K-100"), ("customer_name", "Grace Hopper"), ("customer_tier", "vip"),
         ("identified_by", "chat"), ("identify_failures", 0.0), ("identity_claimed", True),
         ("awaiting", None), ("pending_request", None), ("pending_order_number", None),
         ("last_order_number", "5001")],
        ["Thanks.", "Order 5001, placed on Tuesday, November 10, 2026: 1x rain jacket"],
        entities={"email": "grace@navy.example"}),
    "two asks: a PIN given with a balance question is no second question": Row(
        VERIFIED, "my pin is 2468, what are my loyalty points", "check_balance",
        "action_balance", [], ["You have 3,400 points (loyalty points, as of November 20)."],
        entities={"account_kind": "loyalty_points"}),
    "out of scope: a whole question the NLU could not place": Row(
        {}, "is k-12 education required outside the united states", "nlu_fallback",
        "action_handle_fallback", [("awaiting", "human_offer"),
                                   ("handoff_reason", "out_of_scope")],
        ["Sorry, I can't help with that here."]),
    "out of scope: an order-status guess without a word about orders": Row(
        {}, "is k-12 education required outside the united states", "check_order_status",
        "action_order_status", [("awaiting", "human_offer"), ("handoff_reason", "out_of_scope")],
        ["Sorry, I can't help with that here."]),
    "out of scope: an id-like word in a whole question is no identity": Row(
        {}, "is k-12 education required outside the united states", "inform",
        "action_handle_inform", [("awaiting", "human_offer"), ("handoff_reason", "out_of_scope")],
        ["Sorry, I can't help with that here."], entities={"customer_id": "k-12"}),
    "out of scope: 'quotes by mark twain' is no buying interest": Row(
        {}, "show me quotes by mark twain", "sales_interest", "action_sales_interest",
        [("awaiting", "human_offer"), ("handoff_reason", "out_of_scope")],
        ["Sorry, I can't help with that here."]),
    "sales: buying interest phrased plainly": Row(
        {}, "how do i shop some of your articles", "sales_interest", "action_sales_interest",
        [("awaiting", "lead_name"),
         ("lead_draft", {"reason": "sales", "tries": 0,
                         "interest": "how do i shop some of your articles"})],
        ["Great, our sales team will be glad to help"]),
    "not a lookup: an exchange goes to a person": Row(
        CLAIMED, "can I exchange order 5002 for a different size", "check_order_status",
        "action_order_status",
        [("handoff_requested", True), ("handoff_reason", "unsupported_request")],
        ["I can't do that myself here, but a person from our team can.", CONNECTING],
        given=("agent_online",), entities={"order_number": "5002"}),
    "not a lookup: merging two named orders is no order question": Row(
        CLAIMED, "can you merge order 5001 and 5003 into one shipment", "inform",
        "action_handle_inform",
        [("handoff_requested", True), ("handoff_reason", "unsupported_request")],
        ["I can't do that myself here, but a person from our team can.", CONNECTING],
        given=("agent_online",), entities={"order_number": "5001"}),
    "channel wording: no 'contact us by chat' inside the chat": Row(
        {}, '/faq{"faq_id":"1"}', "faq", "action_answer_faq", [("last_faq_id", "1")],
        ["After an hour, ask me here to connect you with a person right away."],
        entities={"faq_id": "1"}, given=("faq_contact_entry",)),
    "channel wording: no 'call us' on the phone": Row(
        {}, "one", "faq", "action_answer_faq", [("last_faq_id", "1")],
        ["After an hour, ask me on this call to connect you with a person right away."],
        entities={"faq_id": "1"}, channel="voice", metadata=CALL,
        given=("faq_contact_entry",)),
    # --- goodbye --------------------------------------------------------------------------
    "goodbye on a call hangs up": Row(
        {}, "bye", "goodbye", "action_goodbye", [],
        ["Thanks for contacting us. Goodbye, and have a great day!"], channel="voice",
        metadata=CALL, control=[{"hangup": True}]),
}


def _agent_online() -> None:
    set_presence(create_user("ann", "a-long-password", "agent").id, "online")


def _wrong_pins(count: int) -> Callable[[], None]:
    def attempts() -> None:
        for _ in range(count):
            pin_lockout.attempt_pin("K-100", "0000", 3)
    return attempts


def _faq_entry() -> None:
    create_entry(FaqDraft("How long does shipping take?",
                          "Most orders arrive in 3 to 5 working days.",
                          voice_answer="Three to five working days."), who="test")


def _faq_contact_entry() -> None:
    create_entry(FaqDraft("Can I change my order?",
                          "After an hour, contact us by chat or phone right away.",
                          voice_answer="After an hour, call us right away."), who="test")


def _open_handoff() -> None:
    create_handoff(HandoffDraft(
        conversation_id=SENDER, channel="rest", reason="customer_request", skill="general",
        tier=None, customer_id=None, verified=False, summary="Someone wants help.", slots={}))


GIVEN: dict[str, Callable[[], None]] = {
    "agent_online": _agent_online, "two_wrong_pins": _wrong_pins(2), "locked": _wrong_pins(3),
    "faq_entry": _faq_entry, "open_handoff": _open_handoff,
    "faq_contact_entry": _faq_contact_entry}


ACTIONS = all_actions()


def chosen_action(row: Row) -> str:
    """The action Rasa runs: the policy's mode action, else the intent's rule."""
    handler = route(row.slots.get(Slot.AWAITING), intent=row.intent, text=row.text,
                    handoff_open=open_handoff_status(SENDER) is not None)
    return mode_action(handler) or RULES[row.intent]


@pytest.mark.parametrize("name", list(ROWS))
def test_journey(name: str, loaded_sqlite_url: str) -> None:
    row = ROWS[name]
    for setup in row.given:
        GIVEN[setup]()
    action = chosen_action(row)
    assert action == row.action
    history = [user_event(text, intent, channel=row.channel, timestamp=1.0 + n)
               for n, (text, intent) in enumerate(row.history)]
    tracker = make_tracker(
        row.text, row.slots, intent=row.intent, channel=row.channel, metadata=row.metadata,
        entities=[{"entity": k, "value": v} for k, v in row.entities.items()], history=history)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ACTIONS[action].run(dispatcher, tracker, {}))

    assert [(e["name"], e["value"]) for e in events if e["event"] == "slot"] == row.sets
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    assert len(texts) == len(row.says), texts
    for text, fragment in zip(texts, row.says, strict=True):
        assert fragment in text, text
    assert [m["custom"] for m in dispatcher.messages if m.get("custom")] == row.control
    if row.buttons is not None:
        assert [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []] == (
            row.buttons)
