"""Opening hours of the human team, e.g. "mon-fri 09:00-18:00; sat 10:00-14:00"
(written as helpdesk.text.weekly_hours reads them)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from helpdesk.text.weekly_hours import OpeningHoursError, parse

__all__ = ["OpeningHoursError", "is_open", "parse"]


def is_open(spec: str, timezone: str, now: dt.datetime | None = None) -> bool:
    if not spec.strip():
        return True
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise OpeningHoursError(f"unknown time zone {timezone!r}") from exc
    local = (now or dt.datetime.now(dt.timezone.utc)).astimezone(zone)
    return any(start <= local.time() < end
               for start, end in parse(spec).get(local.weekday(), []))
