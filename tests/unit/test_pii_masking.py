"""Card numbers and email addresses are masked wherever conversations are stored."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import BotUttered, UserUttered

from helpdesk.conversation.events import lines_from_events
from helpdesk.privacy.pii import emails_as_word, luhn_valid, mask_pii, without_cards
from helpdesk.rasa_plugins.tracker_store import masked_events


@pytest.mark.parametrize("text, masked", [
    ("my card is 4111 1111 1111 1111", "my card is **** **** **** 1111"),
    ("4111-1111-1111-1111 expires 12/28", "**** **** **** 1111 expires 12/28"),
    ("amex 378282246310005", "amex **** **** **** 0005"),
    ("email grace@navy.example please", "email g***@navy.example please"),
    ("A.Turing+shop@bletchley.example.co.uk", "A***@bletchley.example.co.uk"),
])
def test_cards_and_emails_are_masked(text: str, masked: str) -> None:
    assert mask_pii(text) == masked


@pytest.mark.parametrize("text", [
    "where is order 5001", "tracking 1Z999AA10123456784", "call me on +1 555 987 0300",
    "4111 1111 1111 1112",  # fails the Luhn check: not a card
    "order 12345678901234",  # 14 digits, not Luhn valid
    "my pin is 2468", "",
])
def test_other_numbers_stay(text: str) -> None:
    assert mask_pii(text) == text


def test_luhn() -> None:
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")


def test_stored_events_and_transcripts_are_masked() -> None:
    card = UserUttered("pay with 4111 1111 1111 1111", {"name": "inform"},
                       [{"entity": "email", "value": "grace@navy.example"}],
                       parse_data={"text": "pay with 4111 1111 1111 1111",
                                   "intent": {"name": "inform"},
                                   "entities": [{"entity": "email",
                                                 "value": "grace@navy.example"}]})
    bot = BotUttered("I have: email grace@navy.example. Shall I save it?")
    stored = list(masked_events([card, bot, UserUttered("where is order 5001")]))
    assert stored[0].text == "pay with **** **** **** 1111"
    assert "4111 1111" not in str(stored[0].as_dict())
    assert "grace@navy.example" not in str(stored[0].as_dict())
    assert stored[1].text == "I have: email g***@navy.example. Shall I save it?"
    assert stored[2].text == "where is order 5001"
    assert card.text == "pay with 4111 1111 1111 1111"  # the live event is untouched
    lines = lines_from_events([e.as_dict() for e in (card, bot)])
    assert [line.text for line in lines] == [
        "pay with **** **** **** 1111", "I have: email g***@navy.example. Shall I save it?"]


def test_card_numbers_are_taken_out_before_reading_numbers() -> None:
    assert without_cards("I paid with 4111 1111 1111 1111, order 5001").split() == [
        "I", "paid", "with", ",", "order", "5001"]
    assert without_cards("call +1 555 987 0300 about 5001") == "call +1 555 987 0300 about 5001"


def test_emails_read_as_a_word_keep_every_other_offset() -> None:
    text = "my email is NOBODY@NOWHERE.EXAMPLE, thanks"
    neutral = emails_as_word(text)
    assert len(neutral) == len(text) and neutral.endswith(", thanks")
    assert neutral.split() == ["my", "email", "is", "email", ",", "thanks"]
