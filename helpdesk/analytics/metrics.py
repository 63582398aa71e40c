"""The contact center's KPIs over a date range, computed from plain rows (pure, no I/O).

Range: a conversation counts when `since <= started_at < until`; a handoff when
`since <= created_at < until`; a lead when `since <= created_at < until`. With a channel,
only conversations, handoffs and leads (`source_channel`) of that channel count; repeat
contacts are looked for across every channel (one customer, every channel).

KPIs (rates are 0..1 floats rounded to 4 places, None when the denominator is 0):
- `conversations`: conversations in range (sessions with at least one user message).
- `handoffs`: those handed to a person (`handed_off`); `contained`: the others
  (resolved without a human); `containment_rate` = contained / conversations,
  `handoff_rate` = handoffs / conversations.
- `leads`: leads created in range.
- `csat_responses`: conversations with a rating; `csat_average`: their mean rating
  (2 places, None without responses); `csat_distribution`: {"1".."5": count}.
- `first_contact_resolution`: among `fcr_conversations` (conversations in range with a
  known customer and a topic), the share NOT followed by another conversation of the same
  customer about the same topic that starts within 7 days after it (0 < gap <= 7 days, any
  channel, even after `until`). `repeat_contacts`: conversations in range that are such a
  follow-up themselves (same customer and topic, started within 7 days after an earlier
  one).
- `average_wait_time_s`: mean of assigned_at - created_at over handoffs in range that were
  assigned; `average_handle_time_s`: mean of closed_at - assigned_at over those also closed
  (seconds, 1 place, None when there are none).
- `fallback_rate`: sum of fallback_turns / sum of user_turns.
- `top_intents`: the 10 most frequent user-message intents (every message counts;
  `nlu_fallback` and empty names left out), [{intent, count}], count then name order.
- `per_channel`: {channel: {conversations, contained, handoffs, csat_average}}.
- `daily`: [{date, conversations, contained, handoffs}] for every UTC day from `since` to
  the day before `until` (the day of `until` too when it is not midnight), by start date.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

CHANNELS = ("socketio", "rest", "voice", "outbound")  # widget, REST API, phone, campaign calls
REPEAT_WINDOW = dt.timedelta(days=7)
TOP_INTENTS = 10
RATINGS = ("1", "2", "3", "4", "5")
FALLBACK_INTENT = "nlu_fallback"


@dataclass(frozen=True)
class ConversationRow:
    conversation_id: str
    started_at: dt.datetime
    channel: str
    customer_id: str | None = None
    topic: str | None = None
    handed_off: bool = False
    csat_rating: int | None = None
    user_turns: int = 0
    fallback_turns: int = 0
    intents: list[str] = field(default_factory=list)
    id: int = 0


@dataclass(frozen=True)
class HandoffRow:
    created_at: dt.datetime
    channel: str
    assigned_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None


@dataclass(frozen=True)
class LeadRow:
    created_at: dt.datetime
    source_channel: str


def compute_metrics(conversations: Iterable[ConversationRow], handoffs: Iterable[HandoffRow],
                    leads: Iterable[LeadRow], since: dt.datetime, until: dt.datetime,
                    channel: str | None = None) -> dict[str, Any]:
    """Every KPI of the module docstring. `conversations` may hold rows outside the range
    (they serve as earlier or later contacts for FCR); the others are filtered here."""
    every = list(conversations)
    chosen = [c for c in every if since <= c.started_at < until
              and (channel is None or c.channel == channel)]
    total, handed = len(chosen), sum(1 for c in chosen if c.handed_off)
    ratings = [c.csat_rating for c in chosen if c.csat_rating is not None]
    in_range = [h for h in handoffs if since <= h.created_at < until
                and (channel is None or h.channel == channel)]
    waits = [(h.assigned_at - h.created_at).total_seconds()
             for h in in_range if h.assigned_at is not None]
    handles = [(h.closed_at - h.assigned_at).total_seconds()
               for h in in_range if h.assigned_at is not None and h.closed_at is not None]
    eligible = [c for c in chosen if c.customer_id and c.topic]
    threads = _Threads(every)
    followed = sum(1 for c in eligible if threads.followed(c))
    user_turns = sum(c.user_turns for c in chosen)
    return {
        "conversations": total,
        "contained": total - handed,
        "handoffs": handed,
        "leads": sum(1 for lead in leads if since <= lead.created_at < until
                     and (channel is None or lead.source_channel == channel)),
        "containment_rate": rate(total - handed, total),
        "handoff_rate": rate(handed, total),
        "csat_average": _mean(ratings, 2),
        "csat_responses": len(ratings),
        "csat_distribution": {r: sum(1 for x in ratings if str(x) == r) for r in RATINGS},
        "first_contact_resolution": rate(len(eligible) - followed, len(eligible)),
        "fcr_conversations": len(eligible),
        "repeat_contacts": sum(1 for c in eligible if threads.preceded(c)),
        "average_handle_time_s": _mean(handles, 1),
        "average_wait_time_s": _mean(waits, 1),
        "fallback_rate": rate(sum(c.fallback_turns for c in chosen), user_turns),
        "top_intents": top_intents(chosen),
        "per_channel": _per_channel(chosen),
        "daily": _daily(chosen, since, until),
    }


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def repeat_flags(rows: Sequence[ConversationRow],
                 context: Sequence[ConversationRow] | None = None) -> list[bool]:
    """For each row: is it a repeat contact (same customer and topic, started within 7 days
    after an earlier conversation among `context`, default `rows`)?"""
    threads = _Threads(context if context is not None else rows)
    return [bool(row.customer_id and row.topic) and threads.preceded(row) for row in rows]


def top_intents(rows: Iterable[ConversationRow], limit: int = TOP_INTENTS) -> list[dict]:
    counts = Counter(i for row in rows for i in row.intents if i and i != FALLBACK_INTENT)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [{"intent": intent, "count": count} for intent, count in ranked]


class _Threads:
    """Start times of every conversation per (customer, topic), sorted, for repeat lookups."""

    def __init__(self, rows: Iterable[ConversationRow]) -> None:
        starts: dict[tuple[str, str], list[dt.datetime]] = {}
        for row in rows:
            if row.customer_id and row.topic:
                starts.setdefault((row.customer_id, row.topic), []).append(row.started_at)
        self.starts = {key: sorted(values) for key, values in starts.items()}

    def followed(self, row: ConversationRow) -> bool:
        """Another conversation starts 0 < gap <= 7 days after this one."""
        starts = self.starts.get((row.customer_id or "", row.topic or ""), [])
        after = bisect_right(starts, row.started_at)
        return after < len(starts) and starts[after] - row.started_at <= REPEAT_WINDOW

    def preceded(self, row: ConversationRow) -> bool:
        """Another conversation started 0 < gap <= 7 days before this one."""
        starts = self.starts.get((row.customer_id or "", row.topic or ""), [])
        before = bisect_left(starts, row.started_at) - 1
        return before >= 0 and row.started_at - starts[before] <= REPEAT_WINDOW


def _mean(values: list[float] | list[int], places: int) -> float | None:
    return round(sum(values) / len(values), places) if values else None


def _per_channel(rows: list[ConversationRow]) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for name in sorted({row.channel for row in rows}):
        mine = [row for row in rows if row.channel == name]
        handed = sum(1 for row in mine if row.handed_off)
        result[name] = {
            "conversations": len(mine), "contained": len(mine) - handed, "handoffs": handed,
            "csat_average": _mean([r.csat_rating for r in mine if r.csat_rating is not None], 2),
        }
    return result


def _daily(rows: list[ConversationRow], since: dt.datetime,
           until: dt.datetime) -> list[dict[str, Any]]:
    days: dict[dt.date, list[int]] = {}
    day, last = _utc_date(since), _utc_date(until - dt.timedelta(microseconds=1))
    while day <= last:
        days[day] = [0, 0, 0]
        day += dt.timedelta(days=1)
    for row in rows:
        counts = days.setdefault(_utc_date(row.started_at), [0, 0, 0])
        counts[0] += 1
        counts[1 if not row.handed_off else 2] += 1
    return [{"date": d.isoformat(), "conversations": c[0], "contained": c[1], "handoffs": c[2]}
            for d, c in sorted(days.items())]


def _utc_date(moment: dt.datetime) -> dt.date:
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc)
    return moment.date()
