"""The conversation vocabulary (helpdesk/conversation/state.py): its names are bot/domain.yml's,
both ways; `route` decides who answers, and the dialogue policy and the actions follow it;
the voice contract's payloads survive the trip from an action to the gateway."""

from __future__ import annotations

import ast
import json
from typing import Any

import pytest
import yaml
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk import Action

import actions.campaign_entry_points
import actions.change_entry_points
import actions.entry_points
import actions.session_start
from helpdesk.config import PROJECT_ROOT
from helpdesk.conversation import contracts
from helpdesk.conversation.state import (
    ACTION_LISTEN,
    MODE_ACTIONS,
    ActionName,
    Awaiting,
    Entity,
    Handler,
    Intent,
    Slot,
    lead_step,
    mode_action,
    route,
)
from helpdesk.leads.fields import FIELDS
from helpdesk.rasa_plugins.conversation_mode_policy import ConversationModePolicy
from tests.support.turns import make_turn
from voice_gateway.services.rasa_client import parse_reply

DOMAIN = yaml.safe_load((PROJECT_ROOT / "bot" / "domain.yml").read_text())
RULES = yaml.safe_load((PROJECT_ROOT / "bot" / "rules.yml").read_text())["rules"]


def constants(namespace: type) -> set[str]:
    return {value for name, value in vars(namespace).items() if name.isupper()}


# --- the names are the domain's ---------------------------------------------------------------
def test_every_slot_has_a_constant_and_every_constant_a_slot() -> None:
    assert constants(Slot) == set(DOMAIN["slots"])


def test_every_intent_has_a_constant_and_every_constant_an_intent() -> None:
    assert constants(Intent) == set(DOMAIN["intents"])


def test_every_entity_constant_is_a_domain_entity() -> None:
    assert constants(Entity) <= set(DOMAIN["entities"])


def test_every_domain_action_has_a_constant_and_a_class() -> None:
    assert constants(ActionName) == set(DOMAIN["actions"])
    assert ACTION_LISTEN == ACTION_LISTEN_NAME
    served = {cls().name() for cls in _action_classes() if cls().name()}
    assert served == constants(ActionName)


def _action_classes() -> list[type[Action]]:
    # imported: their classes register
    assert actions.entry_points and actions.session_start and actions.change_entry_points
    assert actions.campaign_entry_points
    found, todo = [], list(Action.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("actions."):
            found.append(cls)
    return found


def test_the_rules_send_each_intent_to_the_action_that_routes_with_it() -> None:
    """The actions ask `route` with the intent the rules dispatch them on."""
    by_intent = {rule["steps"][0]["intent"]: rule["steps"][1]["action"] for rule in RULES}
    assert set(by_intent) <= constants(Intent)
    assert set(by_intent.values()) <= constants(ActionName) | set(DOMAIN["responses"])
    assert {intent: by_intent[intent] for intent in (
        Intent.INFORM, Intent.AFFIRM, Intent.NLU_FALLBACK, Intent.CHECK_ORDER_STATUS,
        Intent.CHECK_SHIPMENT)} == {
        Intent.INFORM: ActionName.HANDLE_INFORM, Intent.AFFIRM: ActionName.HANDLE_AFFIRM,
        Intent.NLU_FALLBACK: ActionName.HANDLE_FALLBACK,
        Intent.CHECK_ORDER_STATUS: ActionName.ORDER_STATUS,
        Intent.CHECK_SHIPMENT: ActionName.SHIPMENT_STATUS}


def test_every_lead_question_has_a_state() -> None:
    lead_states = {state for state in Awaiting if state.value.startswith("lead_")}
    assert lead_states == {Awaiting.lead(step) for step in (*FIELDS, "confirm",
                                                             "phone_confirm")}
    assert all(lead_step(Awaiting.lead(step)) == step for step in FIELDS)
    assert lead_step(Awaiting.PIN) == "" and lead_step(None) == ""


def test_slot_values_are_stored_as_plain_strings() -> None:
    """The enums are for the code: Rasa, the stores and the dashboard see the same strings
    as before."""
    turn = make_turn("hi")
    turn.set(Slot.AWAITING, Awaiting.ORDER_CHOICE)
    [event] = turn.events
    assert type(event["value"]) is str and json.dumps(event) == json.dumps(
        {**event, "value": "order_choice"})
    assert turn.slot(Slot.AWAITING) == "order_choice" == Awaiting.ORDER_CHOICE


# --- who answers ------------------------------------------------------------------------------
ROUTES = [
    # awaiting, intent, text, handoff open -> handler
    (None, Intent.GREET, "hi", False, Handler.REQUEST),
    (Awaiting.PIN, Intent.INFORM, "2468", True, Handler.AGENT),
    (None, Intent.CHECK_BALANCE, "my balance", True, Handler.AGENT),
    (Awaiting.LEAD_NAME, Intent.GOODBYE, "bye", False, Handler.LEAD_ANSWER),
    ("lead_unknown_step", Intent.INFORM, "x", False, Handler.LEAD_ANSWER),
    (Awaiting.CSAT_RATING, Intent.INFORM, "5", False, Handler.CSAT_ANSWER),
    (Awaiting.CSAT_RATING, Intent.DENY, "no thanks", False, Handler.CSAT_ANSWER),
    (Awaiting.CSAT_RATING, Intent.CHECK_ORDER_STATUS, "where is my order", False,
     Handler.REQUEST),
    (Awaiting.CSAT_COMMENT, Intent.CHECK_BALANCE, "what's my balance", False,
     Handler.CSAT_ANSWER),
    (Awaiting.HUMAN_OFFER, Intent.AFFIRM, "yes", False, Handler.HUMAN_OFFER_ACCEPTED),
    (Awaiting.HUMAN_OFFER, Intent.DENY, "no", False, Handler.REQUEST),
    (Awaiting.ORDER_NUMBER, Intent.AFFIRM, "yes", False, Handler.PIN_OFFER_ACCEPTED),
    (Awaiting.ORDER_NUMBER, Intent.INFORM, "5001", False, Handler.ORDER_NUMBER),
    (Awaiting.PIN, Intent.INFORM, "I forgot it", False, Handler.PIN_ANSWER),
    (Awaiting.PIN, Intent.NLU_FALLBACK, "uh two four six eight", False, Handler.PIN_ANSWER),
    (Awaiting.PIN, Intent.NLU_FALLBACK, "what?", False, Handler.REQUEST),
    (Awaiting.PIN, Intent.AFFIRM, "yes 2468", False, Handler.PIN_ANSWER),
    (Awaiting.IDENTITY, Intent.NLU_FALLBACK, "grace@navy.example", False,
     Handler.IDENTITY_ANSWER),
    (Awaiting.ORDER_CHOICE, Intent.CHECK_ORDER_STATUS, "the second", False,
     Handler.ORDER_CHOICE),
    ("no_such_state", Intent.INFORM, "5001", False, Handler.REQUEST),
    (Awaiting.PHONE_NUMBER_CONFIRM, Intent.DENY, "no", False, Handler.PHONE_NUMBER_CONFIRM),
    (Awaiting.LEAD_PHONE_CONFIRM, Intent.AFFIRM, "yes", False, Handler.LEAD_ANSWER),
    (Awaiting.CHANGE_CONFIRM, Intent.INFORM, "that's wrong", False, Handler.CHANGE_ANSWER),
    (Awaiting.CHANGE_CONFIRM, Intent.INFORM, "0", False, Handler.REQUEST),  # not on a call
]


@pytest.mark.parametrize("awaiting, intent, text, handoff_open, handler", ROUTES)
def test_route(awaiting: str | None, intent: str, text: str, handoff_open: bool,
               handler: Handler) -> None:
    assert route(awaiting, intent=intent, text=text, handoff_open=handoff_open) is handler


def test_on_a_call_a_lone_0_answers_a_yes_or_no_question() -> None:
    """Whisper writes a lone "No." as "0" or "Oh.": on a call it answers the confirmation
    of a change (read as a no there, helpdesk.text.yes_no); elsewhere it is no answer."""
    for text in ("0", "Oh.", "o"):
        assert route(Awaiting.CHANGE_CONFIRM, intent=Intent.INFORM, text=text,
                     voice=True) is Handler.CHANGE_ANSWER
        assert route(Awaiting.CHANGE_CONFIRM, intent=Intent.INFORM, text=text) is (
            Handler.REQUEST)
    assert route(Awaiting.CHANGE_CONFIRM, intent=Intent.INFORM, text="0 0",
                 voice=True) is Handler.REQUEST


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_policy_tells_route_whether_the_message_came_on_a_call(db_url: str) -> None:
    on_a_call = policy_tracker(Awaiting.CHANGE_CONFIRM, Intent.INFORM, "0", channel="voice")
    assert ConversationModePolicy.next_action(on_a_call) == ActionName.CHANGE_STEP
    in_chat = policy_tracker(Awaiting.CHANGE_CONFIRM, Intent.INFORM, "0", channel="rest")
    assert ConversationModePolicy.next_action(in_chat) is None


def policy_tracker(awaiting: str | None, intent: str, text: str,
                   after: str | None = None, channel: str | None = None) -> DialogueStateTracker:
    domain = Domain.from_dict({"slots": {
        Slot.AWAITING: {"type": "any", "mappings": [{"type": "custom"}]}}})
    events: list[Any] = [SlotSet(Slot.AWAITING, awaiting),
                         UserUttered(text, {"name": intent, "confidence": 1.0},
                                     input_channel=channel)]
    if after:
        events.append(ActionExecuted(after))
    return DialogueStateTracker.from_events("policy-test", events, slots=domain.slots)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_policy_follows_route(db_url: str) -> None:
    """Over an empty store (no open handoff), the policy predicts the mode action of every
    row's handler and abstains otherwise; after a mode action it listens."""
    for awaiting, intent, text, handoff_open, handler in ROUTES:
        if handoff_open:
            continue
        predicted = ConversationModePolicy.next_action(policy_tracker(awaiting, intent, text))
        assert predicted == mode_action(handler), (awaiting, intent, text)
    for action in MODE_ACTIONS.values():
        tracker = policy_tracker(None, Intent.GREET, "hi", after=action)
        assert ConversationModePolicy.next_action(tracker) == ACTION_LISTEN_NAME
    tracker = policy_tracker(None, Intent.GREET, "hi", after=ActionName.GREET)
    assert ConversationModePolicy.next_action(tracker) is None


# --- the voice contract -------------------------------------------------------------------------
def test_call_control_reaches_the_gateway_as_sent() -> None:
    """What an action sends (Turn.control) is what the gateway's reply parser reads."""
    turn = make_turn("bye", channel="voice", intent=Intent.GOODBYE)
    turn.control(contracts.hand_off("complaint", 7))
    turn.control(contracts.hang_up())
    # Rasa's REST channel puts an action's json_message under "custom".
    reply = parse_reply([{"recipient_id": "c", "custom": m["custom"]}
                         for m in turn.dispatcher.messages])
    assert reply.handoff == {"reason": "complaint", "handoff_id": 7} and reply.hangup


def test_the_caller_number_is_read_from_voice_messages_only() -> None:
    metadata = {contracts.CALLER_NUMBER_KEY: "+15559870100", contracts.CHANNEL_KEY: "voice"}
    assert make_turn("hi", channel="voice", metadata=metadata).caller_number == "+15559870100"
    assert make_turn("hi", channel="rest", metadata=metadata).caller_number is None


def test_the_contracts_import_nothing_of_the_project() -> None:
    """The voice gateway imports them: they must not pull in the core."""
    tree = ast.parse((PROJECT_ROOT / "helpdesk" / "conversation" / "contracts.py").read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "typing"}

