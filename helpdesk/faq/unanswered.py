"""Questions the bot could not answer, counted by their normalised wording.

The editors read these, so a question is stored with its personal data masked: card
numbers, email addresses and phone numbers (helpdesk.privacy.pii), and the numbers of a
message that names a PIN (helpdesk.privacy.pins); an email or phone number used as the
conversation id too. The list is masked again when read, for rows stored before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from helpdesk.faq.models import UnansweredQuestion
from helpdesk.faq.text_normalizer import words
from helpdesk.privacy.pii import mask_phones, mask_pii
from helpdesk.privacy.pins import mask_digits, mentions_pin
from helpdesk.store.database import session_scope

MAX_TEXT = 1000


@dataclass(frozen=True)
class UnansweredView:
    id: int
    text: str
    count: int
    channel: str
    conversation_id: str
    last_seen: str


def normalize_question(text: str) -> str:
    return " ".join(words(text))[:500]


def mask_question(text: str) -> str:
    """The question with its personal data masked (see the module doc)."""
    masked = mask_phones(mask_pii(text or ""))
    return mask_digits(masked) if mentions_pin(masked) else masked


def record_unanswered(text: str, channel: str, conversation_id: str,
                      db_url: str | None = None) -> None:
    text = mask_question(text[:MAX_TEXT * 2])  # masks are about as long as what they hide
    conversation_id = mask_phones(mask_pii(conversation_id))  # a site may use the email
    normalized = normalize_question(text)
    if not normalized:
        return
    now = dt.datetime.now(dt.timezone.utc)
    with session_scope(db_url) as session:
        row = session.scalar(select(UnansweredQuestion).where(
            UnansweredQuestion.normalized == normalized))
        if row is None:
            session.add(UnansweredQuestion(
                normalized=normalized, text=text[:MAX_TEXT], count=1, channel=channel[:32],
                conversation_id=conversation_id[:255], first_seen=now, last_seen=now))
            return
        row.count += 1
        row.text, row.channel = text[:MAX_TEXT], channel[:32]
        row.conversation_id, row.last_seen, row.resolved_at = conversation_id[:255], now, None


def list_unanswered(limit: int = 100, db_url: str | None = None) -> list[UnansweredView]:
    """Open questions, most frequent first."""
    with session_scope(db_url) as session:
        rows = session.scalars(
            select(UnansweredQuestion).where(UnansweredQuestion.resolved_at.is_(None))
            .order_by(UnansweredQuestion.count.desc(), UnansweredQuestion.last_seen.desc())
            .limit(limit))
        return [UnansweredView(r.id, mask_question(r.text), r.count, r.channel,
                               mask_phones(mask_pii(r.conversation_id)),
                               r.last_seen.isoformat()) for r in rows]


def resolve_unanswered(question_id: int, db_url: str | None = None) -> bool:
    with session_scope(db_url) as session:
        row = session.get(UnansweredQuestion, question_id)
        if row is None:
            return False
        row.resolved_at = dt.datetime.now(dt.timezone.utc)
        return True
