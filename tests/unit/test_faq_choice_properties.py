"""The FAQ entry picked with a button or keypad number: any `faq_id` a message carries
(users can type `/faq{"faq_id": ...}` themselves) is an entry or None, never an error."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq_answers import chosen_entry
from actions.turn import Turn


def turn_with(faq_id: str) -> Turn:
    message = {"text": "/faq", "entities": [{"entity": "faq_id", "value": faq_id}]}
    return Turn(CollectingDispatcher(), Tracker("t", {}, message, [], False, None, {}, None))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=12) | st.integers(min_value=0).map(str))
@example("²")  # isdigit() but int() refuses it: the action crashed
@example("99999999999999999999")
def test_any_faq_choice_is_an_entry_or_none(db_url: str, faq_id: str) -> None:
    assert chosen_entry(turn_with(faq_id)) is None  # the store is empty
