"""The conversation's vocabulary: what the bot waits for, the slot, intent and action names,
and `route`, the one decision of which handler answers a customer message.

The dialogue runs in two processes: Rasa (the rules of bot/rules.yml map an intent to an
action; helpdesk.rasa_plugins.conversation_mode_policy overrides them in the two modes in
which the customer's words are no bot request) and the action server (actions/, where an
action may take the message as the answer to what the bot asked). Both ask `route`, so they
cannot disagree about a state. The names here are those of bot/domain.yml, which a unit test
checks both ways; stored slot values stay plain strings (the enums are `str`-valued).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Final

from helpdesk.text import yes_no
from helpdesk.text.ratings import answers_rating_question
from helpdesk.text.spoken_numbers import extract_pin

LEAD_PREFIX: Final = "lead_"
CSAT_PREFIX: Final = "csat_"
CHANGE_PREFIX: Final = "change_"
CAMPAIGN_PREFIX: Final = "campaign_"


class Awaiting(str, Enum):
    """The values of the `awaiting` slot: what the bot last asked for (None: nothing)."""

    IDENTITY = "identity"  # the phone number, email or customer id on the account
    PIN = "pin"
    ORDER_CHOICE = "order_choice"  # one of the listed orders (slot `order_choices`)
    ORDER_NUMBER = "order_number"  # the order's number, or "yes" to verify for the list
    # Yes or no to an order number heard on a call and read back (actions/heard_numbers.py;
    # the number in `pending_order_number`).
    ORDER_NUMBER_CONFIRM = "order_number_confirm"
    # Yes or no to a phone number heard unsurely on a call and read back before it is
    # taken as who the caller is (actions/heard_phones.py; the number in
    # `pending_phone_number`, the request in `pending_request`).
    PHONE_NUMBER_CONFIRM = "phone_number_confirm"
    HUMAN_OFFER = "human_offer"  # "shall I connect you with a person?"
    CSAT_RATING = CSAT_PREFIX + "rating"
    CSAT_COMMENT = CSAT_PREFIX + "comment"
    # One question of the lead form each (helpdesk.leads.fields.FIELDS, then the read-back).
    LEAD_NAME = LEAD_PREFIX + "name"
    LEAD_PHONE = LEAD_PREFIX + "phone"
    LEAD_EMAIL = LEAD_PREFIX + "email"
    LEAD_INTEREST = LEAD_PREFIX + "interest"
    LEAD_BEST_TIME = LEAD_PREFIX + "best_time"
    LEAD_CONFIRM = LEAD_PREFIX + "confirm"
    # Yes or no to the lead's phone number heard unsurely on a call and read back (in
    # `pending_phone_number`).
    LEAD_PHONE_CONFIRM = LEAD_PREFIX + "phone_confirm"
    # A self-service change (actions/self_service.py; the draft in slot `change_draft`).
    CHANGE_ORDER = CHANGE_PREFIX + "order"  # which order to change
    CHANGE_CONFIRM = CHANGE_PREFIX + "confirm"  # yes or no to the change read back
    RETURN_REASON = CHANGE_PREFIX + "return_reason"
    NEW_ADDRESS = CHANGE_PREFIX + "new_address"
    NEW_CONTACT = CHANGE_PREFIX + "new_contact"  # the new email or phone number
    # A campaign call's question (actions/campaign_calls.py): a survey's rating (which one:
    # slot `campaign_step`), or "are you still interested?" on a lead callback.
    CAMPAIGN_SURVEY = CAMPAIGN_PREFIX + "survey"
    CAMPAIGN_LEAD = CAMPAIGN_PREFIX + "lead"
    CAMPAIGN_CALLBACK = CAMPAIGN_PREFIX + "callback"  # when to call back, on a campaign call

    @classmethod
    def lead(cls, step: str) -> Awaiting:
        """The state of the lead question STEP (a field name, or "confirm")."""
        return cls(LEAD_PREFIX + step)


def lead_step(awaiting: object) -> str:
    """The lead question a state names ("name", "confirm", ...); "" for any other state."""
    if isinstance(awaiting, str) and awaiting.startswith(LEAD_PREFIX):
        return awaiting[len(LEAD_PREFIX):]
    return ""


def is_lead_step(awaiting: object) -> bool:
    return isinstance(awaiting, str) and awaiting.startswith(LEAD_PREFIX)


def is_csat_step(awaiting: object) -> bool:
    return isinstance(awaiting, str) and awaiting.startswith(CSAT_PREFIX)


def is_campaign_step(awaiting: object) -> bool:
    return isinstance(awaiting, str) and awaiting.startswith(CAMPAIGN_PREFIX)


def is_change_step(awaiting: object) -> bool:
    return isinstance(awaiting, str) and awaiting.startswith(CHANGE_PREFIX)


class PendingRequest(str, Enum):
    """The values of `pending_request`: what the bot will do once it has what it asked for."""

    ORDER_STATUS = "order_status"
    SHIPMENT = "shipment"
    BALANCE = "balance"
    CANCEL_ORDER = "cancel_order"
    RETURN_ORDER = "return_order"
    CHANGE_ADDRESS = "change_address"
    UPDATE_CONTACT = "update_contact"
    APPOINTMENT = "appointment"  # a reminder call's appointment (actions/campaign_calls.py)


class IdentifiedBy(str, Enum):
    """The values of `identified_by`: how the customer of `customer_id` was found."""

    CHAT = "chat"  # a stated identifier that matched a customer (a claim)
    CALLER_ID = "caller_id"  # the trusted caller number of a call
    SITE_TOKEN = "site_token"  # a signed website token (verified)


class Slot:
    """The slot names of bot/domain.yml."""

    AWAITING: Final = "awaiting"
    PENDING_REQUEST: Final = "pending_request"
    PENDING_ORDER_NUMBER: Final = "pending_order_number"
    PENDING_PHONE_NUMBER: Final = "pending_phone_number"  # read back on a call, for a yes
    PENDING_TRACKING_NUMBER: Final = "pending_tracking_number"
    PENDING_ACCOUNT_KIND: Final = "pending_account_kind"
    ORDER_CHOICES: Final = "order_choices"
    LAST_ORDER_NUMBER: Final = "last_order_number"
    LISTED_ORDERS: Final = "listed_orders"
    LAST_REQUEST: Final = "last_request"
    DEFERRED_REQUEST: Final = "deferred_request"
    LAST_FAQ_ID: Final = "last_faq_id"
    CUSTOMER_ID: Final = "customer_id"
    CUSTOMER_NAME: Final = "customer_name"
    CUSTOMER_TIER: Final = "customer_tier"
    IDENTIFIED_BY: Final = "identified_by"
    IDENTIFY_FAILURES: Final = "identify_failures"
    IDENTITY_CLAIMED: Final = "identity_claimed"
    CLAIM_SUBJECT: Final = "claim_subject"
    VERIFIED: Final = "verified"
    VERIFIED_UNTIL: Final = "verified_until"
    VERIFICATION_LOCKED: Final = "verification_locked"
    CSAT_ASKED: Final = "csat_asked"
    CSAT_CONTEXT: Final = "csat_context"
    CSAT_RATING: Final = "csat_rating"
    CSAT_COMMENT: Final = "csat_comment"
    HANDOFF_REQUESTED: Final = "handoff_requested"
    HANDOFF_REASON: Final = "handoff_reason"
    LEAD_DRAFT: Final = "lead_draft"
    LEAD_ID: Final = "lead_id"
    CHANGE_DRAFT: Final = "change_draft"  # the self-service change being asked about
    OUTBOUND_ATTEMPT: Final = "outbound_attempt"  # a campaign call's attempt id
    CAMPAIGN_STEP: Final = "campaign_step"  # the survey question being asked (0-based)
    CAMPAIGN_REPROMPTED: Final = "campaign_reprompted"  # the question was asked again once


class Intent:
    """The intent names of bot/domain.yml (nlu_data/ trains them)."""

    GREET: Final = "greet"
    GOODBYE: Final = "goodbye"
    THANK: Final = "thank"
    BOT_CHALLENGE: Final = "bot_challenge"
    OUT_OF_SCOPE: Final = "out_of_scope"
    AFFIRM: Final = "affirm"
    DENY: Final = "deny"
    CHECK_ORDER_STATUS: Final = "check_order_status"
    CHECK_SHIPMENT: Final = "check_shipment"
    CHECK_BALANCE: Final = "check_balance"
    INFORM: Final = "inform"
    REQUEST_HUMAN: Final = "request_human"
    FAQ: Final = "faq"
    SALES_INTEREST: Final = "sales_interest"
    COMPLAIN: Final = "complain"
    CANCEL_ORDER: Final = "cancel_order"
    RETURN_ORDER: Final = "return_order"
    CHANGE_ADDRESS: Final = "change_address"
    UPDATE_CONTACT: Final = "update_contact"
    NLU_FALLBACK: Final = "nlu_fallback"  # Rasa's FallbackClassifier: low NLU confidence
    OUTBOUND_CALL: Final = "outbound_call"  # a campaign call begins (the gateway's trigger)


class Entity:
    """The entity names of bot/domain.yml that the actions read."""

    ORDER_NUMBER: Final = "order_number"
    TRACKING_NUMBER: Final = "tracking_number"
    EMAIL: Final = "email"
    CUSTOMER_ID: Final = "customer_id"
    ACCOUNT_KIND: Final = "account_kind"
    FAQ_ID: Final = "faq_id"


class ActionName:
    """The custom actions of bot/domain.yml (one class each in actions/)."""

    SESSION_START: Final = "action_session_start"
    GREET: Final = "action_greet"
    GOODBYE: Final = "action_goodbye"
    THANK: Final = "action_thank"
    ANSWER_FAQ: Final = "action_answer_faq"
    OUT_OF_SCOPE: Final = "action_out_of_scope"
    ORDER_STATUS: Final = "action_order_status"
    SHIPMENT_STATUS: Final = "action_shipment_status"
    BALANCE: Final = "action_balance"
    HANDLE_INFORM: Final = "action_handle_inform"
    HANDLE_AFFIRM: Final = "action_handle_affirm"
    HANDLE_DENY: Final = "action_handle_deny"
    HANDLE_FALLBACK: Final = "action_handle_fallback"
    REQUEST_HUMAN: Final = "action_request_human"
    COMPLAIN: Final = "action_complain"
    SALES_INTEREST: Final = "action_sales_interest"
    CAPTURE_LEAD: Final = "action_capture_lead"
    CAPTURE_CSAT: Final = "action_capture_csat"
    RELAY_TO_AGENT: Final = "action_relay_to_agent"
    CANCEL_ORDER: Final = "action_cancel_order"
    RETURN_ORDER: Final = "action_return_order"
    CHANGE_ADDRESS: Final = "action_change_address"
    UPDATE_CONTACT: Final = "action_update_contact"
    CHANGE_STEP: Final = "action_change_step"  # the answer to a self-service question
    OUTBOUND_CALL: Final = "action_outbound_call"  # a campaign call's opening
    CAMPAIGN_STEP: Final = "action_campaign_step"  # the answer to a campaign call's question
    # Run by the web app through Rasa's API, never predicted (helpdesk.web.rasa_delivery).
    DELIVER_AGENT_MESSAGES: Final = "action_deliver_agent_messages"


# Rasa's own action that waits for the next message (rasa.shared.core.constants).
ACTION_LISTEN: Final = "action_listen"


class Handler(str, Enum):
    """Who answers a customer message: what `route` decides."""

    AGENT = "agent"  # a person owns the conversation: the message is relayed to them
    LEAD_ANSWER = "lead_answer"  # the answer to the lead question being asked
    CSAT_ANSWER = "csat_answer"  # a rating (or a "no"), or the comment after one
    CHANGE_ANSWER = "change_answer"  # the answer to a self-service change's question
    CAMPAIGN_ANSWER = "campaign_answer"  # the answer to a campaign call's question
    HUMAN_OFFER_ACCEPTED = "human_offer_accepted"  # "yes" to "shall I connect you?"
    PIN_OFFER_ACCEPTED = "pin_offer_accepted"  # "yes" to "the number, or your PIN for a list"
    PIN_ANSWER = "pin_answer"  # the answer to the PIN question
    IDENTITY_ANSWER = "identity_answer"  # who they are, if the message states it
    ORDER_CHOICE = "order_choice"  # one of the listed orders, if the message picks one
    ORDER_NUMBER = "order_number"  # the order asked for, if the message names one
    ORDER_NUMBER_CONFIRM = "order_number_confirm"  # yes, no or another number to a read-back
    PHONE_NUMBER_CONFIRM = "phone_number_confirm"  # yes, no or another number to a read-back
    REQUEST = "request"  # a new request: the action bot/rules.yml maps its intent to


# The handlers the dialogue policy answers with an action of its own, whatever the intent:
# the customer's words are no bot request in these modes. It listens after each of them.
MODE_ACTIONS: Final[dict[Handler, str]] = {
    Handler.AGENT: ActionName.RELAY_TO_AGENT,
    Handler.LEAD_ANSWER: ActionName.CAPTURE_LEAD,
    Handler.CSAT_ANSWER: ActionName.CAPTURE_CSAT,
    Handler.CHANGE_ANSWER: ActionName.CHANGE_STEP,
    Handler.CAMPAIGN_ANSWER: ActionName.CAMPAIGN_STEP,
}


def route(awaiting: str | None, *, intent: str | None = None, text: str = "",
          handoff_open: bool = False, voice: bool = False) -> Handler:
    """Which handler answers a customer message.

    AWAITING is the `awaiting` slot; INTENT the intent the message was dispatched on (for
    an action: the intent the rules send to it); TEXT the message; HANDOFF_OPEN whether a
    person owns the conversation (the store decides, not a slot); VOICE whether it came on
    a call (speech-to-text's lone "0" answers a yes-or-no question). The first that applies:

    - a person owns the conversation: AGENT, whatever was asked;
    - a lead question was asked: LEAD_ANSWER; the comment question: CSAT_ANSWER; the rating
      question: CSAT_ANSWER for a rating or a "no" (anything else is a new request);
    - a self-service change's question: CHANGE_ANSWER when the message answers it
      (`answers_change_question`), else a new request;
    - a campaign call's question (a survey rating, "still interested?"): CAMPAIGN_ANSWER,
      whatever was said (the step itself hears an opt-out or a "who is this?");
    - a "yes" to the offer of a person, or to "the order number, or your PIN for the list";
    - the PIN question: a value given (`inform`) is the answer, right or wrong; any other
      intent only when the message carries a PIN;
    - the identity, order-choice and order-number questions, and the read-back of a heard
      order or phone number: the message may answer them (the journey checks that it
      states an identity, picks or names an order, says yes or no);
    - else a new request.
    """
    if handoff_open:
        return Handler.AGENT
    if is_lead_step(awaiting):
        return Handler.LEAD_ANSWER
    if awaiting == Awaiting.CSAT_COMMENT or (
            awaiting == Awaiting.CSAT_RATING and answers_rating_question(text)):
        return Handler.CSAT_ANSWER
    if is_change_step(awaiting) and answers_change_question(awaiting, intent, text, voice):
        return Handler.CHANGE_ANSWER
    if is_campaign_step(awaiting):
        return Handler.CAMPAIGN_ANSWER
    if intent == Intent.AFFIRM and awaiting == Awaiting.HUMAN_OFFER:
        return Handler.HUMAN_OFFER_ACCEPTED
    if intent == Intent.AFFIRM and awaiting == Awaiting.ORDER_NUMBER:
        return Handler.PIN_OFFER_ACCEPTED
    if awaiting == Awaiting.PIN and (intent == Intent.INFORM or extract_pin(text)):
        return Handler.PIN_ANSWER
    if isinstance(awaiting, str):
        return _QUESTION_HANDLERS.get(awaiting, Handler.REQUEST)
    return Handler.REQUEST


_QUESTION_HANDLERS: Final[dict[str, Handler]] = {
    Awaiting.IDENTITY.value: Handler.IDENTITY_ANSWER,
    Awaiting.ORDER_CHOICE.value: Handler.ORDER_CHOICE,
    Awaiting.ORDER_NUMBER.value: Handler.ORDER_NUMBER,
    Awaiting.ORDER_NUMBER_CONFIRM.value: Handler.ORDER_NUMBER_CONFIRM,
    Awaiting.PHONE_NUMBER_CONFIRM.value: Handler.PHONE_NUMBER_CONFIRM,
}


# While a change waits for free text (a reason, an address, an email), these intents are
# taken as what they say; anything else is the answer, which the step then checks.
_LEAVES_A_CHANGE: Final = frozenset({Intent.REQUEST_HUMAN, Intent.GOODBYE})
# ... a request for a person only when it names one: "call me maybe" answering "what's the
# new phone number?" is a (wrong) answer, "can I talk to someone" is not.
_NAMES_A_PERSON = re.compile(r"\b(person|people|human|agent|someone|somebody|anyone|"
                             r"representative|operator|staff|team|advisor|adviser|manager|"
                             r"supervisor|real|live|talk|speak)\b", re.I)


def answers_change_question(awaiting: str, intent: str | None, text: str,
                            voice: bool = False) -> bool:
    """Whether the message answers the self-service question AWAITING names: the
    confirmation a yes or a no, in words too for one the NLU filed under another intent
    (helpdesk.text.yes_no; on a call VOICE, a lone "0" or "oh" is a no); anything else is a
    new request and drops the change. The other questions: anything but a request for a
    person or a goodbye."""
    if awaiting == Awaiting.CHANGE_CONFIRM:
        return intent in (Intent.AFFIRM, Intent.DENY) or yes_no.answers(text, spoken=voice)
    if intent == Intent.REQUEST_HUMAN:
        return not names_a_person(text)
    return intent not in _LEAVES_A_CHANGE


def names_a_person(text: str) -> bool:
    """"can I talk to someone", "an agent please": a request for a person in words."""
    return bool(_NAMES_A_PERSON.search(text))


def mode_action(handler: Handler) -> str | None:
    """The action the dialogue policy predicts for HANDLER; None: it abstains (the rules
    pick the intent's action, which asks `route` again for the question it may answer)."""
    return MODE_ACTIONS.get(handler)
