"""Keep the `conversations` table current: upsert the facts of a tracker's latest session.

Called by the tracker store after every save, with the masked events (no PIN reaches the
table). A session without any user message (a widget that connected, a delivery run by
the web app) is not a conversation and is not recorded. A row never goes back to an older
state of its session: a save whose last event is older than the row's is left out (two Rasa
servers recording one conversation's turns out of order).

`record_later` does it after the reply instead of before it (`BackgroundRecorder`: one
worker thread per process, in the order of the saves, errors logged, pending work done
before the process exits); the tracker store uses it unless `HELPDESK_ANALYTICS_INLINE`
is set (the old path, the chat benchmark's baseline). The row is current a few
milliseconds after the reply: readers in other processes (the dashboard) poll or wait.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import logging
import threading
from collections import deque
from collections.abc import Callable, Hashable, Iterable
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from helpdesk.analytics.conversation_facts import ConversationFacts, conversation_facts
from helpdesk.analytics.models import Conversation
from helpdesk.store.database import resolve_db_url, session_scope
from helpdesk.store.times import as_utc

log = logging.getLogger(__name__)
EXIT_FLUSH_S = 10.0  # at exit, pending recordings get this long to finish


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
        elif row.last_at is not None and as_utc(row.last_at) > facts.last_at:
            return  # a later save of this session is recorded already
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


Events = Callable[[], list[dict[str, Any]]]
Recorder = Callable[[str, list[dict[str, Any]], str | None], None]
_Key = tuple[str, Hashable, str | None]


class BackgroundRecorder:
    """Records conversations in one worker thread, after the reply.

    Saves are recorded in the order they were submitted. Of one session's saves still
    waiting, only the newest is kept (in the place of the first): its facts include the
    earlier ones', so the queue holds at most one entry per session being talked in, however
    slow the database. The events are read by a function called in the worker, so masking
    them is off the reply path too; an error there or in the store is logged, never raised.
    """

    def __init__(self, record: Recorder | None = None) -> None:
        self._record = record or record_safely
        self._waiting: dict[_Key, Events] = {}
        self._order: deque[_Key] = deque()
        self._busy = False
        self._changed = threading.Condition()
        self._worker: threading.Thread | None = None

    def submit(self, conversation_id: str, session: Hashable, events: Events,
               db_url: str | None = None) -> None:
        """Record `events()` of CONVERSATION_ID's SESSION (e.g. its start time) soon."""
        key = (conversation_id, session, db_url)
        with self._changed:
            if key not in self._waiting:
                self._order.append(key)
            self._waiting[key] = events
            if self._worker is None or not self._worker.is_alive():  # first, or it died
                self._worker = threading.Thread(target=self._work, daemon=True,
                                                name="analytics-recorder")
                self._worker.start()
            self._changed.notify_all()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything submitted so far is recorded; False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._order and not self._busy,
                                          timeout)

    def waiting(self) -> int:
        """Saves submitted and not recorded yet."""
        with self._changed:
            return len(self._order) + self._busy

    def flush_at_exit(self, timeout: float = EXIT_FLUSH_S) -> None:
        """Record what is waiting before the process ends; say so when that fails."""
        if not self.flush(timeout):
            log.warning("%d analytics recordings were still waiting at exit and are lost",
                        self.waiting())

    def _work(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._order))
                key = self._order.popleft()
                events = self._waiting.pop(key)
                self._busy = True
            try:
                self._record_one(key[0], events, key[2])
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()

    def _record_one(self, conversation_id: str, events: Events, db_url: str | None) -> None:
        try:
            dicts = events()
        except Exception:
            log.exception("could not read events of %s for analytics", conversation_id)
            return
        try:
            self._record(conversation_id, dicts, db_url)
        except Exception:  # record_safely logs its own; another recorder might not
            log.exception("could not record analytics for conversation %s", conversation_id)


@cache
def background_recorder() -> BackgroundRecorder:
    """This process's recorder; what it still holds at exit is recorded first."""
    recorder = BackgroundRecorder()
    atexit.register(recorder.flush_at_exit)
    return recorder


def record_later(conversation_id: str, session: Hashable, events: Events) -> None:
    """`BackgroundRecorder.submit` of this process's recorder, into the store configured
    at the time of the save (HELPDESK_DB_URL)."""
    background_recorder().submit(conversation_id, session, events, resolve_db_url())
