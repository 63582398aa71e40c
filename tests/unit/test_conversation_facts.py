"""Facts of a conversation from Rasa events: a generated set with known answers, plus the
edge cases (several sessions, masking, odd slot values, empty sessions)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import pytest
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from helpdesk.analytics.conversation_facts import conversation_facts, csat_value, latest_session

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc).timestamp()
SKILL_INTENTS = {"orders": "check_order_status", "billing": "check_balance",
                 "sales": "sales_interest", "general": "faq"}


class Script:
    """Builds a tracker's event dicts the way Rasa serialises them, one second apart."""

    def __init__(self, start: float = T0) -> None:
        self.clock = start
        self.events: list[dict[str, Any]] = []

    def _add(self, event: Any) -> Script:
        event.timestamp = self.clock
        self.clock += 1
        self.events.append(event.as_dict())
        return self

    def session(self) -> Script:
        self._add(ActionExecuted("action_session_start"))
        return self._add(SessionStarted())

    def user(self, text: str, intent: str, channel: str = "rest") -> Script:
        parse = {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text}
        return self._add(UserUttered(text, parse["intent"], [], parse, input_channel=channel))

    def bot(self, text: str) -> Script:
        self._add(ActionExecuted("action_x"))
        return self._add(BotUttered(text))

    def slot(self, name: str, value: Any) -> Script:
        return self._add(SlotSet(name, value))


def test_an_order_status_journey() -> None:
    script = (Script().session().user("where is my order 1042", "check_order_status")
              .bot("What's the phone number, email or customer ID on your account?")
              .user("ada@example.com", "inform").slot("customer_id", "K-100")
              .bot("Order 1042 has shipped.").user("thanks", "thank").bot("You're welcome!"))
    facts = conversation_facts("s1", script.events)
    assert facts is not None
    assert facts.conversation_id == "s1" and facts.channel == "rest"
    assert facts.started_at == dt.datetime.fromtimestamp(T0 + 1, dt.timezone.utc)
    assert facts.last_at == dt.datetime.fromtimestamp(script.clock - 1, dt.timezone.utc)
    assert facts.customer_id == "K-100" and facts.verified is False
    assert facts.user_turns == 3 and facts.fallback_turns == 0
    assert facts.intents == ["check_order_status", "inform", "thank"]
    assert facts.topic == "orders" and facts.outcome == "contained"
    assert not facts.handed_off and not facts.lead_captured and facts.csat_rating is None
    assert [line["role"] for line in facts.transcript] == ["user", "bot"] * 3
    assert facts.transcript[0]["text"] == "where is my order 1042"


def test_only_the_latest_session_counts_and_slots_do_not_carry_over() -> None:
    script = (Script().session().user("agent please", "request_human")
              .slot("handoff_requested", True).slot("customer_id", "K-1")
              .slot("csat_rating", 1.0).bot("Connecting you."))
    script.clock += 7200
    script.session().user("what's my balance", "check_balance", "voice").bot("Your PIN?")
    facts = conversation_facts("s2", script.events)
    assert facts is not None
    assert facts.started_at == dt.datetime.fromtimestamp(T0 + 7209, dt.timezone.utc)
    assert facts.user_turns == 1 and facts.intents == ["check_balance"]
    assert facts.channel == "voice" and facts.topic == "billing"
    assert facts.customer_id is None and facts.csat_rating is None
    assert not facts.handed_off and facts.outcome == "contained"
    assert latest_session(script.events)[0]["event"] == "session_started"


def test_handoff_stays_a_handoff_after_the_agent_returns_it_to_the_bot() -> None:
    script = (Script().session().user("has my parcel shipped", "check_shipment")
              .bot("It's in Tulsa OK.").user("I want a person", "request_human")
              .slot("handoff_requested", True).slot("handoff_reason", "customer_request")
              .bot("Connecting you.").slot("handoff_requested", False)
              .bot("You're back with the virtual assistant."))
    facts = conversation_facts("s3", script.events)
    assert facts is not None and facts.handed_off and facts.outcome == "handoff"
    assert facts.handoff_reason == "customer_request" and facts.topic == "orders"


def test_fallback_only_conversation_is_abandoned_and_lead_wins_over_contained() -> None:
    lost = (Script().session().user("blorp", "nlu_fallback").bot("Say it another way?")
            .user("zzz", "nlu_fallback").bot("Sorry."))
    facts = conversation_facts("s4", lost.events)
    assert facts is not None and facts.outcome == "abandoned"
    assert facts.fallback_turns == 2 and facts.user_turns == 2 and facts.topic == "general"
    unanswered = Script().session().user("where is my order", "check_order_status")
    assert conversation_facts("s5", unanswered.events).outcome == "abandoned"
    lead = (Script().session().user("I want to buy 20 pairs", "sales_interest")
            .bot("Your name?").slot("lead_id", "7").bot("Thanks!"))
    facts = conversation_facts("s6", lead.events)
    assert facts.lead_captured and facts.outcome == "lead" and facts.topic == "sales"


def test_pins_are_masked_in_the_transcript_and_verification_is_read() -> None:
    script = (Script().session().user("what's my balance", "check_balance")
              .slot("awaiting", "pin").bot("Please type your PIN.")
              .user("4 3 2 1", "inform").slot("verified", True).slot("awaiting", None)
              .bot("You're verified.").user("my pin is 9876 right", "inform").bot("Ok."))
    facts = conversation_facts("s7", script.events)
    texts = [line["text"] for line in facts.transcript]
    assert "4 3 2 1" not in texts and "4321" not in " ".join(texts)
    assert "9876" not in " ".join(texts) and facts.verified is True


def test_csat_values_and_comment() -> None:
    script = (Script().session().user("thanks", "thank").bot("Rate us 1-5?")
              .slot("csat_rating", 4.0).slot("csat_comment", "quick and clear"))
    facts = conversation_facts("s8", script.events)
    assert facts.csat_rating == 4 and facts.csat_comment == "quick and clear"
    assert [csat_value(v) for v in (5, "3", 2.0, 0, 6, 4.5, True, None, "five")] == [
        5, 3, 2, None, None, None, None, None, None]


def test_empty_inputs() -> None:
    assert conversation_facts("x", []) is None
    only_start = conversation_facts("x", Script().session().events)
    assert only_start is not None and only_start.user_turns == 0
    assert only_start.topic is None and only_start.channel == "" and only_start.intents == []
    # A tracker without session_started (very old trackers): all events are the session.
    plain = conversation_facts("x", Script().user("hi", "greet").bot("Hello!").events)
    assert plain.user_turns == 1 and plain.outcome == "contained"


@dataclass
class Plan:
    """What a generated conversation is, and so what its facts must be."""

    channel: str
    skill: str
    customer: str | None
    fallbacks: int
    handoff: bool
    lead: bool
    rating: int | None
    answered: bool
    intents: list[str] = field(default_factory=list)


def _generate(rng: random.Random) -> tuple[Plan, list[dict[str, Any]]]:
    plan = Plan(channel=rng.choice(["rest", "socketio", "voice"]),
                skill=rng.choice(list(SKILL_INTENTS)),
                customer=rng.choice([None, "K-100", "K-200"]), fallbacks=rng.randint(0, 2),
                handoff=rng.random() < 0.3, lead=rng.random() < 0.2,
                rating=rng.choice([None, 1, 2, 3, 4, 5]), answered=rng.random() < 0.8)
    script = Script(T0 + rng.randint(0, 10**6)).session()
    script.user("hello", "greet", plan.channel)
    if plan.answered:
        script.bot("Hi! How can I help?")
    plan.intents.append("greet")
    for _ in range(plan.fallbacks):
        script.user("mmm", "nlu_fallback", plan.channel).bot("Sorry?")
        plan.intents.append("nlu_fallback")
    script.user("about that", SKILL_INTENTS[plan.skill], plan.channel)
    plan.intents.append(SKILL_INTENTS[plan.skill])
    if plan.customer:
        script.slot("customer_id", plan.customer)
    if plan.answered:
        script.bot("Here you go.")
    if plan.handoff:
        script.slot("handoff_requested", True).slot("handoff_reason", "customer_request")
    if plan.lead:
        script.slot("lead_id", "12")
    if plan.rating is not None:
        script.slot("csat_rating", float(plan.rating))
    return plan, script.events


def test_a_generated_set_of_conversations_has_exactly_the_planned_facts() -> None:
    rng = random.Random(7)
    outcomes = set()
    for index in range(40):
        plan, events = _generate(rng)
        facts = conversation_facts(f"gen-{index}", events)
        assert facts is not None
        expected_outcome = ("handoff" if plan.handoff else "lead" if plan.lead else
                            "contained" if plan.answered else "abandoned")
        outcomes.add(expected_outcome)
        assert (facts.channel, facts.topic, facts.customer_id) == (
            plan.channel, plan.skill, plan.customer)
        assert facts.user_turns == 2 + plan.fallbacks
        assert facts.fallback_turns == plan.fallbacks and facts.intents == plan.intents
        assert facts.handed_off == plan.handoff and facts.lead_captured == plan.lead
        assert facts.csat_rating == plan.rating and facts.outcome == expected_outcome
        assert facts.handoff_reason == ("customer_request" if plan.handoff else None)
    assert outcomes == {"handoff", "lead", "contained", "abandoned"}


@pytest.mark.parametrize("channel", ["rest", "socketio", "voice"])
def test_channel_is_the_latest_user_messages(channel: str) -> None:
    script = Script().session().user("hi", "greet", "rest").user("order", "check_order_status",
                                                                 channel)
    assert conversation_facts("c", script.events).channel == channel


def test_a_campaign_call_is_counted_as_outbound_not_as_a_phone_conversation() -> None:
    from helpdesk.analytics.conversation_facts import conversation_facts

    events = [{"event": "session_started", "timestamp": 1.0},
              {"event": "user", "timestamp": 2.0, "text": "/outbound_call",
               "input_channel": "voice", "parse_data": {"intent": {"name": "outbound_call"}}},
              {"event": "bot", "timestamp": 2.5, "text": "Hello, this is Ridgeline."},
              {"event": "user", "timestamp": 3.0, "text": "four", "input_channel": "voice",
               "parse_data": {"intent": {"name": "inform"}}}]
    assert conversation_facts("CA1", events).channel == "outbound"
    inbound = [events[0], {**events[3], "timestamp": 2.0}]
    assert conversation_facts("CA2", inbound).channel == "voice"
