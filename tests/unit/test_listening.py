"""What a call listens for next (voice_gateway/pipeline/listening.py): the hotwords built
from the bot's reply, bounded, and the confidence of a transcript."""

from __future__ import annotations

import math
from types import SimpleNamespace

from voice_gateway.pipeline.listening import (
    DIGITS_HINT,
    MAX_HOTWORD_CHARS,
    Expectation,
    expectation,
    hotwords,
    title_words,
)
from voice_gateway.services.rasa_client import parse_reply
from voice_gateway.services.speech_models import digit_probabilities, transcript_confidence


def test_button_titles_give_the_names_of_the_listed_items() -> None:
    assert title_words("5001 · Nov 10 · 1x rain jacket; 2x beanie") == [
        "5001", "Nov 10", "rain jacket", "beanie"]
    assert title_words("Shipping times") == ["Shipping times"]


def test_a_reply_expects_its_expect_words_then_its_buttons() -> None:
    expected = expectation([{"words": ["5003", "5002"], "digits": True}, {"words": ["yes"]}],
                           ["How long does shipping take?", "Returns"])
    assert expected == Expectation(
        ("5003", "5002", "yes", "How long does shipping take?", "Returns"), True)
    assert expectation([], []) == Expectation()
    # What is not a word is ignored, not a crash.
    assert expectation([{"words": [3, None, "ok"], "digits": "yes"}], []) == (
        Expectation(("ok",), False))


def test_hotwords_list_each_word_once_digits_first() -> None:
    assert hotwords(Expectation(("5001", "rain jacket", "Rain Jacket ", "5001"), True)) == (
        f"{DIGITS_HINT}, 5001, rain jacket")
    assert hotwords(Expectation(("yes", "no"))) == "yes, no"
    assert hotwords(Expectation()) is None


def test_hotwords_are_bounded_by_whole_words() -> None:
    words = tuple(f"item number {n}" for n in range(100))
    built = hotwords(Expectation(words, True))
    assert built is not None and len(built) <= MAX_HOTWORD_CHARS
    assert built.startswith(DIGITS_HINT) and built.endswith(tuple(words))
    assert hotwords(Expectation(("x" * 500,))) == "x" * 40  # one phrase is cut short


def test_a_transcript_is_as_sure_as_its_weakest_segment_or_digit() -> None:
    assert transcript_confidence([-0.1, -0.9]) == round(math.exp(-0.9), 3)
    assert transcript_confidence([0.2]) == 1.0
    assert transcript_confidence([]) is None
    assert transcript_confidence([-0.1], [0.99, 0.4]) == 0.4
    assert transcript_confidence([-0.9], [0.99]) == round(math.exp(-0.9), 3)
    words = [SimpleNamespace(word=" order", probability=0.2),
             SimpleNamespace(word=" 5001", probability=0.6)]
    assert digit_probabilities([SimpleNamespace(words=words), SimpleNamespace(words=None)]) == [
        0.6]


def test_a_reply_s_expect_messages_are_kept_beside_its_call_control() -> None:
    reply = parse_reply([
        {"text": "For your security, please say or key in your PIN."},
        {"custom": {"expect": {"words": [], "digits": True}}},
        {"custom": {"expect": "not an object"}},
        {"custom": {"hangup": True, "expect": {"words": ["yes", "no"]}}},
    ])
    assert reply.texts == ["For your security, please say or key in your PIN."]
    assert reply.expected == [{"words": [], "digits": True}, {"words": ["yes", "no"]}]
    assert reply.hangup


def test_the_fewest_digits_asked_for_is_kept_and_nonsense_is_ignored() -> None:
    assert expectation([{"words": [], "digits": True, "min_digits": 10},
                        {"words": [], "digits": True, "min_digits": 4}], []).min_digits == 4
    assert expectation([{"words": ["yes", "no"]}], []).min_digits is None
    for bad in (0, -3, True, "4", 99):
        assert expectation([{"digits": True, "min_digits": bad}], []).min_digits is None
