"""Rasa's SQL tracker store, configured from TRACKER_STORE_URL, masking PINs on write."""

from __future__ import annotations

import asyncio
import copy
import itertools
import logging
import os
from collections.abc import Iterator
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from analytics.recorder import record_safely
from crm.database import resolve_db_url
from helpdesk.pii_masking import mask_pii
from helpdesk.pin_masking import mask_digits, message_needs_masking

logger = logging.getLogger(__name__)
DEFAULT_TRACKER_DB = "sqlite:///var/tracker.db"
AWAITING_SLOT = "awaiting"


def tracker_store_url() -> str:
    return resolve_db_url(os.environ.get("TRACKER_STORE_URL") or DEFAULT_TRACKER_DB)


class MaskingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose stored user messages never contain a PIN.

    The action server still sees the message as typed (it receives the live tracker); only
    what is written to the database, and so every later read, is masked.
    """

    def __init__(self, domain: Any = None, host: str | None = None, **kwargs: Any) -> None:
        kwargs.pop("dialect", None)
        super().__init__(domain=domain, host=tracker_store_url(), **kwargs)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker, then record its conversation's facts for analytics."""
        await super().save(tracker)
        try:
            events = [event.as_dict() for event in masked_events(_latest_session(tracker))]
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
    """Yield the events with PIN-bearing user messages masked (text, entities, parse data),
    and card numbers and email addresses masked in user and bot messages."""
    awaiting: str | None = None
    for event in events:
        if isinstance(event, SlotSet) and event.key == AWAITING_SLOT:
            awaiting = event.value
        if isinstance(event, UserUttered) and message_needs_masking(event.text or "", awaiting):
            yield _masked_user_event(event)
        elif isinstance(event, UserUttered) and mask_pii(event.text or "") != (event.text or ""):
            yield _pii_masked_user_event(event)
        elif isinstance(event, BotUttered) and mask_pii(event.text or "") != (event.text or ""):
            masked = copy.copy(event)
            masked.text = mask_pii(event.text or "")
            yield masked
        else:
            yield event


def _pii_masked_user_event(event: UserUttered) -> UserUttered:
    masked = copy.copy(event)
    masked.text = mask_pii(event.text or "")
    parse_data = copy.deepcopy(event.parse_data or {})
    parse_data["text"] = masked.text
    entities = [{**entity, "value": mask_pii(str(entity.get("value", "")))}
                for entity in parse_data.get("entities") or []]
    parse_data["entities"] = entities
    masked.parse_data = parse_data
    masked.entities = entities
    return masked


def _masked_user_event(event: UserUttered) -> UserUttered:
    masked = copy.copy(event)
    masked.text = mask_digits(event.text or "")
    parse_data = copy.deepcopy(event.parse_data or {})
    parse_data["text"] = masked.text
    parse_data["entities"] = []
    masked.parse_data = parse_data
    masked.entities = []
    return masked
