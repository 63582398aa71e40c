"""Analytics off the reply path (helpdesk/analytics/recorder.py): the worker keeps the
order of the saves, keeps only a session's newest waiting save, logs errors and goes on,
and `flush` waits for it; a row never goes back to an older save; the tracker store
records after the save, or before it with HELPDESK_ANALYTICS_INLINE (the baseline)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from helpdesk.analytics.queries import ConversationFilters, list_conversations
from helpdesk.analytics.recorder import (
    BackgroundRecorder,
    background_recorder,
    record_conversation,
)
from tests.unit.test_conversation_facts import Script


class Recorded:
    """A fake store: what was recorded, in order; the first recording can be held."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, str | None]] = []
        self.started = threading.Event()
        self.release = threading.Event()
        self.release.set()

    def __call__(self, conversation_id: str, events: list[dict[str, Any]],
                 db_url: str | None) -> None:
        self.started.set()
        self.release.wait(5)
        self.calls.append((conversation_id, events[0]["n"], db_url))


def job(n: int) -> Any:
    return lambda: [{"n": n}]


def test_saves_are_recorded_in_order_and_a_waiting_session_keeps_only_its_newest() -> None:
    recorded = Recorded()
    recorded.release.clear()
    recorder = BackgroundRecorder(recorded)
    recorder.submit("a", 1, job(1), "db")
    assert recorded.started.wait(5)  # a1 is being recorded, held
    recorder.submit("b", 1, job(2), "db")
    recorder.submit("a", 1, job(3), "db")
    recorder.submit("a", 1, job(4), "db")  # replaces a's waiting save, in its place
    recorder.submit("a", 2, job(5), "db")  # a's next session: a save of its own
    assert not recorder.flush(timeout=0.05)
    recorded.release.set()
    assert recorder.flush(timeout=5)
    assert recorded.calls == [("a", 1, "db"), ("b", 2, "db"), ("a", 4, "db"), ("a", 5, "db")]


def test_what_cannot_be_recorded_at_exit_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    recorded = Recorded()
    recorded.release.clear()
    recorder = BackgroundRecorder(recorded)
    recorder.submit("a", 1, job(1))
    recorder.submit("b", 1, job(2))
    assert recorded.started.wait(5)
    recorder.flush_at_exit(timeout=0.05)
    assert "2 analytics recordings were still waiting at exit" in caplog.text
    recorded.release.set()
    recorder.flush_at_exit(timeout=5)
    assert recorder.waiting() == 0 and len(recorded.calls) == 2
    assert caplog.text.count("still waiting at exit") == 1


def test_errors_are_logged_and_the_worker_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[str] = []

    def record(conversation_id: str, events: list[dict[str, Any]], db_url: str | None) -> None:
        if conversation_id == "broken-store":
            raise RuntimeError("database is locked")
        calls.append(conversation_id)

    def unreadable() -> list[dict[str, Any]]:
        raise ValueError("bad event")

    recorder = BackgroundRecorder(record)
    recorder.submit("unreadable", 1, unreadable)
    recorder.submit("broken-store", 1, job(1))
    recorder.submit("fine", 1, job(2))
    assert recorder.flush(timeout=5)
    assert calls == ["fine"]
    assert "could not read events of unreadable for analytics" in caplog.text
    assert "could not record analytics for conversation broken-store" in caplog.text


def test_an_older_save_never_overwrites_a_newer_row(loaded_db_url: str) -> None:
    script = Script().session().user("where is my order 1042", "check_order_status")
    older = list(script.events)
    script.bot("Which account?").user("grace@navy.example", "inform").bot("Shipped.")
    record_conversation("web-1", script.events, loaded_db_url)
    record_conversation("web-1", older, loaded_db_url)  # another Rasa server, late
    [row] = list_conversations(ConversationFilters(), loaded_db_url)
    assert row["user_turns"] == 2


def _tracker() -> DialogueStateTracker:
    script = (Script().session().user("what's my balance", "check_balance", "socketio")
              .slot("awaiting", "pin").bot("Please type your PIN.")
              .user("4 3 2 1", "inform", "socketio"))
    return DialogueStateTracker.from_events(
        "widget-1", [Event.from_parameters(e) for e in script.events])


@pytest.mark.parametrize("inline", [False, True])
def test_the_tracker_store_records_after_the_save_or_inline(
        inline: bool, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpdesk.rasa_plugins.tracker_store import MaskingSQLTrackerStore

    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("HELPDESK_ANALYTICS_INLINE", "1" if inline else "0")
    background = background_recorder()
    held = threading.Event()
    background.submit("hold-the-worker", 0, lambda: held.wait(5) and [])
    try:
        asyncio.run(MaskingSQLTrackerStore().save(_tracker()))
        # While the worker is held, only the inline path has recorded.
        assert len(list_conversations(ConversationFilters(), db_url)) == (1 if inline else 0)
    finally:
        held.set()
    assert background.flush(timeout=10)
    [row] = list_conversations(ConversationFilters(), db_url)
    assert row["channel"] == "socketio" and row["user_turns"] == 2
    assert "4 3 2 1" not in str(row) and row["conversation_id"] == "widget-1"
