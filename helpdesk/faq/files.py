"""The knowledge base as reviewable YAML files (knowledge_base/*.yml) in and out of the store.

Each file: `entries:` a list of {id, question, answer, voice_answer?, alternates, tags}.
`id` is the entry's slug; import upserts by it, so importing twice changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import select

from helpdesk.faq.entries import FaqDraft, FaqError, _apply, _now, _record, list_entries, slugify
from helpdesk.faq.models import FaqEntry
from helpdesk.store.database import session_scope

IMPORTED_BY = "import"


@dataclass
class KbImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def read_directory(directory: Path) -> tuple[list[tuple[str, FaqDraft]], list[str]]:
    """(slug, draft) pairs of every *.yml file, and `file: entry N: reason` errors."""
    found: list[tuple[str, FaqDraft]] = []
    errors: list[str] = []
    seen: set[str] = set()
    files = sorted(directory.glob("*.yml")) + sorted(directory.glob("*.yaml"))
    if not files:
        errors.append(f"{directory}: no .yml files found")
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
            errors.append(f"{path.name}: not valid UTF-8 YAML ({exc})")
            continue
        entries = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            errors.append(f"{path.name}: expected a top-level 'entries:' list")
            continue
        for number, item in enumerate(entries, start=1):
            try:
                draft = FaqDraft.from_mapping(item)
            except FaqError as exc:
                errors.append(f"{path.name}: entry {number}: {exc}")
                continue
            slug = slugify(str(item.get("id") or draft.question))
            if slug in seen:
                errors.append(f"{path.name}: entry {number}: id {slug!r} is used twice")
                continue
            seen.add(slug)
            found.append((slug, draft))
    return found, errors


def import_directory(directory: Path, db_url: str | None = None) -> KbImportReport:
    found, errors = read_directory(directory)
    report = KbImportReport(errors=errors)
    with session_scope(db_url) as session:
        for slug, draft in found:
            entry = session.scalar(select(FaqEntry).where(FaqEntry.slug == slug))
            if entry is None:
                entry = FaqEntry(slug=slug, version=1, updated_at=_now())
                _apply(entry, draft)
                session.add(entry)
                session.flush()
                _record(session, entry, "create", IMPORTED_BY)
                report.created += 1
                continue
            before = _fields(entry)
            _apply(entry, draft)
            if _fields(entry) == before and entry.deleted_at is None:
                report.unchanged += 1
                continue
            entry.deleted_at = None
            entry.version += 1
            entry.updated_at = _now()
            _record(session, entry, IMPORTED_BY, IMPORTED_BY)
            report.updated += 1
    return report


def _fields(entry: FaqEntry) -> tuple:
    return (entry.question, entry.answer, entry.voice_answer, entry.alternates, entry.tags)


def export_directory(directory: Path, db_url: str | None = None) -> int:
    """Write live entries, one file per topic (the slug's first part); returns the count."""
    directory.mkdir(parents=True, exist_ok=True)
    by_topic: dict[str, list[dict]] = {}
    entries = list_entries(db_url=db_url)
    for entry in entries:
        item = {"id": entry.slug, "question": entry.question, "answer": entry.answer}
        if entry.voice_answer:
            item["voice_answer"] = entry.voice_answer
        item["alternates"] = entry.alternates
        item["tags"] = entry.tags
        by_topic.setdefault(entry.slug.split("-")[0], []).append(item)
    for topic, items in by_topic.items():
        text = yaml.safe_dump({"entries": json.loads(json.dumps(items))}, sort_keys=False,
                              allow_unicode=True, width=100)
        (directory / f"{topic}.yml").write_text(
            f"# {topic} — FAQ entries exported by `helpdesk kb export`.\n{text}",
            encoding="utf-8")
    return len(entries)
