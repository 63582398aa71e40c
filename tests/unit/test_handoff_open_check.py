"""The dialogue policy's memory of "no open handoff" (helpdesk/handoffs/open_check.py): a
kept answer holds while the tracker's mark is the same and the TTL has not run out; "open"
is never kept; across processes the tracker carries the change (a real store and the real
policy over Rasa trackers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from helpdesk.conversation.state import ActionName
from helpdesk.handoffs import open_check
from helpdesk.handoffs.open_check import HistoryMark, OpenHandoffCheck
from helpdesk.handoffs.records import HandoffDraft, close, create_handoff, open_handoff_status
from helpdesk.rasa_plugins.action_fallback import fallback_events
from helpdesk.rasa_plugins.conversation_mode_policy import (
    ConversationModePolicy,
    history_mark,
)

SESSION = HistoryMark(session=100.0, requests=0)


class FakeStore:
    """The store's answer per conversation, counting the questions."""

    def __init__(self) -> None:
        self.open: set[str] = set()
        self.asked = 0

    def __call__(self, conversation_id: str) -> tuple[int, str] | None:
        self.asked += 1
        return (1, "waiting") if conversation_id in self.open else None


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def check(ttl_s: float = 60, max_kept: int = 100) -> tuple[OpenHandoffCheck, FakeStore,
                                                            FakeClock]:
    store, clock = FakeStore(), FakeClock()
    return OpenHandoffCheck(ttl_s, store, clock, max_kept), store, clock


def test_not_open_is_kept_until_the_ttl_runs_out() -> None:
    memory, store, clock = check(ttl_s=60)
    assert not memory.is_open("c", SESSION)
    clock.now += 59
    store.open.add("c")  # opened some other way: the TTL bounds how long it goes unseen
    assert not memory.is_open("c", SESSION) and store.asked == 1
    clock.now += 1
    assert memory.is_open("c", SESSION) and store.asked == 2


def test_open_is_never_kept_so_a_close_is_seen_by_the_next_message() -> None:
    memory, store, _ = check()
    store.open.add("c")
    assert memory.is_open("c", SESSION) and memory.is_open("c", SESSION)
    assert store.asked == 2
    store.open.clear()  # the agent gave the conversation back (the web app, elsewhere)
    assert not memory.is_open("c", SESSION) and store.asked == 3


def test_a_new_handoff_request_or_session_in_the_tracker_asks_again() -> None:
    memory, store, _ = check()
    assert not memory.is_open("c", SESSION)
    store.open.add("c")  # the action server opened one, and its slot event is in the tracker
    requested = HistoryMark(session=100.0, requests=1)
    assert memory.is_open("c", requested) and store.asked == 2
    store.open.clear()
    assert not memory.is_open("c", requested)
    store.open.add("c")  # another session (another Rasa server may have seen the last one)
    assert memory.is_open("c", HistoryMark(session=200.0, requests=0))


def test_a_failed_action_or_a_zero_ttl_asks_on_every_message() -> None:
    memory, store, _ = check()
    failed = HistoryMark(session=100.0, requests=0, uncertain=True)
    for _ in range(3):
        assert not memory.is_open("c", failed)
    assert store.asked == 3
    baseline, store, _ = check(ttl_s=0)
    for _ in range(3):
        assert not baseline.is_open("c", SESSION)
    assert store.asked == 3


def test_conversations_are_kept_apart_and_the_least_recently_asked_go_first() -> None:
    memory, store, _ = check(max_kept=2)
    for name in ("a", "b", "a", "c"):  # "b" is the least recently asked when "c" comes
        memory.is_open(name, SESSION)
    assert store.asked == 3
    store.open.add("b")
    assert memory.is_open("b", SESSION) and not memory.is_open("a", SESSION)
    memory.forget("a")
    memory.is_open("a", SESSION)
    assert store.asked == 5


def test_the_mark_reads_the_current_session_of_the_tracker() -> None:
    old = [SessionStarted(timestamp=1.0), SlotSet("handoff_requested", True),
           *fallback_events("action_order_status")]
    assert history_mark(old) == HistoryMark(1.0, 1, uncertain=True)
    events = [*old, SessionStarted(timestamp=2.0), UserUttered("hi"),
              BotUttered("Hello", data={"custom": {"other": 1}})]
    assert history_mark(events) == HistoryMark(2.0, 0, uncertain=False)
    assert history_mark([*events, SlotSet("handoff_requested", False)]) == HistoryMark(2.0, 1)
    assert history_mark([]) == HistoryMark(None, 0)


# --- across processes: the real policy and the real store ------------------------------------
def draft(conversation: str) -> HandoffDraft:
    return HandoffDraft(conversation_id=conversation, channel="rest", reason="customer_request",
                        skill="orders", tier=None, customer_id=None, verified=False,
                        summary="", slots={}, lines=[])


@pytest.fixture
def asked(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """The Rasa server's check over the real store; how often it asked the store."""
    calls = []

    def lookup(conversation_id: str) -> tuple[int, str] | None:
        calls.append(conversation_id)
        return open_handoff_status(conversation_id)

    memory = OpenHandoffCheck(60, lookup)
    monkeypatch.setattr(open_check, "process_check", lambda: memory)
    return lambda: len(calls)


def tracker(events: list[Event]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("conv-x", events)


def test_a_handoff_opened_by_the_action_server_reaches_the_next_message(
        asked: Callable[[], int]) -> None:
    events: list[Event] = [SessionStarted(timestamp=10.0), ActionExecuted("action_listen"),
                           UserUttered("where is my order", {"name": "check_order_status"})]
    assert ConversationModePolicy.next_action(tracker(events)) is None
    events += [ActionExecuted("action_order_status"), BotUttered("Which order?"),
               ActionExecuted("action_listen"), UserUttered("1042", {"name": "inform"})]
    assert ConversationModePolicy.next_action(tracker(events)) is None
    assert asked() == 1  # nothing in the tracker changed: the store was not asked again

    # The action server (another process, its own memory) hands over: the store has the
    # handoff, the tracker the slot event of the same action.
    handoff, created = create_handoff(draft("conv-x"))
    assert created
    events += [ActionExecuted("action_human_handoff"), SlotSet("handoff_requested", True),
               BotUttered("Connecting you."), ActionExecuted("action_listen"),
               UserUttered("are you there?", {"name": "chitchat"})]
    assert ConversationModePolicy.next_action(tracker(events)) == ActionName.RELAY_TO_AGENT

    # The agent closes it in the web app (another process): the next message is the bot's.
    close(handoff.id, 0, "resolved", return_to_bot=True, is_admin=True)
    events += [ActionExecuted(ActionName.RELAY_TO_AGENT), ActionExecuted("action_listen"),
               UserUttered("hello?", {"name": "greet"})]
    assert ConversationModePolicy.next_action(tracker(events)) is None


def test_a_handoff_still_open_in_a_new_session_keeps_relaying(
        asked: Callable[[], int]) -> None:
    first = [SessionStarted(timestamp=10.0), UserUttered("hi", {"name": "greet"})]
    assert ConversationModePolicy.next_action(tracker(first)) is None
    create_handoff(draft("conv-x"))  # the tracker of the new session does not show it
    later = [SessionStarted(timestamp=10.0 + dt.timedelta(hours=2).total_seconds()),
             UserUttered("anyone?", {"name": "greet"})]
    assert ConversationModePolicy.next_action(tracker(later)) == ActionName.RELAY_TO_AGENT
