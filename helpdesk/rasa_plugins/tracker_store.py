"""Rasa's SQL tracker store, configured from TRACKER_STORE_URL, masking on write.

What is written is masked (`masked_events`), by the one rule of
helpdesk.privacy.masked_events that the transcripts follow too: PINs in user messages (the
answer to the PIN question, a message naming a PIN, a PIN given to an agent during a
handoff), keypad digits of such a message (`dtmf` metadata), card numbers and email
addresses in user and bot messages. The lead being taken down (slot
`lead_draft`: name, phone, email; and `pending_phone_number`, a number read back on a call)
is needed again on the next turn, so it is stored
sealed (encrypted with a key derived from HELPDESK_INTERNAL_SECRET) and unsealed on read.

When the database drops (a restart, a network cut), reads and writes are retried for up to
HELPDESK_STORE_RETRY_S seconds (default 10); if it is still down the turn fails with
`TrackerStoreUnavailable`, which the chat channels turn into a polite retry message.
Stock Rasa would instead fall back to an in-memory store: the turn would be answered
without the conversation's history and not be saved."""

from __future__ import annotations

import asyncio
import base64
import copy
import hashlib
import itertools
import json
import logging
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from cryptography.fernet import Fernet, InvalidToken
from rasa.core.agent import Agent
from rasa.core.tracker_store import (
    FailSafeTrackerStore,
    SQLTrackerStore,
    TrackerStore,
    create_engine_kwargs,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from tenacity import (
    AsyncRetrying,
    before_sleep_log,
    retry_if_exception,
    stop_after_delay,
    wait_exponential,
)

from helpdesk.analytics.recorder import record_later, record_safely
from helpdesk.config import get_settings
from helpdesk.conversation.contracts import KEYPAD_KEY
from helpdesk.conversation.events import masked_messages
from helpdesk.conversation.state import Slot
from helpdesk.privacy.pii import mask_pii
from helpdesk.privacy.pins import MASK
from helpdesk.security.stack_secrets import internal_secret
from helpdesk.store.database import resolve_db_url

logger = logging.getLogger(__name__)
SEALED_SLOTS = (Slot.LEAD_DRAFT, Slot.PENDING_PHONE_NUMBER)  # stored encrypted: module doc
SEALED_KEY = "sealed"
SESSION_METADATA_SLOT = "session_started_metadata"


class TrackerStoreUnavailable(Exception):
    """The conversation database could not be reached within the retry time."""


def _connection_lost(error: BaseException) -> bool:
    return isinstance(error, (OperationalError, InterfaceError)) or bool(
        isinstance(error, DBAPIError) and error.connection_invalidated)


def _retrying() -> AsyncRetrying:
    return AsyncRetrying(
        retry=retry_if_exception(_connection_lost), reraise=True,
        stop=stop_after_delay(get_settings().store_retry_s),
        wait=wait_exponential(multiplier=0.2, max=2),
        before_sleep=before_sleep_log(logger, logging.WARNING))


def tracker_store_url() -> str:
    return resolve_db_url(get_settings().tracker_store_url)


class MaskingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose stored user messages never contain a PIN.

    The action server still sees the message as typed (it receives the live tracker); only
    what is written to the database, and so every later read, is masked.
    """

    def __init__(self, domain: Any = None, host: str | None = None, **kwargs: Any) -> None:
        kwargs.pop("dialect", None)
        super().__init__(domain=domain, host=tracker_store_url(), **kwargs)
        self._ping_pooled_connections()

    def _ping_pooled_connections(self) -> None:
        """Rebuild Rasa's engine with pool_pre_ping, so connections the database dropped
        (a restart, a network cut) are replaced on checkout instead of failing a turn."""
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        async for attempt in _retrying():
            with attempt:
                return await super().retrieve(sender_id)
        return None  # not reached: the last failure is raised

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        async for attempt in _retrying():
            with attempt:
                return await super().retrieve_full_tracker(sender_id)
        return None

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool,
                        ) -> DialogueStateTracker | None:
        """Rasa's own, with sealed slot values opened again (see the module doc)."""
        with self.session_scope() as session:
            rows = self._event_query(
                session, sender_id,
                fetch_events_from_all_sessions=fetch_events_from_all_sessions).all()
            events = [unsealed_event(json.loads(row.data)) for row in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker, then record its conversation's facts for analytics: after the
        reply, in the recorder's worker (helpdesk.analytics.recorder.record_later), which
        also masks the events; before it with HELPDESK_ANALYTICS_INLINE (the old path)."""
        async for attempt in _retrying():
            with attempt:
                await super().save(tracker)
        session = _latest_session(tracker)
        if not get_settings().analytics_inline:
            record_later(tracker.sender_id, session[0].timestamp if session else None,
                         lambda: [event.as_dict() for event in masked_events(session)])
            return
        try:
            events = [event.as_dict() for event in masked_events(session)]
        except Exception:  # analytics must never fail the chat
            logger.exception("could not read events of %s for analytics", tracker.sender_id)
            return
        await asyncio.to_thread(record_safely, tracker.sender_id, events)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        stored = self._event_query(
            session, tracker.sender_id, fetch_events_from_all_sessions=False
        ).count()
        masked = masked_events(tracker.events)
        return itertools.islice(masked, stored, None)


def _latest_session(tracker: DialogueStateTracker) -> list[Event]:
    """The events from the last SessionStarted on: all analytics reads (slots do not carry
    over, so no earlier event changes how these are masked)."""
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], SessionStarted):
            return events[index:]
    return events


def masked_events(events: Any) -> Iterator[Event]:
    """Yield the events as they are stored: user and bot messages masked by the one rule
    (helpdesk.privacy.masked_events: PINs, card numbers, email addresses), a PIN message
    also in its entities, parse data and keypad digits (`dtmf` metadata), other user
    messages also in their entity values; sealed slots sealed. The events given are left
    untouched."""
    events = list(events)
    texts = masked_messages(events)
    for index, event in enumerate(events):
        masked_text = texts.get(index)
        if isinstance(event, UserUttered) and masked_text is not None:
            yield (_masked_user_event(event, masked_text.text) if masked_text.pin
                   else _pii_masked_user_event(event, masked_text.text))
        elif isinstance(event, BotUttered) and masked_text is not None:
            masked = copy.copy(event)
            masked.text = masked_text.text
            yield masked
        elif isinstance(event, SlotSet) and event.key in SEALED_SLOTS and event.value is not None:
            yield SlotSet(event.key, {SEALED_KEY: seal(event.value)}, event.timestamp,
                          event.metadata)
        elif (isinstance(event, SlotSet) and event.key == SESSION_METADATA_SLOT
              and isinstance(event.value, dict) and KEYPAD_KEY in event.value):
            yield SlotSet(event.key, _without_keypad(event.value), event.timestamp,
                          event.metadata)
        else:
            yield event


def _without_keypad(metadata: Any) -> Any:
    """The metadata with its keypad digits masked."""
    if not isinstance(metadata, dict) or KEYPAD_KEY not in metadata:
        return metadata
    return {**metadata, KEYPAD_KEY: MASK}


def _pii_masked_user_event(event: UserUttered, text: str) -> UserUttered:
    masked = copy.copy(event)
    masked.text = text
    parse_data = copy.deepcopy(event.parse_data or {})
    parse_data["text"] = masked.text
    entities = [{**entity, "value": mask_pii(str(entity.get("value", "")))}
                for entity in parse_data.get("entities") or []]
    parse_data["entities"] = entities
    masked.parse_data = parse_data
    masked.entities = entities
    return masked


def _masked_user_event(event: UserUttered, text: str) -> UserUttered:
    masked = copy.copy(event)
    masked.text = text
    parse_data = copy.deepcopy(event.parse_data or {})
    parse_data["text"] = masked.text
    parse_data["entities"] = []
    if "metadata" in parse_data:
        parse_data["metadata"] = _without_keypad(parse_data["metadata"])
    masked.parse_data = parse_data
    masked.entities = []
    masked.metadata = _without_keypad(event.metadata)
    return masked


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    digest = hashlib.sha256(b"helpdesk tracker store seal\x00" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _seal_key() -> Fernet:
    """From HELPDESK_INTERNAL_SECRET, which every process of the stack shares (generated
    into var/ when not configured: helpdesk.security.stack_secrets)."""
    return _fernet(internal_secret(get_settings()))


def seal(value: Any) -> str:
    """VALUE (JSON) encrypted and authenticated."""
    return _seal_key().encrypt(json.dumps(value).encode()).decode()


def unseal(token: Any) -> Any:
    """The value sealed in TOKEN; None when it cannot be opened (another key, tampered):
    the bot then starts that step afresh instead of failing the turn."""
    try:
        return json.loads(_seal_key().decrypt(str(token).encode()))
    except (InvalidToken, ValueError, TypeError):
        logger.warning("a sealed slot value could not be opened; it is dropped")
        return None


def unsealed_event(data: dict[str, Any]) -> dict[str, Any]:
    """A stored event dict with a sealed slot value opened."""
    value = data.get("value")
    if (data.get("event") == "slot" and data.get("name") in SEALED_SLOTS
            and isinstance(value, dict) and set(value) == {SEALED_KEY}):
        return {**data, "value": unseal(value[SEALED_KEY])}
    return data


def _fail_loudly(error: Exception) -> None:
    raise TrackerStoreUnavailable("the conversation store is unavailable") from error


def _strict_tracker_store(store: TrackerStore | None, domain: Domain) -> TrackerStore:
    """Rasa's Agent wraps every tracker store in a FailSafeTrackerStore that silently
    switches to memory on errors; for ours, an error is raised instead (see the module
    docstring)."""
    wrapped = _rasa_create_tracker_store(store, domain)
    if isinstance(store, MaskingSQLTrackerStore) and isinstance(wrapped, FailSafeTrackerStore):
        wrapped._on_tracker_store_error = _fail_loudly
    return wrapped


_rasa_create_tracker_store = Agent._create_tracker_store
Agent._create_tracker_store = staticmethod(_strict_tracker_store)  # type: ignore[method-assign]
