"""Yes and no in words (helpdesk/text/yes_no.py), the one reader of the answers to the bot's
yes-or-no questions: a table of phrasings, and what each caller relies on."""

from __future__ import annotations

import pytest

from helpdesk.text.yes_no import Answer, answer, answers, declines, in_doubt, is_no, is_yes

YES, NO, UNCLEAR = Answer.YES, Answer.NO, Answer.UNCLEAR


@pytest.mark.parametrize(("text", "expected"), [
    # yes
    ("yes", YES), ("Yes.", YES), ("YES!", YES), ("yes please", YES), ("yeah", YES),
    ("Yep", YES), ("yup", YES), ("sure", YES), ("ok", YES), ("Okay.", YES), ("correct", YES),
    ("right", YES), ("That's right.", YES), ("that\u2019s right", YES), ("thats right", YES),
    ("that is correct", YES), ("exactly", YES), ("absolutely", YES), ("of course", YES),
    ("please do", YES), ("go ahead", YES), ("do it", YES), ("uh, yes", YES),
    ("Um yeah that's it", YES), ("yes, 5001", YES), ("/affirm", YES), ("  ...yes", YES),
    # no
    ("no", NO), ("No.", NO), ("no thanks", NO), ("nope", NO), ("nah", NO), ("wrong", NO),
    ("That's wrong.", NO), ("not right", NO), ("not correct", NO), ("incorrect", NO),
    ("that's not my number", NO), ("no, it's 5002", NO), ("Oh no", NO), ("/deny", NO),
    # a no to going on
    ("don't", NO), ("dont do it", NO), ("do not", NO), ("stop", NO), ("cancel that", NO),
    ("never mind", NO), ("nevermind", NO), ("forget it", NO), ("leave it", NO),
    ("not now", NO),
    # neither
    ("", UNCLEAR), ("maybe", UNCLEAR), ("not sure", UNCLEAR), ("nobody told me", UNCLEAR),
    ("now what", UNCLEAR), ("yesterday", UNCLEAR), ("okra", UNCLEAR), ("rightly so", UNCLEAR),
    ("what are your opening hours", UNCLEAR), ("5001", UNCLEAR), ("uh-huh", UNCLEAR),
    ("0", UNCLEAR), ("Oh.", UNCLEAR), ("o", UNCLEAR),  # not spoken: no answer
])
def test_the_first_words_answer_the_question(text: str, expected: Answer) -> None:
    assert answer(text) is expected
    assert is_yes(text) is (expected is YES) and is_no(text) is (expected is NO)
    assert answers(text) is (expected is not UNCLEAR)


@pytest.mark.parametrize("text", ["0", "0.", "Oh.", "oh", "O", "O!", " oh. "])
def test_on_a_call_a_lone_0_or_oh_is_whispers_no(text: str) -> None:
    assert answer(text, spoken=True) is NO and is_no(text, spoken=True)
    assert answer(text) is UNCLEAR and not is_no(text)  # typed, or no yes/no awaited


@pytest.mark.parametrize("text", ["0 0", "oh five", "00", "Oh, I see what you mean", "10"])
def test_only_a_lone_0_or_oh_is_a_spoken_no(text: str) -> None:
    assert answer(text, spoken=True) is UNCLEAR


def test_a_spoken_yes_stays_a_yes() -> None:
    assert answer("Yes.", spoken=True) is YES and answer("Oh, yes.", spoken=True) is YES


@pytest.mark.parametrize(("text", "doubt"), [
    ("yes", False), ("yes please", False), ("sure, go ahead", False), ("yes, not right", True),
    ("yeah no", True), ("yes but wait", True), ("yes, that isn't it", True),
    ("yes, that isnt it", True), ("ok don't", True), ("yes it's wrong", True),
    ("yes, that's incorrect", True), ("yes, nobody else", False),
])
def test_a_yes_that_says_something_is_wrong_is_in_doubt(text: str, doubt: bool) -> None:
    assert in_doubt(text) is doubt


@pytest.mark.parametrize(("text", "declined"), [
    ("no", True), ("No thanks.", True), ("nope", True), ("stop", True), ("never mind", True),
    ("forget that", True), ("not now", True), ("don't bother", True),
    # answers to a free-text question ("why are you returning it?", "the new address?")
    ("wrong size", False), ("not right for me", False), ("incorrect colour", False),
    ("it arrived damaged", False), ("12 Main Street", False), ("yes", False),
])
def test_declining_a_free_text_question(text: str, declined: bool) -> None:
    assert declines(text) is declined


def test_a_question_may_add_words_that_are_a_yes_to_it_only() -> None:
    save = ("save", "save it", "confirm")
    for text in ("save it", "Save.", "confirm", "yes"):
        assert is_yes(text, also_yes=save)
    assert not is_yes("save it") and answer("save it") is UNCLEAR
    assert not is_yes("saved nothing", also_yes=save)
