"""The index the bot asks, rebuilt when the store's knowledge version moves (checked at most
once a second), so an editor's saved change is answered within seconds."""

from __future__ import annotations

import threading
import time

from helpdesk.faq.entries import knowledge_version, list_entries
from helpdesk.faq.retrieval import FaqIndex

RECHECK_SECONDS = 1.0

_lock = threading.Lock()
_state: dict[str, object] = {"url": None, "version": -1, "index": None, "checked": 0.0}


def current_index(db_url: str | None = None) -> FaqIndex:
    with _lock:
        now = time.monotonic()
        fresh = _state["url"] == db_url and now - float(_state["checked"]) < RECHECK_SECONDS
        if fresh and _state["index"] is not None:
            return _state["index"]  # type: ignore[return-value]
        version = knowledge_version(db_url)
        if _state["url"] != db_url or version != _state["version"] or _state["index"] is None:
            _state["index"] = FaqIndex(list_entries(db_url=db_url))
            _state["version"] = version
            _state["url"] = db_url
        _state["checked"] = now
        return _state["index"]  # type: ignore[return-value]
