"""How customers answer the satisfaction question."""

from __future__ import annotations

import pytest

from helpdesk.text.ratings import answers_rating_question, is_decline, parse_rating


@pytest.mark.parametrize("text, rating", [
    ("5", 5), ("1", 1), ("five", 5), ("Four stars", 4), ("4/5", 4), ("3 out of 5", 3),
    ("I'd give it a 4", 4), ("I rate it 2.", 2), ("⭐⭐⭐", 3), ("two", 2), ("to", 2),
    (" 5 ", 5),
])
def test_ratings_in_many_forms(text: str, rating: int) -> None:
    assert parse_rating(text) == rating


@pytest.mark.parametrize("text", [
    "6", "0", "10", "55", "where is my order 5", "5001", "", "five hundred", "<b>5</b>",
])
def test_not_a_rating(text: str) -> None:
    assert parse_rating(text) is None


@pytest.mark.parametrize("text", ["no thanks", "No", "skip", "not now", "/deny", "bye",
                                  "I'd rather not"])
def test_declines(text: str) -> None:
    assert is_decline(text) and answers_rating_question(text)


def test_a_new_question_is_no_answer() -> None:
    assert not answers_rating_question("what's my balance")
    assert not is_decline("nothing arrived yet")


def test_a_spoken_rating_may_come_wrapped_in_words() -> None:
    from helpdesk.text.ratings import spoken_rating

    assert [spoken_rating(t) for t in ("number 4", "I will give it a 4.", "five", "3 stars")
            ] == [4, 4, 5, 3]
    for no_rating in ("order 1042", "4.5", "I have 2 orders and 3 returns", "Order", ""):
        assert spoken_rating(no_rating) is None, no_rating
