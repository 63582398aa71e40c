"""Weekly hours as people write them: "mon-fri 09:00-18:00; sat 10:00-14:00" (parts joined
by ";" or ","; a day range may wrap, "fri-mon"; "24:00" is the end of the day). The
team's opening hours (helpdesk.handoffs.opening_hours) and a campaign's calling window
(helpdesk.campaigns.rules) are both written so."""

from __future__ import annotations

import datetime as dt
import re

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RULE = re.compile(r"^\s*([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+"
                   r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class OpeningHoursError(ValueError):
    """Hours that cannot be read, with a message for the person who wrote them."""

    status = 400


def parse(spec: str) -> dict[int, list[tuple[dt.time, dt.time]]]:
    """Weekday (0 = Monday) -> open intervals. An empty spec means always open."""
    hours: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for part in filter(None, (p.strip().lower() for p in re.split(r"[;,]", spec))):
        match = _RULE.match(part)
        if not match or match.group(1) not in DAYS or (
                match.group(2) and match.group(2) not in DAYS):
            raise OpeningHoursError(
                f"cannot read opening hours {part!r}: write e.g. 'mon-fri 09:00-18:00'")
        first = DAYS.index(match.group(1))
        last = DAYS.index(match.group(2)) if match.group(2) else first
        try:
            start = dt.time(int(match.group(3)), int(match.group(4)))
            end = dt.time(23, 59, 59) if match.group(5) == "24" else dt.time(
                int(match.group(5)), int(match.group(6)))
        except ValueError as exc:
            raise OpeningHoursError(f"bad time in opening hours {part!r}") from exc
        day = first
        while True:
            hours.setdefault(day, []).append((start, end))
            if day == last:
                break
            day = (day + 1) % 7
    return hours
