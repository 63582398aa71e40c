"""Query parameters of the analytics API: date ranges, channel, yes/no filters, limits.

Each parser raises ApiError(400) with a message saying what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re

from helpdesk.analytics.metrics import CHANNELS
from helpdesk.web.http_json import ApiError

DEFAULT_DAYS = 30
MAX_RANGE = dt.timedelta(days=366)
# Moments outside these overflow date arithmetic near years 1 and 9999 (a 500 before).
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
LATEST = dt.datetime(9000, 1, 1, tzinfo=dt.timezone.utc)
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off", "")


def moment(raw: str | None, name: str, end_of_day: bool = False) -> dt.datetime | None:
    """An ISO 8601 date or time in UTC (no zone means UTC); None when absent.

    A bare date is the start of that day, or with `end_of_day` the start of the next one
    (so `until=2026-11-07` includes November 7).
    """
    if raw is None or raw.strip() == "":
        return None
    text = raw.strip()
    if "T" in text and " " in text:  # a '+' of an offset that arrived URL-decoded
        text = text.replace(" ", "+")
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise ApiError(400, f"'{name}' must be an ISO 8601 date or time, "
                            "e.g. 2026-11-01 or 2026-11-01T09:00:00Z") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    if not EARLIEST <= value < LATEST:  # compared as instants: no conversion can overflow
        raise ApiError(400, f"'{name}' must be from {EARLIEST.year} to {LATEST.year - 1}")
    if end_of_day and _DATE_ONLY.match(text):
        value += dt.timedelta(days=1)
    return value.astimezone(dt.timezone.utc)


def date_range(since_raw: str | None, until_raw: str | None,
               now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """[since, until): by default the last 30 days up to now; at most 366 days long."""
    until = moment(until_raw, "until", end_of_day=True) or now or dt.datetime.now(
        dt.timezone.utc)
    since = moment(since_raw, "since") or until - dt.timedelta(days=DEFAULT_DAYS)
    if since >= until:
        raise ApiError(400, "'since' must be before 'until'")
    if until - since > MAX_RANGE:
        raise ApiError(400, "the date range can be at most 366 days long")
    return since, until


def channel(raw: str | None) -> str | None:
    if raw is None or raw.strip() == "":
        return None
    if raw.strip() not in CHANNELS:
        raise ApiError(400, f"'channel' must be one of {', '.join(CHANNELS)}")
    return raw.strip()


def flag(raw: str | None, name: str) -> bool:
    value = (raw or "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ApiError(400, f"'{name}' must be true or false")


def limit(raw: str | None, default: int = 100, most: int = 500) -> int:
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ApiError(400, f"'limit' must be a whole number from 1 to {most}") from exc
    if not 1 <= value <= most:
        raise ApiError(400, f"'limit' must be a whole number from 1 to {most}")
    return value
