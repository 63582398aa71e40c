"""Keep the `conversations` table current: upsert the facts of a tracker's latest session.

Called by the tracker store after every save, with the masked events (no PIN reaches the
table). A session without any user message (a widget that connected, a delivery run by
the web app) is not a conversation and is not recorded.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from helpdesk.analytics.conversation_facts import ConversationFacts, conversation_facts
from helpdesk.store.database import session_scope
from helpdesk.store.models import Conversation

log = logging.getLogger(__name__)


def record_conversation(conversation_id: str, events: Iterable[dict[str, Any]],
                        db_url: str | None = None) -> ConversationFacts | None:
    """Insert or update the row of the latest session; the facts, or None when skipped."""
    facts = conversation_facts(conversation_id[:255], events)
    if facts is None or facts.user_turns == 0:
        return None
    try:
        _upsert(facts, db_url)
    except IntegrityError:  # a concurrent first save of the same session won: update it
        _upsert(facts, db_url)
    return facts


def _upsert(facts: ConversationFacts, db_url: str | None) -> None:
    with session_scope(db_url) as session:
        row = session.scalar(select(Conversation).where(
            Conversation.conversation_id == facts.conversation_id,
            Conversation.started_at == facts.started_at))
        if row is None:
            row = Conversation(conversation_id=facts.conversation_id,
                               started_at=facts.started_at)
            session.add(row)
        row.last_at = facts.last_at
        row.channel = facts.channel
        row.customer_id = facts.customer_id[:64] if facts.customer_id else None
        row.verified = facts.verified
        row.user_turns, row.fallback_turns = facts.user_turns, facts.fallback_turns
        row.intents = json.dumps(facts.intents)
        row.topic = facts.topic
        row.handed_off = facts.handed_off
        row.handoff_reason = facts.handoff_reason[:64] if facts.handoff_reason else None
        row.lead_captured = facts.lead_captured
        row.csat_rating, row.csat_comment = facts.csat_rating, facts.csat_comment
        row.transcript = json.dumps(facts.transcript, ensure_ascii=False)
        row.outcome = facts.outcome
        row.updated_at = dt.datetime.now(dt.timezone.utc)


def record_safely(conversation_id: str, events: list[dict[str, Any]],
                  db_url: str | None = None) -> None:
    """`record_conversation`, logging instead of raising: analytics never breaks a chat."""
    try:
        record_conversation(conversation_id, events, db_url)
    except Exception:
        log.exception("could not record analytics for conversation %s", conversation_id)
