"""Campaign calls (actions/campaign_calls.py) as conversations through the `Turn` seam:
each message goes to the action Rasa would pick (the policy's `route`, else the intent's
rule), on the voice channel, with the callee's number and the call's attempt as the
gateway sends them. The store is a private copy of the test CRM (Lin Okafor, K-500,
+15559870500, PIN 5150) with a campaign and an attempt made by the dialer's own steps."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

import actions.campaign_entry_points  # noqa: F401 - registers the classes
from helpdesk.campaigns import attempts, store
from helpdesk.campaigns.models import CallAttempt
from helpdesk.campaigns.rules import parse_rules
from helpdesk.campaigns.targets import Target
from helpdesk.config import PROJECT_ROOT
from helpdesk.conversation.state import mode_action, route
from helpdesk.leads.store import list_leads
from helpdesk.store.database import session_scope
from tests.support.turns import all_actions, make_tracker, user_event

RULES = {rule["steps"][0]["intent"]: rule["steps"][1]["action"] for rule in yaml.safe_load(
    (PROJECT_ROOT / "bot" / "rules.yml").read_text())["rules"]}
ACTIONS = all_actions()
LIN_PHONE = "+15559870500"
NOW = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.timezone.utc)


class Call:
    """One campaign call: slots and earlier messages carry over; every message comes
    through the voice channel with the gateway's metadata."""

    def __init__(self, attempt: int | None) -> None:
        self.metadata: dict[str, Any] = {"channel": "voice", "caller_number": LIN_PHONE,
                                         "transport": "twilio", "call_id": "CA1"}
        if attempt is not None:
            self.metadata["outbound_attempt"] = attempt
        self.slots: dict[str, Any] = {}
        self.history: list[dict[str, Any]] = []
        self.controls: list[dict[str, Any]] = []

    def say(self, text: str, intent: str = "inform", keyed: bool = False) -> str:
        metadata = {**self.metadata, **({"dtmf": text} if keyed else {})}
        action = mode_action(route(self.slots.get("awaiting"), intent=intent, text=text,
                                   voice=True)) or RULES[intent]
        tracker = make_tracker(text, self.slots, intent=intent, history=self.history,
                               metadata=metadata, channel="voice")
        dispatcher = CollectingDispatcher()
        for event in asyncio.run(ACTIONS[action].run(dispatcher, tracker, {})):
            if event["event"] == "slot":
                self.slots[event["name"]] = event["value"]
        self.history.append(user_event(text, intent, channel="voice", metadata=metadata))
        self.controls += [m["custom"] for m in dispatcher.messages if m.get("custom")]
        return " ".join(m.get("text") or "" for m in dispatcher.messages)

    @property
    def hung_up(self) -> bool:
        return any(c.get("hangup") for c in self.controls)


@pytest.fixture(autouse=True)
def crm(loaded_sqlite_url: str) -> str:
    return loaded_sqlite_url


def dialled(purpose: str, variables: dict[str, str] | None = None,
            script: dict[str, Any] | None = None) -> int:
    """A running campaign for Lin, her contact claimed: the attempt id."""
    cid = store.create_campaign("Test", purpose, [Target(LIN_PHONE, "K-500", variables or {})],
                                parse_rules({"timezone": "UTC"}, 4), script or {}, "sup")
    store.control(cid, "start")
    claim = attempts.claim(cid, "UTC", NOW)
    assert claim is not None
    attempts.placed(claim.attempt_id, f"CA{claim.attempt_id:032x}")
    return claim.attempt_id


def contact_answers(attempt_id: int) -> tuple[str | None, dict[str, Any]]:
    detail = store.campaign_detail(attempts.call_context(attempt_id).campaign_id)
    with session_scope() as session:
        bot_outcome = session.get(CallAttempt, attempt_id).bot_outcome
    return bot_outcome, detail["contacts"][0]["answers"]


def test_a_survey_says_who_calls_asks_its_questions_and_keeps_the_ratings() -> None:
    attempt = dialled("survey", script={"questions": ["How was the delivery?",
                                                      "How likely are you to order again?"]})
    call = Call(attempt)
    opening = call.say("/outbound_call", "outbound_call")
    assert opening.startswith("Hello Lin, this is Ridgeline Outfitters, calling to ask how "
                              "your recent order went.")
    assert "How was the delivery?" in opening and "press 9" in opening
    assert call.slots["awaiting"] == "campaign_survey"
    assert "How likely are you to order again?" in call.say("Four.")
    assert "that's all" in call.say("5", keyed=True) and call.hung_up
    assert contact_answers(attempt) == ("completed", {"q1": 4, "q2": 5})
    assert call.slots["csat_rating"] == 4.0


def test_a_notification_tells_the_details_only_after_the_pin() -> None:
    attempt = dialled("notification", {"order_id": "6001"})
    call = Call(attempt)
    opening = call.say("/outbound_call", "outbound_call")
    assert "with an update about your order" in opening and "6001" not in opening
    assert "PIN" in opening and call.slots["awaiting"] == "pin"
    answer = call.say("5150")
    assert "verified" in answer and "6001" in answer


def test_an_appointment_reminder_reads_the_appointment_only_after_the_pin() -> None:
    attempt = dialled("reminder", {"appointment": "Tuesday 8 December at 10:00 at the "
                                                  "Denver store"})
    call = Call(attempt)
    opening = call.say("/outbound_call", "outbound_call")
    assert "with a reminder" in opening and "details of your appointment" in opening
    assert "Denver" not in opening and call.slots["awaiting"] == "pin"
    assert "Denver" not in call.say("1111")  # a wrong PIN hears nothing of it
    answer = call.say("5150")
    assert "Your appointment is Tuesday 8 December at 10:00 at the Denver store." in answer
    assert contact_answers(attempt)[1] == {"appointment_heard": True}
    assert not call.slots.get("pending_request") and not call.hung_up


def test_stop_calling_me_or_key_nine_goes_on_the_list_at_once() -> None:
    attempt = dialled("survey")
    call = Call(attempt)
    call.say("/outbound_call", "outbound_call")
    goodbye = call.say("Please stop calling me.")
    assert "won't call it again" in goodbye and call.hung_up
    assert LIN_PHONE in [d["phone"] for d in store.do_not_call_list()]
    assert contact_answers(attempt)[0] == "opted_out"
    store.remove_do_not_call(LIN_PHONE)
    keyed = Call(dialled("notification", {"order_id": "6001"}))
    keyed.say("/outbound_call", "outbound_call")
    assert "won't call it again" in keyed.say("9", keyed=True) and keyed.hung_up
    assert LIN_PHONE in [d["phone"] for d in store.do_not_call_list()]


def test_who_is_this_and_wrong_number_get_a_short_path() -> None:
    attempt = dialled("lead_callback", {"interest": "a tent for four"})
    call = Call(attempt)
    assert "about a tent for four" in call.say("/outbound_call", "outbound_call")
    again = call.say("Sorry, who is this?")
    assert again.startswith("This is Ridgeline Outfitters, returning your call.")
    assert "still interested" in again and not call.hung_up
    assert "won't call this number again" in call.say("You have the wrong number.")
    assert call.hung_up
    assert contact_answers(attempt) == ("completed", {"wrong_number": True})


def test_not_a_good_time_books_a_callback_lead_with_the_time_given() -> None:
    attempt = dialled("notification", {"order_id": "6001"})
    call = Call(attempt)
    call.say("/outbound_call", "outbound_call")
    assert "better time to call you back" in call.say("Sorry, I'm driving, can you call "
                                                       "me back later?")
    assert call.slots["awaiting"] == "campaign_callback" and not call.hung_up
    again = call.say("Who is this?")
    assert again.startswith("This is Ridgeline Outfitters") and "better time" in again
    goodbye = call.say("Tomorrow after 5 pm.")
    assert "call you back then: Tomorrow after 5 pm" in goodbye and call.hung_up
    lead = next(lead for lead in list_leads() if lead.reason == "campaign_callback")
    assert (lead.phone, lead.best_time, lead.customer_id) == (
        LIN_PHONE, "Tomorrow after 5 pm", "K-500")
    assert "update about your order" in lead.interest and "6001" not in lead.interest
    assert contact_answers(attempt)[1] == {"callback_time": "Tomorrow after 5 pm"}


def test_a_lead_callback_no_closes_it_and_a_call_without_a_campaign_ends() -> None:
    attempt = dialled("lead_callback")
    call = Call(attempt)
    call.say("/outbound_call", "outbound_call")
    assert "Thanks for letting us know" in call.say("no thanks", "deny") and call.hung_up
    assert contact_answers(attempt) == ("completed", {"interested": False})
    stray = Call(None)
    assert "by mistake" in stray.say("/outbound_call", "outbound_call") and stray.hung_up


def test_an_opt_out_on_an_inbound_call_with_a_trusted_number_counts_too() -> None:
    call = Call(None)
    assert "won't call it again" in call.say("don't call me again", "goodbye")
    assert json.dumps(store.do_not_call_list()).count(LIN_PHONE) == 1


def test_asking_for_a_person_during_a_survey_hands_the_call_over(crm: str) -> None:
    from tests.support.console import online_agent

    online_agent(crm)
    attempt = dialled("survey")
    call = Call(attempt)
    call.say("/outbound_call", "outbound_call")
    call.say("Can I talk to a person please?", "request_human")
    assert any(c.get("handoff") for c in call.controls)
    assert contact_answers(attempt) == ("handed_off", {"asked_for_a_person": True})

