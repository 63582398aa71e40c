"""Customers ask FAQ questions in their own words; editors' changes are live at once."""

from __future__ import annotations

import pytest

from helpdesk.faq.entries import FaqDraft, create_entry, delete_entry, update_entry
from helpdesk.faq.unanswered import list_unanswered
from tests.support.chat import answer_within
from tests.support.stacks import BotStack

pytestmark = pytest.mark.e2e


def test_faq_questions_in_the_customers_words(bot: BotStack, sender: str) -> None:
    answer = bot.say(sender, "can I send back shoes I wore once indoors")
    assert "worn indoors" in answer and "30 days" in answer
    canada = bot.say(sender + "-2", "do you ship to Canada")
    assert "Canada" in canada


def test_close_entries_are_offered_as_buttons(bot: BotStack, sender: str) -> None:
    messages = bot.send(sender, "can i return shoes")
    buttons = [b for m in messages for b in m.get("buttons", [])]
    assert len(buttons) >= 2 and "Which one did you mean" in messages[0]["text"]
    indoors = next(b for b in buttons if "indoors" in b["title"].lower())
    answer = bot.say(sender, indoors["payload"])
    assert "worn indoors" in answer


def test_no_weak_guess_and_the_question_is_listed(bot: BotStack, sender: str) -> None:
    answer = bot.say(sender, "do you sell unicorn saddles for my pony")
    assert "don't have an answer" in answer or "can't help with that" in answer
    listed = [q.text for q in list_unanswered(db_url=bot.db_url)]
    assert "do you sell unicorn saddles for my pony" in listed


def test_an_editors_change_is_answered_within_seconds(bot: BotStack, sender: str) -> None:
    draft = FaqDraft.from_mapping({
        "question": "Do you rent out climbing ropes?",
        "answer": "Yes, ropes rent for $12 a day at every store.",
        "alternates": ["can i hire a climbing rope"]})
    entry = create_entry(draft, "test-editor", db_url=bot.db_url)
    try:
        assert "$12 a day" in answer_within(bot, sender, "can I rent a climbing rope", "$12")
        update_entry(entry.id, FaqDraft.from_mapping({**draft.__dict__,
                                                      "answer": "Ropes rent for $15 a day."}),
                     "test-editor", db_url=bot.db_url)
        assert "$15" in answer_within(bot, sender, "can I rent a climbing rope", "$15")
    finally:
        delete_entry(entry.id, "test-editor", db_url=bot.db_url)
    gone = answer_within(bot, sender, "can I rent a climbing rope", "", ignore="$15")
    assert "$15" not in gone

