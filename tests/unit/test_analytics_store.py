"""The analytics store on SQLite and PostgreSQL: the recorder's upsert (also through the
tracker store), the review list's filters, one conversation, a customer's history, and the
KPI rows."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import func, select

from helpdesk.analytics.metrics import compute_metrics
from helpdesk.analytics.models import Conversation
from helpdesk.analytics.queries import (
    ConversationFilters,
    customer_history,
    get_conversation,
    list_conversations,
    metric_rows,
)
from helpdesk.analytics.recorder import background_recorder, record_conversation, record_safely
from helpdesk.handoffs.models import Handoff
from helpdesk.leads.models import Lead
from helpdesk.store.database import session_scope
from tests.unit.test_conversation_facts import T0, Script

UTC = dt.timezone.utc
DAY = 86400


def count(db_url: str) -> int:
    with session_scope(db_url) as session:
        return session.scalar(select(func.count()).select_from(Conversation))


def test_same_session_updates_and_a_new_session_adds_a_row(loaded_db_url: str) -> None:
    script = Script().session().user("where is my order 1042", "check_order_status")
    assert record_conversation("web-1", script.events, loaded_db_url) is not None
    script.bot("Which account?").user("grace@navy.example", "inform").slot(
        "customer_id", "K-100").bot("Order 1042 has shipped.")
    record_conversation("web-1", script.events, loaded_db_url)
    assert count(loaded_db_url) == 1
    [row] = list_conversations(ConversationFilters(), loaded_db_url)
    assert row["user_turns"] == 2 and row["outcome"] == "contained"
    assert row["customer"] == {"customer_id": "K-100", "name": "Grace Hopper", "tier": "vip"}
    script.clock += 2 * 3600
    script.session()
    assert record_conversation("web-1", script.events, loaded_db_url) is None  # no message yet
    script.user("agent please", "request_human", "voice").slot("handoff_requested", True)
    record_conversation("web-1", script.events, loaded_db_url)
    assert count(loaded_db_url) == 2
    newest, oldest = list_conversations(ConversationFilters(), loaded_db_url)
    assert (newest["channel"], newest["outcome"], newest["customer"]) == ("voice", "handoff",
                                                                          None)
    assert oldest["started_at"] == dt.datetime.fromtimestamp(T0 + 1, UTC).isoformat()


def test_record_safely_never_raises(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    script = Script().session().user("hi", "greet")
    record_safely("x", script.events, f"sqlite:///{tmp_path / 'no-tables.db'}")
    assert "could not record analytics" in caplog.text


def test_the_tracker_store_records_masked_facts(db_url: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from helpdesk.rasa_plugins.tracker_store import MaskingSQLTrackerStore

    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    script = (Script().session().user("what's my balance", "check_balance", "socketio")
              .slot("awaiting", "pin").bot("Please type your PIN.")
              .user("4 3 2 1", "inform", "socketio")
              .slot("csat_rating", 5.0))
    from rasa.shared.core.events import Event

    tracker = DialogueStateTracker.from_events(
        "widget-1", [Event.from_parameters(e) for e in script.events])
    asyncio.run(MaskingSQLTrackerStore().save(tracker))
    assert background_recorder().flush(timeout=10)  # recorded just after the save
    [row] = list_conversations(ConversationFilters(), db_url)
    full = get_conversation(row["id"], db_url)
    assert full["channel"] == "socketio" and full["csat_rating"] == 5
    assert "4 3 2 1" not in str(full["transcript"]) and "****" in str(full["transcript"])


def _seed(db_url: str) -> None:
    """Five conversations over three days, three of K-200's about billing."""
    plans = [
        # name, day, channel, customer, intent, fallback, handoff, rating, text
        ("a", 0, "rest", "K-200", "check_balance", False, False, 5, "my balance please"),
        ("b", 2, "voice", "K-200", "check_balance", True, True, 1, "balance again, PIN lost"),
        ("c", 3, "socketio", None, "faq", True, False, 2, "do you ship to Canada"),
        ("d", 4, "rest", "K-300", "check_order_status", False, False, None, "order 5005"),
        ("e", 12, "socketio", "K-200", "check_balance", False, False, 4, "balance, thanks"),
    ]
    for name, day, channel, customer, intent, fallback, handoff, rating, text in plans:
        script = Script(T0 + day * DAY).session()
        if fallback:
            script.user("hmm?", "nlu_fallback", channel).bot("Sorry?")
        script.user(text, intent, channel).bot("Sure.")
        if customer:
            script.slot("customer_id", customer)
        if handoff:
            script.slot("handoff_requested", True).slot("handoff_reason", "customer_request")
        if rating:
            script.slot("csat_rating", rating).slot("csat_comment", f"comment {name}")
        record_conversation(f"conv-{name}", script.events, db_url)


def _names(rows: list[dict]) -> list[str]:
    return [row["conversation_id"].removeprefix("conv-") for row in rows]


def test_review_list_filters_and_one_conversation(loaded_db_url: str) -> None:
    _seed(loaded_db_url)
    def find(**filters: object) -> list[str]:
        return _names(list_conversations(ConversationFilters(**filters), loaded_db_url))

    assert find() == ["e", "d", "c", "b", "a"]
    assert find(q="CANADA") == ["c"] and find(q="balance") == ["e", "b", "a"]
    assert find(q="100%_") == [] and find(q="conv-d") == ["d"]
    assert find(q="k-200") == ["e", "b", "a"]  # one customer across chat and voice
    assert find(channel="socketio") == ["e", "c"]
    assert find(low_csat=True) == ["c", "b"]
    assert find(fallback=True) == ["c", "b"]
    assert find(handoff=True) == ["b"]
    assert find(low_csat=True, fallback=True, channel="voice") == ["b"]
    start = dt.datetime.fromtimestamp(T0, UTC)
    assert find(since=start + dt.timedelta(days=2), until=start + dt.timedelta(days=4)) == [
        "c", "b"]
    assert find(since=start + dt.timedelta(days=2, hours=1)) == ["e", "d", "c"]
    assert find(limit=2) == ["e", "d"]

    b = next(r for r in list_conversations(ConversationFilters(), loaded_db_url)
             if r["conversation_id"] == "conv-b")
    assert b["customer"] == {"customer_id": "K-200", "name": "Alan Turing", "tier": "gold"}
    assert (b["topic"], b["outcome"], b["csat_rating"], b["fallback_turns"], b["user_turns"],
            b["handed_off"]) == ("billing", "handoff", 1, 1, 2, True)
    full = get_conversation(b["id"], loaded_db_url)
    assert full["intents"] == ["nlu_fallback", "check_balance"]
    assert full["csat_comment"] == "comment b" and full["handoff_reason"] == "customer_request"
    assert [line["text"] for line in full["transcript"]][:2] == ["hmm?", "Sorry?"]
    assert get_conversation(99999, loaded_db_url) is None


def test_customer_history_across_channels(loaded_db_url: str) -> None:
    _seed(loaded_db_url)
    history = customer_history("K-200", loaded_db_url)
    assert [(h["conversation_id"], h["channel"], h["topic"], h["outcome"], h["csat_rating"],
             h["repeat_contact"]) for h in history] == [
        ("conv-e", "socketio", "billing", "contained", 4, False),  # 10 days after b
        ("conv-b", "voice", "billing", "handoff", 1, True),  # 2 days after a
        ("conv-a", "rest", "billing", "contained", 5, False)]
    assert customer_history("K-999", loaded_db_url) == []


def test_metric_rows_feed_the_kpis(loaded_db_url: str) -> None:
    _seed(loaded_db_url)
    start = dt.datetime.fromtimestamp(T0, UTC)
    with session_scope(loaded_db_url) as session:
        session.add(Handoff(conversation_id="conv-b", channel="voice", status="closed",
                            reason="customer_request", skill="billing", priority=1,
                            created_at=start + dt.timedelta(days=2),
                            updated_at=start + dt.timedelta(days=2),
                            assigned_at=start + dt.timedelta(days=2, seconds=40),
                            closed_at=start + dt.timedelta(days=2, seconds=340)))
        session.add(Lead(name="N", phone="+1555", interest="shoes", reason="sales",
                         source_channel="rest", conversation_id="conv-d",
                         created_at=start + dt.timedelta(days=4),
                         updated_at=start + dt.timedelta(days=4)))
    since, until = start, start + dt.timedelta(days=5)
    # An offset in another zone means the same instant.
    paris = dt.timezone(dt.timedelta(hours=1))
    rows, handoffs, leads = metric_rows(since.astimezone(paris), until, loaded_db_url)
    assert {r.conversation_id for r in rows} == {f"conv-{n}" for n in "abcd"}  # e: day 12
    assert all(r.started_at.tzinfo is not None for r in rows)
    m = compute_metrics(rows, handoffs, leads, since, until)
    assert (m["conversations"], m["handoffs"], m["leads"], m["csat_responses"]) == (4, 1, 1, 3)
    assert m["csat_average"] == 2.67 and m["fallback_rate"] == round(2 / 6, 4)
    assert m["first_contact_resolution"] == 0.6667  # of a, b, d: a is followed by b
    assert m["repeat_contacts"] == 1
    assert (m["average_wait_time_s"], m["average_handle_time_s"]) == (40.0, 300.0)


def test_an_agent_reads_only_the_conversations_of_their_handoffs(loaded_db_url: str) -> None:
    """The handoff rule (helpdesk/handoffs/access.py): an agent sees the sessions in which a
    handoff of theirs or of the waiting queue was made, and those customers' history."""
    _seed(loaded_db_url)
    from helpdesk.accounts.users import create_user

    ann = create_user("ann", "a-long-password", "agent", db_url=loaded_db_url).id
    bob = create_user("bob", "a-long-password", "agent", db_url=loaded_db_url).id
    start = dt.datetime.fromtimestamp(T0, UTC)

    def handoff(conversation: str, day: float, status: str, agent: int | None,
                customer: str | None) -> Handoff:
        at = start + dt.timedelta(days=day, seconds=2)
        return Handoff(conversation_id=conversation, channel="rest", status=status,
                       reason="customer_request", skill="billing", priority=1,
                       customer_id=customer, assigned_to=agent, created_at=at, updated_at=at)

    with session_scope(loaded_db_url) as session:
        session.add(handoff("conv-b", 2, "closed", ann, "K-200"))  # Ann's, closed
        session.add(handoff("conv-d", 4, "waiting", None, "K-300"))  # the queue's
    # conv-b, two days later again: another session, not part of Ann's handoff.
    later = Script(T0 + 9 * DAY).session().user("hello again", "greet").slot(
        "customer_id", "K-200")
    record_conversation("conv-b", later.events, loaded_db_url)

    def visible(agent: int | None) -> list[str]:
        rows = list_conversations(ConversationFilters(), loaded_db_url, agent)
        return [f"{row['conversation_id'].removeprefix('conv-')}@{row['started_at'][:10]}"
                for row in rows]

    every = visible(None)
    assert len(every) == 6
    b_day = dt.datetime.fromtimestamp(T0 + 2 * DAY + 1, UTC).isoformat()[:10]
    d_day = dt.datetime.fromtimestamp(T0 + 4 * DAY + 1, UTC).isoformat()[:10]
    assert visible(ann) == [f"d@{d_day}", f"b@{b_day}"]
    assert visible(bob) == [f"d@{d_day}"]
    assert list_conversations(ConversationFilters(limit=1), loaded_db_url, ann)[0][
        "conversation_id"] == "conv-d"
    rows = {f"{r['conversation_id']}@{r['started_at'][:10]}": r["id"]
            for r in list_conversations(ConversationFilters(), loaded_db_url)}
    b_row = rows[f"conv-b@{b_day}"]
    assert get_conversation(b_row, loaded_db_url, ann) is not None
    assert get_conversation(b_row, loaded_db_url, bob) is None
    later_row = next(v for k, v in rows.items() if k.startswith("conv-b@") and v != b_row)
    assert get_conversation(later_row, loaded_db_url, ann) is None
    assert [h["conversation_id"] for h in customer_history("K-200", loaded_db_url, ann)] == [
        "conv-e", "conv-b", "conv-b", "conv-a"]
    assert customer_history("K-200", loaded_db_url, bob) is None
    assert customer_history("K-300", loaded_db_url, bob) is not None  # waiting: anyone's
    assert customer_history("K-999", loaded_db_url, bob) is None
    assert customer_history("K-999", loaded_db_url) == []
