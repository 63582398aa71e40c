"""PINs never reach the stored conversation: the bot's PIN question, a PIN named as such, a
PIN given to an agent during a handoff, keypad digits; the lead draft is stored sealed."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from helpdesk.conversation.events import lines_from_events
from helpdesk.handoffs.transcript import relayed_line
from helpdesk.privacy.pins import looks_like_pin, mask_digits, message_needs_masking
from helpdesk.rasa_plugins.tracker_store import masked_events, unsealed_event


def test_answers_to_the_pin_question_are_masked() -> None:
    assert message_needs_masking("4 3 2 1", awaiting_pin=True)
    assert message_needs_masking("my pin is 4321", awaiting_pin=False)
    assert not message_needs_masking("where is order 1042", awaiting_pin=False)
    assert mask_digits("four three two one") == "****"
    assert mask_digits("my pin is 4 3 2 1") == "my pin is ****"


def test_masked_events_keep_other_messages() -> None:
    pin_message = UserUttered("2468", {"name": "inform", "confidence": 0.9},
                              [{"entity": "pin", "value": "2468", "start": 0, "end": 4}],
                              parse_data={"text": "2468", "intent": {"name": "inform"},
                                          "entities": [{"entity": "pin", "value": "2468"}]})
    events = [UserUttered("where is order 1042"), ActionExecuted("action_balance"),
              SlotSet("awaiting", "pin"), pin_message, SlotSet("awaiting", None),
              UserUttered("order 1043")]
    stored = list(masked_events(events))
    assert stored[0].text == "where is order 1042"
    assert stored[3].text == "****"
    assert "2468" not in str(stored[3].as_dict())
    assert stored[5].text == "order 1043"
    assert pin_message.text == "2468"  # the live event is untouched


RELAY = "action_relay_to_agent"


def relayed(text: str) -> list:
    """A customer message that went to the agent (the relay action ran for it)."""
    return [UserUttered(text, {"name": "inform"}, [{"entity": "pin", "value": text}]),
            ActionExecuted(RELAY)]


def test_a_pin_given_to_an_agent_is_masked_after_anyone_names_a_pin() -> None:
    events = [
        *relayed("where is my order 5005"),  # no PIN named yet: an order number stays
        BotUttered("Sure. To check, what is your PIN?"),  # the agent asks
        *relayed("4321"),
        *relayed("it's 8 7 6 5 sorry"),  # within the next lines: masked too
        BotUttered("Thanks, one moment."), BotUttered("Found it."), BotUttered("Anything else?"),
        *relayed("and order 1042?"),  # the PIN talk is over
        *relayed("I'll give you my pin"), *relayed("two four six eight"),  # the customer names it
    ]
    stored = [e for e in masked_events(events) if isinstance(e, UserUttered)]
    assert [e.text for e in stored] == [
        "where is my order 5005", "****", "it's **** sorry", "and order 1042?",
        "I'll give you my pin", "****"]
    assert not [e for e in stored[1:3] + stored[5:] if e.entities or e.parse_data["entities"]]


def test_without_a_handoff_only_the_bots_pin_question_counts() -> None:
    """The bot asks through `awaiting`; an agent-like line outside a handoff does not."""
    events = [BotUttered("What is your PIN?"), UserUttered("where is order 1042")]
    assert [e.text for e in masked_events(events) if isinstance(e, UserUttered)] == [
        "where is order 1042"]


def test_keypad_digits_in_metadata_are_masked() -> None:
    keyed = UserUttered("2468", {"name": "inform"}, [], metadata={
        "dtmf": "2468", "channel": "voice", "caller_number": "+15559870100"},
        parse_data={"text": "2468", "metadata": {"dtmf": "2468"}})
    menu = UserUttered("/faq", {"name": "faq"}, [], metadata={"dtmf": "1"})
    events = [SlotSet("session_started_metadata", {"dtmf": "2468"}),
              SlotSet("awaiting", "pin"), keyed, SlotSet("awaiting", None), menu]
    stored = list(masked_events(events))
    assert "2468" not in json.dumps([e.as_dict() for e in stored])
    assert stored[2].metadata["dtmf"] == "****" and stored[2].metadata["channel"] == "voice"
    assert stored[4].metadata == {"dtmf": "1"}  # a menu key is no secret
    assert keyed.metadata["dtmf"] == "2468"  # the live event is untouched


def test_the_lead_draft_is_stored_sealed_and_read_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_INTERNAL_SECRET", "unit-test-secret")
    draft = {"name": "Lena Park", "phone": "+15552220199", "email": "lena@park.example"}
    [stored] = masked_events([SlotSet("lead_draft", draft)])
    data = stored.as_dict()
    assert "Lena" not in json.dumps(data) and "0199" not in json.dumps(data)
    assert unsealed_event(data)["value"] == draft
    monkeypatch.setenv("HELPDESK_INTERNAL_SECRET", "another-secret")
    assert unsealed_event(data)["value"] is None  # another key: dropped, not an error
    [cleared] = masked_events([SlotSet("lead_draft", None)])
    assert cleared.value is None


def test_handoff_transcript_lines_follow_the_same_rule() -> None:
    earlier = [("bot", "You're now connected with Ann."), ("agent", "What's your PIN?")]
    assert relayed_line(earlier, "4321") == "****"
    assert relayed_line(earlier, "mail me at ada@example.com") == "mail me at a***@example.com"
    assert relayed_line([("agent", "Hello!")], "order 1042 please") == "order 1042 please"
    assert relayed_line([], "my pin is 1234") == "my pin is ****"
    assert relayed_line([("user", "my PIN is ****")], "sorry, 1235") == "sorry, ****"


@pytest.mark.parametrize("text, pin", [
    ("4321", True), ("it's 4 3 2 1", True), ("four three two one", True), ("123456", True),
    ("order 12", False), ("1234567", False), ("no numbers", False),
])
def test_what_looks_like_a_pin(text: str, pin: bool) -> None:
    assert looks_like_pin(text) is pin


def test_the_tracker_store_writes_the_draft_sealed_and_reads_it_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpdesk.rasa_plugins.tracker_store import MaskingSQLTrackerStore

    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("HELPDESK_DB_URL", f"sqlite:///{tmp_path / 'no-analytics.db'}")
    monkeypatch.setenv("HELPDESK_INTERNAL_SECRET", "unit-test-secret")
    domain = Domain.from_dict({"slots": {
        "lead_draft": {"type": "any", "mappings": [{"type": "custom"}]},
        "awaiting": {"type": "any", "mappings": [{"type": "custom"}]}}})
    draft = {"name": "Lena Park", "phone": "+15552220199"}
    store = MaskingSQLTrackerStore(domain=domain)
    tracker = DialogueStateTracker.from_events("lead-1", [
        SlotSet("awaiting", "pin"), UserUttered("2468", metadata={"dtmf": "2468"}),
        SlotSet("awaiting", "lead_phone"), SlotSet("lead_draft", draft)], slots=domain.slots)
    asyncio.run(store.save(tracker))
    with sqlite3.connect(tmp_path / "tracker.db") as db:
        stored = " ".join(row[0] for row in db.execute("SELECT data FROM events"))
    assert "Lena" not in stored and "0199" not in stored and "2468" not in stored
    back = asyncio.run(store.retrieve("lead-1"))
    assert back is not None and back.get_slot("lead_draft") == draft


def test_the_tracker_store_and_the_transcripts_mask_alike() -> None:
    """One rule (helpdesk.privacy.masked_events) for the stored events (Rasa objects) and
    the transcript lines (their dicts): the same texts come out of both."""
    events = [*relayed("where is order 5005"), BotUttered("What's your email?"),
              UserUttered("ada@example.com"), SlotSet("awaiting", "pin"),
              BotUttered("Your PIN, please."), UserUttered("2468"), SlotSet("awaiting", None),
              UserUttered("card 4111 1111 1111 1111"),
              BotUttered("Agent here: what is your PIN?"), *relayed("it's 4 3 2 1")]
    stored = [e.text for e in masked_events(events) if isinstance(e, (UserUttered, BotUttered))]
    lines = [line.text for line in lines_from_events([e.as_dict() for e in events])]
    assert stored == lines == [
        "where is order 5005", "What's your email?", "a***@example.com", "Your PIN, please.",
        "****", "card **** **** **** 1111", "Agent here: what is your PIN?", "it's ****"]
