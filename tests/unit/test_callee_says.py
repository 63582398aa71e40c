"""A callee's opt-out, wrong number, "who is this?" and "call me back later" are heard however
they are put."""

from __future__ import annotations

import pytest

from helpdesk.text.callee_says import (
    asks_for_a_later_call,
    asks_not_to_be_called,
    asks_who_is_calling,
    says_wrong_number,
)


@pytest.mark.parametrize("text", [
    "Please stop calling me.", "stop calling", "Don't call me again", "do not call this number",
    "I don't want to be called again", "take me off your list", "remove my number from it",
    "unsubscribe", "put me on your do not call list", "no more calls please",
    "Never call here again."])
def test_opt_outs(text: str) -> None:
    assert asks_not_to_be_called(text)


@pytest.mark.parametrize("text", [
    "yes please", "call me back later", "can you call my wife instead", "4",
    "I was waiting for your call", "stop, what order?", "who is this"])
def test_not_opt_outs(text: str) -> None:
    assert not asks_not_to_be_called(text)


@pytest.mark.parametrize("text", ["Sorry, wrong number.", "There's no one here by that name",
                                  "she doesn't live here anymore", "you have the wrong person"])
def test_wrong_numbers(text: str) -> None:
    assert says_wrong_number(text) and not asks_not_to_be_called(text)


@pytest.mark.parametrize("text", ["Who is this?", "who's calling", "Sorry, who?",
                                  "what is this about", "why are you calling"])
def test_who_is_calling(text: str) -> None:
    assert asks_who_is_calling(text)
    assert not says_wrong_number(text)


@pytest.mark.parametrize("text", [
    "Can you call me back later?", "call me back", "Sorry, not a good time.", "I'm driving",
    "I can't talk right now", "try me tomorrow", "ring me in an hour",
    "Don't call me now, call me later."])
def test_later_calls(text: str) -> None:
    assert asks_for_a_later_call(text)


@pytest.mark.parametrize("text", ["Don't call me again", "never call me back", "yes",
                                  "stop calling me, I'm busy", "What time is it?"])
def test_not_later_calls(text: str) -> None:
    assert not asks_for_a_later_call(text)


def test_plain_answers_are_none_of_them() -> None:
    for text in ("yes", "no", "five", "1234", "I'm still interested", ""):
        assert not (asks_not_to_be_called(text) or says_wrong_number(text)
                    or asks_who_is_calling(text) or asks_for_a_later_call(text)), text
