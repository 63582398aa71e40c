"""Timestamps as stored: always UTC, though SQLite hands them back without a zone."""

from __future__ import annotations

import datetime as dt


def as_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """The moment with its UTC zone (SQLite returns naive datetimes; they were UTC)."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment
