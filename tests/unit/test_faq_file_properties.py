"""Properties of the knowledge-base files (`helpdesk kb import`/`export`), on SQLite and
PostgreSQL: any file gives `file: entry N: reason` errors, never an exception; every valid
entry is created, and an export imports back unchanged."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpdesk.faq.files import export_directory, import_directory, read_directory

DB_TEST = settings(max_examples=20, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow])
_serial = itertools.count(1)  # the store lives across examples: ids unique
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=3), max_leaves=10)


def import_files(files: dict[str, bytes], db_url: str) -> list[str]:
    with tempfile.TemporaryDirectory() as directory:
        for name, data in files.items():
            Path(directory, name).write_bytes(data)
        return import_directory(Path(directory), db_url).errors


@DB_TEST
@given(st.binary(max_size=400))
@example(b"entries:\n  - {question: \"a\\0b\", answer: x}\n")  # NUL: PostgreSQL refuses it
@example(b"[" * 1000)
def test_any_file_gives_errors_not_exceptions(db_url: str, data: bytes) -> None:
    for error in import_files({"kb.yml": data}, db_url):
        assert error.startswith("kb.yml: ")


@DB_TEST
@given(st.lists(JSONISH | st.fixed_dictionaries({
    "id": JSONISH, "question": st.text(max_size=30) | JSONISH, "answer": st.text(max_size=30),
    "voice_answer": JSONISH, "alternates": st.lists(st.text(max_size=10)) | JSONISH,
    "tags": st.lists(st.text(max_size=10)) | JSONISH}), max_size=5))
def test_any_entries_are_imported_or_reported(db_url: str, entries: list[object]) -> None:
    text = yaml.safe_dump({"entries": entries}, allow_unicode=True)
    errors = import_files({"kb.yml": text.encode()}, db_url)
    assert all(e.startswith("kb.yml: entry ") for e in errors)


WORDS = st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs")), min_size=1,
                max_size=60).filter(str.strip)


@st.composite
def knowledge_base(draw: st.DrawFn) -> list[dict[str, object]]:
    tag = next(_serial)
    return [{"id": f"topic{tag}-entry-{n}", "question": draw(WORDS), "answer": draw(WORDS),
             "alternates": draw(st.lists(WORDS, max_size=3)),
             "tags": draw(st.lists(st.from_regex(r"[a-z]{2,10}", fullmatch=True), max_size=2))}
            for n in range(draw(st.integers(1, 4)))]


@DB_TEST
@given(knowledge_base())
def test_valid_entries_are_created_and_survive_export(db_url: str,
                                                      entries: list[dict[str, object]]) -> None:
    text = yaml.safe_dump({"entries": entries}, allow_unicode=True)
    with tempfile.TemporaryDirectory() as directory:
        Path(directory, "kb.yml").write_text(text, encoding="utf-8")
        report = import_directory(Path(directory), db_url)
    assert not report.errors and report.created == len(entries)
    with tempfile.TemporaryDirectory() as directory:
        export_directory(Path(directory), db_url)
        found, errors = read_directory(Path(directory))
        again = import_directory(Path(directory), db_url)
    assert not errors and {slug for slug, _ in found} >= {e["id"] for e in entries}
    assert again.created == 0 and again.updated == 0 and not again.errors


def test_nul_in_a_file_is_an_entry_error(db_url: str) -> None:
    errors = import_files({"kb.yml": b"entries:\n  - {question: \"a\\0b\", answer: x}\n"},
                          db_url)
    assert errors and errors[0].startswith("kb.yml: entry 1: ")


@pytest.mark.parametrize("data", [b"[" * 1000, b"entries: " + b"[" * 1000])
def test_deeply_nested_yaml_is_a_file_error(db_url: str, data: bytes) -> None:
    errors = import_files({"kb.yml": data}, db_url)
    assert errors and errors[0].startswith("kb.yml: ")
