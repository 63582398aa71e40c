"""FAQ entries in the store (SQLite and PostgreSQL): versions, revert, files, unanswered."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from helpdesk.faq.entries import (
    FaqDraft,
    FaqError,
    FaqNotFound,
    create_entry,
    delete_entry,
    get_entry,
    history,
    knowledge_version,
    list_entries,
    revert_entry,
    update_entry,
)
from helpdesk.faq.files import export_directory, import_directory
from helpdesk.faq.models import UnansweredQuestion
from helpdesk.faq.unanswered import list_unanswered, record_unanswered, resolve_unanswered
from helpdesk.store.database import session_scope

KB = Path(__file__).resolve().parents[2] / "knowledge_base"


def draft(question: str = "Do you ship to Mars?", answer: str = "Not yet.") -> FaqDraft:
    return FaqDraft.from_mapping({"question": question, "answer": answer,
                                  "alternates": ["interplanetary shipping", " "],
                                  "tags": ["Shipping"]})


@pytest.mark.parametrize("body, reason", [
    ([], "must be an object"),
    ({"question": "", "answer": "x"}, "'question'"),
    ({"question": "q", "answer": 5}, "'answer'"),
    ({"question": "q", "answer": "a", "alternates": "one"}, "'alternates'"),
    ({"question": "q", "answer": "a", "tags": [1]}, "'tags'"),
    ({"question": "q" * 501, "answer": "a"}, "limited"),
    ({"question": "q", "answer": "a", "voice_answer": ["x"]}, "'voice_answer'"),
])
def test_bad_entries_are_refused_with_a_reason(body: object, reason: str) -> None:
    with pytest.raises(FaqError, match=reason):
        FaqDraft.from_mapping(body)


def test_versions_delete_and_revert(db_url: str) -> None:
    entry = create_entry(draft(), "ed", db_url=db_url)
    assert entry.alternates == ["interplanetary shipping"] and entry.tags == ["shipping"]
    before = knowledge_version(db_url)
    updated = update_entry(entry.id, draft(answer="From 2030."), "ed", db_url=db_url)
    assert updated.version == 2 and knowledge_version(db_url) > before
    delete_entry(entry.id, "ed", db_url=db_url)
    assert list_entries(db_url=db_url) == []
    with pytest.raises(FaqNotFound):
        get_entry(entry.id, db_url=db_url)
    restored = revert_entry(entry.id, 1, "boss", db_url=db_url)
    assert restored.answer == "Not yet." and restored.version == 4 and not restored.deleted
    changes = [(v.version, v.change, v.changed_by) for v in history(entry.id, db_url=db_url)]
    assert changes == [(4, "revert", "boss"), (3, "delete", "ed"), (2, "update", "ed"),
                       (1, "create", "ed")]
    with pytest.raises(FaqNotFound):
        revert_entry(entry.id, 99, "boss", db_url=db_url)
    assert [e.id for e in list_entries("interplanetary", db_url=db_url)] == [entry.id]
    assert list_entries("%' OR 1=1 --", db_url=db_url) == []


def test_knowledge_base_files_import_idempotently_and_export(db_url: str,
                                                             tmp_path: Path) -> None:
    first = import_directory(KB, db_url)
    assert not first.errors and first.created >= 40
    again = import_directory(KB, db_url)
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    count = export_directory(tmp_path / "out", db_url)
    assert count == first.created
    exported = sum(len(yaml.safe_load(p.read_text())["entries"])
                   for p in (tmp_path / "out").glob("*.yml"))
    assert exported == count
    round_trip = import_directory(tmp_path / "out", db_url)
    assert round_trip.unchanged == count and not round_trip.errors


def test_bad_knowledge_base_files_are_reported(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("entries:\n  - {question: q1, answer: a1, id: same}\n"
                                    "  - {question: q2, answer: a2, id: same}\n"
                                    "  - {question: '', answer: a3}\n")
    (tmp_path / "b.yml").write_text("entries: [unclosed")
    report = import_directory(tmp_path, db_url)
    assert report.created == 1
    assert any("a.yml: entry 2" in e and "twice" in e for e in report.errors)
    assert any("a.yml: entry 3" in e for e in report.errors)
    assert any(e.startswith("b.yml") for e in report.errors)


def test_unanswered_questions_are_counted_most_frequent_first(db_url: str) -> None:
    record_unanswered("Do you sell unicorn saddles?", "rest", "c1", db_url)
    record_unanswered("do you sell UNICORN saddles", "voice", "c2", db_url)
    record_unanswered("Where is the moon?", "rest", "c3", db_url)
    rows = list_unanswered(db_url=db_url)
    assert [(r.count, r.channel) for r in rows] == [(2, "voice"), (1, "rest")]
    assert resolve_unanswered(rows[0].id, db_url) and not resolve_unanswered(999999, db_url)
    assert [r.text for r in list_unanswered(db_url=db_url)] == ["Where is the moon?"]


def test_unanswered_questions_are_stored_without_personal_data(db_url: str) -> None:
    """The editors read this list: no card, email, phone number or PIN in it."""
    record_unanswered("my card 4111 1111 1111 1111 was refused, mail grace@navy.example",
                      "rest", "grace@navy.example", db_url)
    record_unanswered("why does pin 2468 not work on +1 555 987 0100", "voice", "CA1", db_url)
    with session_scope(db_url) as session:
        stored = [(r.text, r.normalized, r.conversation_id)
                  for r in session.scalars(select(UnansweredQuestion))]
    listed = [(r.text, r.conversation_id) for r in list_unanswered(db_url=db_url)]
    for secret in ("4111 1111 1111 1111", "grace@navy", "2468", "555 987 0100", "9870100"):
        assert secret not in str(stored) and secret not in str(listed), secret
    assert ("my card **** **** **** 1111 was refused, mail g***@navy.example",
            "g***@navy.example") in listed
    assert any(text.startswith("why does pin **** not work on") for text, _ in listed)
