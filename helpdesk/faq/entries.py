"""Create, edit, delete and revert FAQ entries; every change is kept as a version."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from helpdesk.faq.models import FaqEntry, FaqVersion
from helpdesk.store.database import session_scope

MAX_QUESTION = 500
MAX_ANSWER = 5000
MAX_ALTERNATES = 50
MAX_TAGS = 20


class FaqError(ValueError):
    """A clear, user-facing reason why an FAQ change was refused."""

    status = 400  # the web API's answer (helpdesk/web/domain_errors.py)


class FaqNotFound(LookupError):
    status = 404


@dataclass
class FaqDraft:
    """The editable fields of an entry."""

    question: str
    answer: str
    voice_answer: str | None = None
    alternates: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @classmethod
    def from_mapping(cls, data: object) -> FaqDraft:
        """Validate user input (API body, YAML file); raises FaqError with the reason."""
        if not isinstance(data, dict):
            raise FaqError("an FAQ entry must be an object with 'question' and 'answer'")
        question, answer = data.get("question"), data.get("answer")
        if not isinstance(question, str) or not question.strip():
            raise FaqError("'question' must be a non-empty string")
        if not isinstance(answer, str) or not answer.strip():
            raise FaqError("'answer' must be a non-empty string")
        if len(question) > MAX_QUESTION or len(answer) > MAX_ANSWER:
            raise FaqError(f"'question' is limited to {MAX_QUESTION} characters and 'answer' "
                           f"to {MAX_ANSWER}")
        voice = data.get("voice_answer")
        if voice is not None and (not isinstance(voice, str) or len(voice) > MAX_ANSWER):
            raise FaqError("'voice_answer' must be a string (or null)")
        alternates = _string_list(data.get("alternates", []), "alternates", MAX_ALTERNATES)
        tags = [t.lower() for t in _string_list(data.get("tags", []), "tags", MAX_TAGS)]
        if any("\x00" in text for text in [question, answer, voice or "", *alternates, *tags]):
            raise FaqError("text must not contain NUL characters")  # PostgreSQL refuses them
        return cls(question.strip(), answer.strip(), (voice or "").strip() or None,
                   alternates, tags)


def _string_list(value: object, name: str, limit: int) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FaqError(f"'{name}' must be a list of strings")
    cleaned = list(dict.fromkeys(v.strip() for v in value if v.strip()))
    if len(cleaned) > limit or any(len(v) > MAX_QUESTION for v in cleaned):
        raise FaqError(f"'{name}' holds at most {limit} items of {MAX_QUESTION} characters")
    return cleaned


@dataclass(frozen=True)
class FaqView:
    id: int
    slug: str
    question: str
    answer: str
    voice_answer: str | None
    alternates: list[str]
    tags: list[str]
    version: int
    updated_at: str
    deleted: bool

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class VersionView:
    version: int
    change: str
    changed_by: str
    changed_at: str
    snapshot: dict


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _view(entry: FaqEntry) -> FaqView:
    return FaqView(entry.id, entry.slug, entry.question, entry.answer, entry.voice_answer,
                   json.loads(entry.alternates), json.loads(entry.tags), entry.version,
                   entry.updated_at.isoformat(), entry.deleted_at is not None)


def _apply(entry: FaqEntry, draft: FaqDraft) -> None:
    entry.question, entry.answer, entry.voice_answer = draft.question, draft.answer, \
        draft.voice_answer
    entry.alternates = json.dumps(draft.alternates)
    entry.tags = json.dumps(draft.tags)


def _record(session: Session, entry: FaqEntry, change: str, who: str) -> None:
    snapshot = {"question": entry.question, "answer": entry.answer,
                "voice_answer": entry.voice_answer, "alternates": json.loads(entry.alternates),
                "tags": json.loads(entry.tags), "deleted": entry.deleted_at is not None}
    session.add(FaqVersion(entry_id=entry.id, version=entry.version, change=change,
                           snapshot=json.dumps(snapshot), changed_by=who, changed_at=_now()))


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80] or "entry"


def _unique_slug(session: Session, wanted: str) -> str:
    slug, n = wanted, 2
    while session.scalar(select(FaqEntry.id).where(FaqEntry.slug == slug)) is not None:
        slug, n = f"{wanted}-{n}", n + 1
    return slug


def create_entry(draft: FaqDraft, who: str, slug: str | None = None,
                 db_url: str | None = None) -> FaqView:
    with session_scope(db_url) as session:
        entry = FaqEntry(slug=_unique_slug(session, slugify(slug or draft.question)), version=1,
                         updated_at=_now())
        _apply(entry, draft)
        session.add(entry)
        session.flush()
        _record(session, entry, "create", who)
        return _view(entry)


def _live(session: Session, entry_id: int) -> FaqEntry:
    entry = session.get(FaqEntry, entry_id)
    if entry is None or entry.deleted_at is not None:
        raise FaqNotFound(f"no FAQ entry {entry_id}")
    return entry


def update_entry(entry_id: int, draft: FaqDraft, who: str, db_url: str | None = None) -> FaqView:
    with session_scope(db_url) as session:
        entry = _live(session, entry_id)
        _apply(entry, draft)
        entry.version += 1
        entry.updated_at = _now()
        _record(session, entry, "update", who)
        return _view(entry)


def delete_entry(entry_id: int, who: str, db_url: str | None = None) -> None:
    """Soft delete: the bot stops using it at once; history keeps it for a revert."""
    with session_scope(db_url) as session:
        entry = _live(session, entry_id)
        entry.deleted_at = entry.updated_at = _now()
        entry.version += 1
        _record(session, entry, "delete", who)


def revert_entry(entry_id: int, version: int, who: str, db_url: str | None = None) -> FaqView:
    """Make an old version current again (also brings back a deleted entry)."""
    with session_scope(db_url) as session:
        entry = session.get(FaqEntry, entry_id)
        if entry is None:
            raise FaqNotFound(f"no FAQ entry {entry_id}")
        old = session.scalar(select(FaqVersion).where(FaqVersion.entry_id == entry_id,
                                                      FaqVersion.version == version))
        if old is None:
            raise FaqNotFound(f"FAQ entry {entry_id} has no version {version}")
        snapshot = json.loads(old.snapshot)
        _apply(entry, FaqDraft.from_mapping(snapshot))
        entry.deleted_at = None
        entry.version += 1
        entry.updated_at = _now()
        _record(session, entry, "revert", who)
        return _view(entry)


def get_entry(entry_id: int, db_url: str | None = None) -> FaqView:
    with session_scope(db_url) as session:
        return _view(_live(session, entry_id))


def list_entries(search: str | None = None, db_url: str | None = None) -> list[FaqView]:
    """Live entries, optionally filtered by a text search over every field."""
    with session_scope(db_url) as session:
        query = select(FaqEntry).where(FaqEntry.deleted_at.is_(None)).order_by(FaqEntry.slug)
        if search:
            like = f"%{search.lower()}%"
            query = query.where(or_(*(func.lower(column).like(like) for column in (
                FaqEntry.question, FaqEntry.answer, FaqEntry.alternates, FaqEntry.tags,
                FaqEntry.slug))))
        return [_view(e) for e in session.scalars(query)]


def history(entry_id: int, db_url: str | None = None) -> list[VersionView]:
    with session_scope(db_url) as session:
        rows = session.scalars(select(FaqVersion).where(FaqVersion.entry_id == entry_id)
                               .order_by(FaqVersion.version.desc()))
        return [VersionView(r.version, r.change, r.changed_by, r.changed_at.isoformat(),
                            json.loads(r.snapshot)) for r in rows]


def snapshot_lines(snapshot: dict) -> list[str]:
    """An entry version as text lines, for a readable diff."""
    lines = [f"question: {snapshot.get('question', '')}", f"answer: {snapshot.get('answer', '')}",
             f"voice answer: {snapshot.get('voice_answer') or ''}"]
    lines += [f"alternate: {a}" for a in snapshot.get("alternates", [])]
    lines.append(f"tags: {', '.join(snapshot.get('tags', []))}")
    if snapshot.get("deleted"):
        lines.append("(deleted)")
    return lines


def history_with_diffs(entry_id: int, db_url: str | None = None) -> list[dict]:
    """History, newest first, each version with the unified diff from the one before."""
    import difflib

    versions = history(entry_id, db_url)
    out = []
    for index, version in enumerate(versions):
        previous = versions[index + 1].snapshot if index + 1 < len(versions) else {}
        diff = difflib.unified_diff(snapshot_lines(previous) if previous else [],
                                    snapshot_lines(version.snapshot),
                                    f"version {version.version - 1}" if previous else "nothing",
                                    f"version {version.version}", lineterm="", n=0)
        out.append({**asdict(version), "diff": "\n".join(diff)})
    return out


def knowledge_version(db_url: str | None = None) -> int:
    """Grows with every change of any entry: the retrieval index rebuilds when it moves."""
    with session_scope(db_url) as session:
        return session.scalar(select(func.max(FaqVersion.id))) or 0
