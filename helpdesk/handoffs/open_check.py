"""Is a handoff open for this conversation? The dialogue policy asks on every customer
message (helpdesk/rasa_plugins/conversation_mode_policy.py); mostly memory answers.

The answer must be the store's, as if asked now: a stale "not open" right after the
action server opened a handoff would let the bot answer a message meant for the agent; a
stale "open" after the agent gave the conversation back would relay a message to nobody.
The writers are other processes (the action server opens, the web app closes), and with
`make run-scaled` other Rasa servers answer the same conversation. So:

- **"Open" is never kept.** While a handoff is open every message asks the store, so the
  web app's close is seen by the very next message, as before (and that message is relayed
  anyway, which costs more store work than the question).
- **"Not open" is kept per conversation, for as long as the conversation's own history
  says nothing could have opened one since.** Only the action server's `hand_over`
  (actions/handoff_steps.py) opens handoffs, and it sets the slot `handoff_requested` in
  the same events as it opens one; those events reach the tracker, which every Rasa server
  reads from the shared tracker store before the next message. The policy reads a
  `HistoryMark` from the tracker: the session's start, how many `handoff_requested` slot
  events it holds, and whether an action failed in it (the action-fallback marker,
  helpdesk/rasa_plugins/action_fallback.py: that action may have opened a handoff before
  failing, or may still be running). The kept answer holds only while the mark is the same;
  a failed action's session asks on every message.
- **And it expires** after `HELPDESK_HANDOFF_CHECK_TTL_S` seconds (default 60): a net for a
  handoff opened some other way (by hand in the database). 0 keeps nothing, every message
  asks the store: the old path, the benchmark's baseline (benchmarks/chat_bench.py).

Why this and not a shared version counter: that would be one more writer duty (every state
change must bump it), a Redis round trip per message, and without Redis a query as dear as
the one it saves. Nor a memory for one message's processing only: the policy asks once per
message already. The tracker is already shared, already read for the message, written by
the only process that opens handoffs, and saved before the conversation's lock lets its
next message in: reading it costs no I/O, with or without Redis.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from helpdesk.config import get_settings
from helpdesk.conversation.state import Slot
from helpdesk.handoffs.records import open_handoff_status

# Set by hand_over in the same events as the handoff it opens (actions/handoff_steps.py).
REQUESTED_SLOT = Slot.HANDOFF_REQUESTED
MAX_KEPT = 10_000  # conversations remembered at once; the least recently asked go first


@dataclass(frozen=True)
class HistoryMark:
    """What the conversation's current session says about handoffs, read from its tracker
    (see the module doc): a kept "not open" holds only while this stays the same."""

    session: float | None  # when the session started (None before its start)
    requests: int  # `handoff_requested` slot events in the session
    uncertain: bool = False  # an action failed in the session: its effects are unknown


@dataclass(frozen=True)
class _Kept:
    mark: HistoryMark
    until: float


class OpenHandoffCheck:
    """One process's memory of conversations without an open handoff."""

    def __init__(self, ttl_s: float,
                 lookup: Callable[[str], object | None] = open_handoff_status,
                 clock: Callable[[], float] = time.monotonic,
                 max_kept: int = MAX_KEPT) -> None:
        self._ttl_s = ttl_s
        self._lookup = lookup  # the store's answer: None when no handoff is open
        self._clock = clock
        self._max_kept = max_kept
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._lock = threading.Lock()

    def is_open(self, conversation_id: str, mark: HistoryMark) -> bool:
        """Whether the conversation has an open handoff (waiting or assigned). A store
        error propagates (the caller decides)."""
        if self._ttl_s > 0 and not mark.uncertain and self._still_closed(conversation_id, mark):
            return False
        asked_at = self._clock()
        found = self._lookup(conversation_id) is not None
        with self._lock:
            self._kept.pop(conversation_id, None)
            if not found and self._ttl_s > 0 and not mark.uncertain:
                self._kept[conversation_id] = _Kept(mark, asked_at + self._ttl_s)
                while len(self._kept) > self._max_kept:
                    self._kept.popitem(last=False)
        return found

    def _still_closed(self, conversation_id: str, mark: HistoryMark) -> bool:
        with self._lock:
            kept = self._kept.get(conversation_id)
            if kept is None:
                return False
            if kept.mark != mark or self._clock() >= kept.until:
                del self._kept[conversation_id]
                return False
            self._kept.move_to_end(conversation_id)
            return True

    def forget(self, conversation_id: str | None = None) -> None:
        """Drop what is kept of one conversation (all when None)."""
        with self._lock:
            if conversation_id is None:
                self._kept.clear()
            else:
                self._kept.pop(conversation_id, None)


@cache
def process_check() -> OpenHandoffCheck:
    """This process's check, with the configured TTL (built on first use)."""
    return OpenHandoffCheck(get_settings().handoffs.open_check_ttl_s)


def is_open(conversation_id: str, mark: HistoryMark) -> bool:
    """`OpenHandoffCheck.is_open` of this process's check."""
    return process_check().is_open(conversation_id, mark)
