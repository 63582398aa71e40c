"""The pure rules of natural dialogue: references to listed orders and corrections
(helpdesk/conversation/references.py), messages for a person (helpdesk/text/escalation.py),
what a message asks (helpdesk/text/asks.py) and FAQ answers per channel
(helpdesk/faq/channel_wording.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from helpdesk.conversation.references import (
    ListedOrder,
    Reference,
    is_correction,
    item_names,
    looks_like_reference,
    mentioned_dates,
    resolve,
)
from helpdesk.faq.channel_wording import for_channel
from helpdesk.text import asks
from helpdesk.text.escalation import damage_complaint, damage_word, escalation_reason, shouting

# The demo customer Ada's latest orders, newest first, as the bot lists them.
ADA = [ListedOrder("1045", dt.date(2026, 11, 15), "1x backpack"),
       ListedOrder("1042", dt.date(2026, 11, 2), "2x trail shoes"),
       ListedOrder("1046", dt.date(2026, 10, 5), "1x tent; 2x wool socks")]


@pytest.mark.parametrize("text, order_id, how", [
    ("the backpack", "1045", "item"),
    ("the shoes one", "1042", "item"),  # the failing examples
    ("uh the backpak", "1045", "item"),  # a typo
    ("the one with the socks", "1046", "item"),
    ("the tent one", "1046", "item"),  # "one" here is no position
    ("the second one", "1042", "position"),
    ("the last one", "1046", "position"),
    ("two", "1042", "position"),  # by voice
    ("number 3", "1046", "position"),
    ("uh the second one i think", "1042", "position"),
    ("the latest", "1045", "position"),
    ("the oldest one", "1046", "position"),
    ("the one from November 2", "1042", "date"),  # not the second position
    ("the one from the 2nd of november", "1042", "date"),
    ("the order from nov 15", "1045", "date"),
    ("the one from october", "1046", "date"),
    ("11/2", "1042", "date"),
    ("1046", "1046", "number"),
    ("sorry, I meant 1045", "1045", "number"),
])
def test_a_reference_finds_the_listed_order(text: str, order_id: str, how: str) -> None:
    found = resolve(text, ADA, current="1042" if how != "item" else None)
    assert (found.order_id, found.how) == (order_id, how), found


def test_the_other_one_is_the_other_of_two_and_ambiguous_of_three() -> None:
    assert resolve("no, the other one", ADA[:2], current="1045").order_id == "1042"
    of_three = resolve("no, the other one", ADA, current="1045")
    assert of_three.ambiguous and of_three.candidates == ("1042", "1046")


@pytest.mark.parametrize("text", ["the red one", "the one from december 24", "where is my order",
                                  "9999", "what's my balance"])
def test_what_names_none_of_them_picks_nothing(text: str) -> None:
    assert resolve(text, ADA).order_id is None


def test_an_item_in_two_orders_is_ambiguous() -> None:
    listed = [ListedOrder("1", dt.date(2026, 1, 1), "1x wool socks"),
              ListedOrder("2", dt.date(2026, 1, 2), "2x wool socks; 1x tent")]
    assert resolve("the socks", listed) == Reference(None, ("1", "2"), "item")
    assert resolve("anything", []) == Reference()


@pytest.mark.parametrize("text, reference, correction", [
    ("the backpack", True, False),
    ("what about the second one", True, False),
    ("sorry, I meant 1045", True, True),
    ("no, the other one", True, True),
    ("oops wrong one", True, True),
    ("do you sell backpacks", False, False),
    ("where is my order", False, False),
    ("I would like to know how long shipping to canada takes for a backpack", False, False),
])
def test_references_and_corrections_are_told_from_new_questions(
        text: str, reference: bool, correction: bool) -> None:
    assert looks_like_reference(text) is reference
    assert is_correction(text) is correction


def test_dates_and_item_names() -> None:
    assert mentioned_dates("the one from November 2") == [(11, 2)]
    assert mentioned_dates("from 5th of oct") == [(10, 5)]
    assert mentioned_dates("nothing here") == []
    assert item_names("2x hiking boots; 1x wool socks") == ["hiking boots", "wool socks"]


@pytest.mark.parametrize("text, reason", [
    ("I am absolutely furious", "angry_customer"),
    ("this is the third time I'm writing", "repeated_contact"),
    ("I've asked 3 times already and nothing", "repeated_contact"),
    ("WHERE IS MY ORDER I HAVE BEEN WAITING FOR WEEKS", "angry_customer"),
    ("where the f*** is my stuff, this is bullshit", "angry_customer"),
    ("what the hell is going on with my delivery", "angry_customer"),
    ("my order 1042 arrived damaged and I'm really upset", "damaged_order"),
    ("the box came crushed and the tent is broken", "damaged_order"),
    ("this is urgent, I need it by friday", "urgent"),
    ("what if my item arrives damaged", None),  # a question for the FAQ
    ("is the tent waterproof or will it get wet", None),
    ("where is my order 1042", None),
    ("I need UPS tracking", None),
    ("", None),
])
def test_escalation_reasons(text: str, reason: str | None) -> None:
    assert escalation_reason(text) == reason


def test_shouting_and_damage_rules() -> None:
    assert shouting("WHERE IS IT")
    assert not shouting("I got a UPS and a DHL parcel")
    assert not shouting("OK")
    assert damage_complaint("the zipper was broken when it came")
    assert not damage_complaint("do you replace broken items")


def test_a_damaged_delivery_to_send_back_is_told_from_anger() -> None:
    """The words a damaged delivery's return starts from (actions/dialogue.escalate)."""
    wants_back = "my order 1042 arrived damaged, I want to return it"
    assert damage_word(wants_back) == "damaged" and asks.asks_for_return(wants_back)
    assert escalation_reason(wants_back, damage=False) is None
    assert damage_word("the lid was cracked when it came") == "cracked"
    assert damage_word("what if my item arrives damaged") is None
    for angry in ("it arrived damaged and I'm absolutely furious, I want to return it",
                  "third time I'm writing, it arrived broken, send it back"):
        assert escalation_reason(angry) == "damaged_order"
        assert escalation_reason(angry, damage=False) in ("angry_customer", "repeated_contact")
    assert asks.asks_for_return("I'd like my money back") and asks.asks_for_return(
        "can I send them back")
    assert not asks.asks_for_return("it arrived broken, please send a replacement")
    assert not asks.asks_for_return("I already returned it")


def test_a_change_is_told_from_a_pick_or_a_correction() -> None:
    for change in ("no, cancel order 5003", "return the backpack", "sorry, change the address",
                   "my email is wrong"):
        assert asks.asks_for_change(change), change
    for pick in ("the backpack", "sorry, I meant 5003", "no, the other one", "the second one"):
        assert not asks.asks_for_change(pick), pick


@pytest.mark.parametrize("text, when", [
    ("when will my order arrive", True), ("what's the ETA", True),
    ("how long until it gets here", True), ("when is order 5001 coming", True),
    ("what day will my parcel be delivered", True),
    ("where is my order", False), ("what's the status of order 5001", False),
    ("when did I place order 5001", False),
])
def test_a_question_for_the_delivery_date(text: str, when: bool) -> None:
    assert asks.asks_when_delivered(text) is when


@pytest.mark.parametrize("text, first, second", [
    ("where is order 1042 and how many points do I have", asks.ORDER, asks.BALANCE),
    ("what's my store credit and where is my parcel", asks.BALANCE, asks.SHIPMENT),
    ("what's my balance and order 5001 please", asks.BALANCE, asks.ORDER),
    ("where is order 1042", asks.ORDER, None),
    ("has order 1042 shipped and when will it arrive", asks.ORDER, None),  # one request
    ("how many points do I have", asks.BALANCE, None),
])
def test_the_second_request_of_a_message(text: str, first: str, second: str | None) -> None:
    assert asks.second_request(text, first) == second


def test_lookups_and_requests_the_bot_cannot_do() -> None:
    assert asks.about_orders("where is my order") and asks.about_orders("has it come yet")
    assert not asks.about_orders("is k-12 education required outside the united states")
    assert asks.unsupported_request("can I exchange these boots for a different size")
    assert asks.unsupported_request("I need an invoice for order 1042")
    assert not asks.unsupported_request("where is order 1042")


@pytest.mark.parametrize("answer, voice, expected", [
    ("After that, contact us by chat or phone right away.", False,
     "After that, ask me here to connect you with a person right away."),
    ("After that, contact us by chat or phone right away.", True,
     "After that, ask me on this call to connect you with a person right away."),
    ("Contact us by chat and we'll resend it.", False,
     "Ask me here to connect you with a person and we'll resend it."),
    ("You can call us Monday to Friday from eight a.m. to eight p.m.", True,
     "Our phone team is available Monday to Friday from eight a.m. to eight p.m."),
    ("You can call us Monday to Friday.", False, "You can call us Monday to Friday."),
    ("Send photos through the help page or by chat.", False,
     "Send photos through the help page or here in this chat."),
    ("Most orders arrive in 3 to 5 working days.", True,
     "Most orders arrive in 3 to 5 working days."),
])
def test_faq_answers_fit_the_channel(answer: str, voice: bool, expected: str) -> None:
    assert for_channel(answer, voice) == expected
