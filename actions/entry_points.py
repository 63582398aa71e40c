"""The custom actions Rasa calls: one class per action, each a thin entry to a journey step."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import (
    campaign_calls,
    dialogue,
    disclosure,
    faq_answers,
    handoff_steps,
    heard_numbers,
    journeys,
    lead_capture,
    satisfaction,
)
from actions.identification import identify_by_caller_number, identify_by_site_token
from actions.turn import Turn
from helpdesk import wording
from helpdesk.config import get_settings
from helpdesk.conversation.contracts import hang_up
from helpdesk.conversation.events import intent_of
from helpdesk.conversation.state import (
    ACTION_LISTEN,
    ActionName,
    Entity,
    Handler,
    Intent,
    Slot,
    is_csat_step,
)
from helpdesk.handoffs.records import open_handoff_status
from helpdesk.text.asks import about_orders, asks_when_delivered

# Complaints and buying interest change the conversation (a person, a lead form), so the
# words must say so too: the NLU alone was seen to file nonsense as a sure complaint.
# A question ("do you sell saddles? ask ada@engine.example"): an address in it is no
# statement of who the customer is.
_QUESTION = re.compile(r"\?|^\W*(do|does|can|could|would|is|are|what|where|when|why|how|"
                       r"which|who)\b", re.I)
_COMPLAINT_WORDS = re.compile(
    r"\b(complain\w*|angry|upset|furious|annoyed|frustrat\w*|disappoint\w*|terrible|awful|"
    r"horrible|worst|useless|ridiculous|unacceptable|joke|rude|scam|pathetic|incompetent|"
    r"hate|sucks?|fed up|waste|bad review|never (arrived|came)|outrage\w*|disgust\w*|"
    r"lawyer|refund now|not happy|unhappy|disgrace\w*)\b", re.I)
_SALES_WORDS = re.compile(
    r"\b(buy\w*|purchas\w*|pric\w*|(a|price|get|send( me)?) quotes?|quotes? for|bulk|"
    r"wholesale|business|corporate|company|team|upgrade|plan|membership|discount\w*|sales|"
    r"reseller|b2b|order(ing)? \d+|\d+ (pairs|units|jackets|items|pieces)|shop(ping)? "
    r"(for|some|your|on)|place an order|order (something|some|one|a)|get (one|a pair))\b",
    re.I)


class TurnAction(Action):
    """Base: build the Turn (a verification that has outlived its reason ends first; then
    token or caller-ID identification), run `handle`, return its events."""

    action_name = ""
    # References, corrections, deferred requests (actions/dialogue.py) apply to this action.
    follows_dialogue = True

    def name(self) -> str:
        return self.action_name

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        turn = Turn(dispatcher, tracker)
        disclosure.end_stale_verification(turn)
        identify_by_site_token(turn) or identify_by_caller_number(turn)
        if campaign_calls.callee_interrupts(turn):  # stop calling me, wrong number, who?
            return turn.events
        if is_csat_step(turn.slot(Slot.AWAITING)):
            turn.set(Slot.AWAITING, None)  # a new request instead of a rating: no more asking
        if self.routes_to_a_person(turn):
            return turn.events
        if self.follows_dialogue:
            if dialogue.follow_reference(turn):
                dialogue.take_up_deferred(turn)
                heard_numbers.listen_for_the_answer(turn)
                return turn.events
            dialogue.defer_switched_topic(turn)
            dialogue.defer_second_question(turn)
        self.handle(turn)
        if self.follows_dialogue:
            dialogue.take_up_deferred(turn)
        heard_numbers.listen_for_the_answer(turn)
        return turn.events

    @staticmethod
    def routes_to_a_person(turn: Turn) -> bool:
        """Anger, urgency, repeated contact and damaged deliveries (the reason goes with
        the handoff), and the configured intents of VIP customers, go to a person before
        the bot answers. Being VIP is told only to a verified customer or a trusted caller
        ID: for a stated identifier it would say whom the identifier belongs to."""
        if dialogue.escalate(turn):
            return True
        if (turn.slot(Slot.CUSTOMER_TIER) == "vip" and disclosure.may_use_name(turn)
                and turn.intent in get_settings().handoffs.vip_handoff_intents
                and turn.intent != Intent.COMPLAIN):
            journeys.hand_over_now(turn, f"{disclosure.first_name(turn) or 'Thanks'}, as one "
                                   "of our VIP customers you get a personal contact.",
                                   reason="vip_intent")
            return True
        return False

    def handle(self, turn: Turn) -> None:
        raise NotImplementedError


class ActionGreet(TurnAction):
    action_name = ActionName.GREET

    def handle(self, turn: Turn) -> None:
        name = disclosure.first_name(turn)  # a trusted caller ID or a verified customer
        hello = f"Hi {name}, welcome back!" if name else "Hi, welcome!"
        turn.say(f"{hello} I'm the virtual assistant. I can check an order, track a delivery "
                 "or look up a balance. How can I help?")
        heard_numbers.expect_own_orders(turn)


class ActionOrderStatus(TurnAction):
    action_name = ActionName.ORDER_STATUS

    def handle(self, turn: Turn) -> None:
        if (journeys.awaited_handler(turn, Intent.CHECK_ORDER_STATUS) is Handler.ORDER_CHOICE
                and journeys.handle_order_choice(turn)):
            return
        if not_a_lookup(turn):
            return
        if asks_when_delivered(turn.text):  # "when will my order arrive": a delivery date
            answer_delivery(turn)
            return
        journeys.finish_request(turn)
        tracking = turn.entity(Entity.TRACKING_NUMBER)
        if tracking:
            journeys.answer_shipment(turn, None, tracking)
        else:
            journeys.answer_order_status(turn, journeys.order_number_in(turn))


class ActionShipmentStatus(TurnAction):
    action_name = ActionName.SHIPMENT_STATUS

    def handle(self, turn: Turn) -> None:
        if (journeys.awaited_handler(turn, Intent.CHECK_SHIPMENT) is Handler.ORDER_CHOICE
                and journeys.handle_order_choice(turn)):
            return
        if not_a_lookup(turn):
            return
        answer_delivery(turn)


def answer_delivery(turn: Turn) -> None:
    """A delivery question: by tracking number, order number, "it" (the order just talked
    about), else the parcel on its way or a list to pick from."""
    journeys.finish_request(turn)
    tracking = turn.entity(Entity.TRACKING_NUMBER)
    order_number = None if tracking else journeys.order_number_in(turn)
    if not tracking and not order_number and _refers_to_last_order(turn):
        order_number = turn.slot(Slot.LAST_ORDER_NUMBER)
    journeys.answer_shipment(turn, order_number, tracking)


def not_a_lookup(turn: Turn) -> bool:
    """An "order status" guess of the NLU that is none: a change the bot cannot make goes
    to a person; words about no order at all get the out-of-scope answer."""
    if dialogue.hand_over_unsupported(turn):
        return True
    if about_orders(turn.text) or turn.entity(Entity.TRACKING_NUMBER):
        return False
    ActionOutOfScope().handle(turn)
    return True


def _refers_to_last_order(turn: Turn) -> bool:
    words = set(turn.text.lower().replace("?", " ").split())
    return bool(words & {"it", "that", "this"}) and bool(turn.slot(Slot.LAST_ORDER_NUMBER))


class ActionBalance(TurnAction):
    action_name = ActionName.BALANCE

    def handle(self, turn: Turn) -> None:
        journeys.finish_request(turn)
        journeys.answer_balance(turn, turn.entity(Entity.ACCOUNT_KIND))


class ActionHandleInform(TurnAction):
    action_name = ActionName.HANDLE_INFORM

    def handle(self, turn: Turn) -> None:
        if journeys.answers_awaited_question(turn, Intent.INFORM):
            return
        if dialogue.hand_over_unsupported(turn):  # "merge order 5001 and 5003": no lookup
            return
        journeys.handle_inform(turn)


class ActionHandleAffirm(TurnAction):
    action_name = ActionName.HANDLE_AFFIRM

    def handle(self, turn: Turn) -> None:
        handler = journeys.awaited_handler(turn, Intent.AFFIRM)
        if handler is Handler.HUMAN_OFFER_ACCEPTED:
            journeys.request_human(turn, turn.slot(Slot.HANDOFF_REASON) or "customer_request")
        elif handler is Handler.PIN_OFFER_ACCEPTED:
            journeys.start_pin_for_pending(turn)
        elif not journeys.answers_awaited_question(turn, Intent.AFFIRM):
            turn.say("Great. What can I help you with? I can check an order, track a delivery "
                     "or look up a balance.")


class ActionHandleDeny(TurnAction):
    action_name = ActionName.HANDLE_DENY

    def handle(self, turn: Turn) -> None:
        if journeys.handle_read_back(turn, Intent.DENY):
            return  # "no" to an order or phone number read back: asked again
        journeys.finish_request(turn)
        turn.say("No problem. Is there anything else I can help you with?")


class ActionRequestHuman(TurnAction):
    action_name = ActionName.REQUEST_HUMAN
    follows_dialogue = False

    def handle(self, turn: Turn) -> None:
        journeys.request_human(turn, "customer_request")


class ActionAnswerFaq(TurnAction):
    """FAQ and out-of-scope questions: the live knowledge base, else say so and offer a
    person (and list the question for the editors)."""

    action_name = ActionName.ANSWER_FAQ

    def handle(self, turn: Turn) -> None:
        if faq_answers.answer_from_knowledge_base(turn):
            return
        faq_answers.remember_unanswered(turn)
        if dialogue.hand_over_unsupported(turn):
            return
        journeys.offer_human(turn, "I'm sorry, I don't have an answer to that.",
                             reason="unanswered_question")


class ActionOutOfScope(TurnAction):
    """Not one of the bot's journeys: the knowledge base may still know the answer."""

    action_name = ActionName.OUT_OF_SCOPE

    def handle(self, turn: Turn) -> None:
        # An email or PIN the bot asked for is an answer, however the NLU filed the words
        # around it ("nobody@nowhere.example" read as off-topic).
        if journeys.answers_awaited_question(turn, turn.intent):
            return
        if journeys.states_identity(turn) and not _QUESTION.search(turn.text):
            # "my email is ...", filed as off-topic
            journeys.handle_identity(turn)
            return
        if faq_answers.answer_from_knowledge_base(turn):
            return
        faq_answers.remember_unanswered(turn)
        if dialogue.hand_over_unsupported(turn):
            return
        if turn.is_voice and consecutive_fallbacks(turn.tracker.events, MISUNDERSTOOD) >= 2:
            journeys.offer_keypad_menu(turn)
            return
        journeys.offer_human(turn, wording.OUT_OF_SCOPE, reason="out_of_scope")


class ActionGoodbye(TurnAction):
    """Say goodbye; on a call, also tell the gateway to hang up."""

    action_name = ActionName.GOODBYE
    follows_dialogue = False

    def handle(self, turn: Turn) -> None:
        if satisfaction.may_ask(turn) and satisfaction.bot_resolved(turn):
            satisfaction.ask(turn, "goodbye", "Thanks for contacting us.")
            return
        turn.say("Thanks for contacting us. Goodbye, and have a great day!")
        if turn.is_voice:
            turn.control(hang_up())


class ActionThank(TurnAction):
    """Thanks: you're welcome, and, once a request was resolved, the satisfaction question."""

    action_name = ActionName.THANK
    follows_dialogue = False

    def handle(self, turn: Turn) -> None:
        if satisfaction.may_ask(turn) and satisfaction.bot_resolved(turn):
            satisfaction.ask(turn, "thanks", "You're welcome!")
            return
        turn.say("You're welcome! Is there anything else I can help you with?")


class ActionCaptureCsat(TurnAction):
    """The answer to the satisfaction question (the conversation-mode policy routes it)."""

    action_name = ActionName.CAPTURE_CSAT

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        turn = Turn(dispatcher, tracker)
        satisfaction.handle(turn)
        return turn.events


class ActionHandleFallback(TurnAction):
    """Low NLU confidence: ask to rephrase once; on the second miss in a row offer a person."""

    action_name = ActionName.HANDLE_FALLBACK

    def handle(self, turn: Turn) -> None:
        if journeys.answers_awaited_question(turn, Intent.NLU_FALLBACK):
            return
        if journeys.states_identity(turn) and not _QUESTION.match(turn.text):
            # "my number is ..., has order 8001 shipped": who they are, then that question
            journeys.handle_identity(turn)
            return
        if faq_answers.answer_from_knowledge_base(turn):
            return
        faq_answers.remember_unanswered(turn)
        if dialogue.hand_over_unsupported(turn):
            return
        if turn.is_voice and consecutive_fallbacks(turn.tracker.events, MISUNDERSTOOD) >= 2:
            journeys.offer_keypad_menu(turn)
        elif consecutive_fallbacks(turn.tracker.events) >= 2:
            journeys.hand_over_now(turn, "I'm sorry, I still didn't understand. Let me "
                                   "connect you with a person from our team.",
                                   reason="repeated_fallback")
        elif journeys.is_valueless_sentence(turn):  # a whole question the bot cannot place
            journeys.offer_human(turn, wording.OUT_OF_SCOPE, reason="out_of_scope")
        else:
            turn.say("Sorry, I didn't quite get that. Could you say it another way? For example: "
                     "\"where is my order\" or \"what's my store credit balance\".")


def consecutive_fallbacks(events: list[dict[str, Any]],
                          intents: tuple[str, ...] = (Intent.NLU_FALLBACK,)) -> int:
    """How many of the latest user messages in a row fell back (low NLU confidence), or
    had one of `intents`."""
    count = 0
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        if not _fell_back(event, intents):
            break
        count += 1
    return count


def _fell_back(event: dict[str, Any], intents: tuple[str, ...]) -> bool:
    """The message had one of `intents`, or was filed as a complaint or buying interest
    without the words for it (those actions then fall back too)."""
    name, text = intent_of(event), event.get("text") or ""
    if name in intents:
        return True
    return (name == Intent.COMPLAIN and not _COMPLAINT_WORDS.search(text)) or (
        name == Intent.SALES_INTEREST and not _SALES_WORDS.search(text))


# On a call, anything the bot could not use counts as a misunderstanding.
MISUNDERSTOOD = (Intent.NLU_FALLBACK, Intent.OUT_OF_SCOPE)


class ActionComplain(TurnAction):
    """A complaint goes to a person, with an apology first."""

    action_name = ActionName.COMPLAIN

    def handle(self, turn: Turn) -> None:
        if not _COMPLAINT_WORDS.search(turn.text):
            ActionOutOfScope().handle(turn)  # a guess of the NLU, not a complaint
            return
        journeys.hand_over_now(turn, "I'm really sorry to hear that. I'll get a person from "
                               "our team to sort it out with you.", reason="complaint")


class ActionSalesInterest(TurnAction):
    """Buying interest becomes a lead for the sales team."""

    action_name = ActionName.SALES_INTEREST

    def handle(self, turn: Turn) -> None:
        if not _SALES_WORDS.search(turn.text):
            ActionOutOfScope().handle(turn)  # a guess of the NLU, not buying interest
            return
        lead_capture.start(turn, "sales", interest=turn.text,
                           preamble="Great, our sales team will be glad to help and can "
                                    "call you back.")


class ActionCaptureLead(TurnAction):
    """The answer to a lead question (the conversation-mode policy routes it here)."""

    action_name = ActionName.CAPTURE_LEAD
    follows_dialogue = False

    def handle(self, turn: Turn) -> None:
        lead_capture.handle(turn)

    @staticmethod
    def routes_to_a_person(turn: Turn) -> bool:
        return False


class ActionRelayToAgent(Action):
    """A customer message while a person owns the conversation: to the agent, not the bot."""

    def name(self) -> str:
        return ActionName.RELAY_TO_AGENT

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        turn = Turn(dispatcher, tracker)
        status = open_handoff_status(tracker.sender_id)
        if status is None:  # closed meanwhile: the conversation is the bot's again
            handoff_steps.deliver_pending(turn)
            turn.say("Sorry, could you say that again?")
            return turn.events
        handoff_steps.relay_to_agent(turn, *status)
        return turn.events


class ActionDeliverAgentMessages(Action):
    """Run by the web app through Rasa's API: the agent's replies and notices reach the
    customer on their own channel (pushed on socket.io, in the tracker for REST)."""

    def name(self) -> str:
        return ActionName.DELIVER_AGENT_MESSAGES

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        turn = Turn(dispatcher, tracker)
        handoff_steps.deliver_pending(turn)
        if open_handoff_status(tracker.sender_id) is None and turn.slot(Slot.HANDOFF_REQUESTED):
            turn.set(Slot.HANDOFF_REQUESTED, False)
            # The agent closed the handoff: ask how it went (a transferred call has left).
            if not turn.is_voice and satisfaction.may_ask(turn):
                satisfaction.ask(turn, "agent_closed")
        # Run from outside a user turn: end as if the bot had listened, so the customer's
        # next message is a normal turn for the rules.
        return [*turn.events, ActionExecuted(ACTION_LISTEN)]
