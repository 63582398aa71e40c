"""Calling rules of an outbound campaign, as pure functions the dialer applies (never the
bot): when a callee may be phoned (weekly windows in the callee's time zone, holidays),
how often (attempts per contact, calls per number per day), and when to try again after
each outcome.

A window is written as the team's opening hours are (helpdesk.text.weekly_hours):
"mon-fri 09:00-20:00", parts joined by "," or ";" ("mon-fri 09:00-20:00, sat 10:00-14:00").
The default is 09:00-20:00 Monday to Saturday: no Sundays. Times are the callee's local
wall-clock times: the zone comes from the campaign's `timezone` when set, else from the
phone number's region (the `phonenumbers` package), else the business's own zone
(HELPDESK_TIMEZONE). Local times are resolved with `zoneinfo`, so a window keeps its
wall-clock hours across daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import timezone as phone_zones

from helpdesk.text import weekly_hours

DEFAULT_WINDOW = "mon-sat 09:00-20:00"
SEARCH_DAYS = 15  # how far ahead the next opening is looked for (a week and holidays)
# Outcomes after which a contact is done: nobody calls them again in this campaign.
FINAL_OUTCOMES = frozenset({"completed", "handed_off", "opted_out", "invalid_number",
                            "skipped_window"})
RETRIED_OUTCOMES = ("busy", "no_answer", "failed", "voicemail")
OUTCOMES = ("completed", "handed_off", "voicemail", "busy", "no_answer", "failed",
            "opted_out", "invalid_number", "skipped_window")
# Retry intervals by outcome, as a share of the campaign's `retry_after_s`: a busy line is
# tried again sooner, a machine later.
RETRY_FACTOR = {"busy": 0.25, "no_answer": 1.0, "failed": 1.0, "voicemail": 2.0}
MIN_RETRY_S = 60


class RuleError(ValueError):
    """A calling rule that cannot be used, with a message for the person who wrote it."""

    status = 400


@dataclass(frozen=True)
class Span:
    """One weekday's calling hours, local time, START inclusive and END exclusive."""

    weekday: int  # 0 = Monday
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class Window:
    """The weekly calling hours; `text` is how they were written."""

    text: str
    spans: tuple[Span, ...]

    def spans_on(self, weekday: int) -> list[Span]:
        return [span for span in self.spans if span.weekday == weekday]


def parse_window(text: str | None) -> Window:
    """The window written as TEXT (DEFAULT_WINDOW when empty); RuleError when it cannot be
    read or a part ends before it starts."""
    text = (text or DEFAULT_WINDOW).strip().lower()
    try:
        hours = weekly_hours.parse(text)
    except weekly_hours.OpeningHoursError as exc:
        raise RuleError(f"window {text!r}: write it as 'mon-fri 09:00-20:00'") from exc
    spans = tuple(Span(day, start, end) for day, intervals in sorted(hours.items())
                  for start, end in intervals)
    if any(span.end <= span.start for span in spans):
        raise RuleError(f"window {text!r}: a part ends before it starts")
    return Window(text, spans)


def zone(name: str) -> ZoneInfo:
    """The IANA zone NAME (RuleError naming it when unknown)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise RuleError(f"timezone {name!r} is not an IANA time zone such as "
                        "'America/New_York'") from exc


def callee_zone(phone: str, configured: str | None, business: str) -> ZoneInfo:
    """Where the callee's clock is: the campaign's zone, else the number's region when it
    has exactly one zone, else the business's zone."""
    if configured:
        return zone(configured)
    try:
        zones = phone_zones.time_zones_for_number(phonenumbers.parse(phone))
    except phonenumbers.NumberParseException:
        zones = ()
    known = [z for z in zones if z != "Etc/Unknown"]
    return zone(known[0]) if len(known) == 1 else zone(business)


@dataclass(frozen=True)
class CallingRules:
    """The rules of one campaign (CONTRACT §8 `rules`, plus the holidays and the per-number
    cap). `timezone` None: the callee's zone from their number."""

    window: Window = field(default_factory=lambda: parse_window(None))
    timezone: str | None = None
    max_attempts: int = 3
    retry_after_s: int = 3600
    max_concurrent: int = 2
    calls_per_second: float = 1.0
    max_calls_per_number_per_day: int = 2
    holidays: tuple[dt.date, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"window": self.window.text, "timezone": self.timezone,
                "max_attempts": self.max_attempts, "retry_after_s": self.retry_after_s,
                "max_concurrent": self.max_concurrent,
                "calls_per_second": self.calls_per_second,
                "max_calls_per_number_per_day": self.max_calls_per_number_per_day,
                "holidays": [day.isoformat() for day in self.holidays]}


def _whole(raw: dict, name: str, default: int, low: int, high: int) -> int:
    value = raw.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RuleError(f"rules.{name} must be a whole number from {low} to {high}")
    return value


def parse_rules(raw: object, max_concurrent_cap: int) -> CallingRules:
    """CONTRACT §8's `rules` object, checked; MAX_CONCURRENT_CAP is what the gateway can
    carry (HELPDESK_OUTBOUND_MAX_CALLS)."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise RuleError("rules must be an object")
    unknown = set(raw) - {"window", "timezone", "max_attempts", "retry_after_s",
                          "max_concurrent", "calls_per_second",
                          "max_calls_per_number_per_day", "holidays"}
    if unknown:
        raise RuleError(f"unknown rules: {', '.join(sorted(unknown))}")
    window = raw.get("window")
    if window is not None and not isinstance(window, str):
        raise RuleError("rules.window must be text such as 'mon-fri 09:00-20:00'")
    timezone = raw.get("timezone")
    if timezone is not None:
        if not isinstance(timezone, str):
            raise RuleError("rules.timezone must be an IANA time zone name")
        zone(timezone)
    rate = raw.get("calls_per_second", 1.0)
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 < rate <= 10:
        raise RuleError("rules.calls_per_second must be a number above 0, at most 10")
    return CallingRules(
        window=parse_window(window), timezone=timezone or None,
        max_attempts=_whole(raw, "max_attempts", 3, 1, 10),
        retry_after_s=_whole(raw, "retry_after_s", 3600, MIN_RETRY_S, 7 * 86400),
        max_concurrent=_whole(raw, "max_concurrent", min(2, max_concurrent_cap), 1,
                              max_concurrent_cap),
        calls_per_second=float(rate),
        max_calls_per_number_per_day=_whole(raw, "max_calls_per_number_per_day", 2, 1, 10),
        holidays=_holidays(raw.get("holidays", [])))


def _holidays(raw: object) -> tuple[dt.date, ...]:
    if not isinstance(raw, list) or not all(isinstance(day, str) for day in raw):
        raise RuleError("rules.holidays must be a list of dates (YYYY-MM-DD)")
    try:
        return tuple(sorted({dt.date.fromisoformat(day) for day in raw}))
    except ValueError as exc:
        raise RuleError(f"rules.holidays: {exc}") from exc


def _open_at(local: dt.datetime, window: Window, holidays: tuple[dt.date, ...]) -> bool:
    if local.date() in holidays:
        return False
    now = local.time()
    return any(span.start <= now < span.end for span in window.spans_on(local.weekday()))


def may_call(moment: dt.datetime, rules: CallingRules, where: ZoneInfo) -> bool:
    """Whether MOMENT (aware) is inside the window, in the callee's zone WHERE."""
    return _open_at(moment.astimezone(where), rules.window, rules.holidays)


def next_opening(moment: dt.datetime, rules: CallingRules, where: ZoneInfo
                 ) -> dt.datetime | None:
    """The earliest aware UTC time at or after MOMENT inside the window, in the callee's
    zone; None when it does not open in the next SEARCH_DAYS days (a window that never
    opens, or holidays covering it)."""
    if may_call(moment, rules, where):
        return moment.astimezone(dt.timezone.utc)
    local = moment.astimezone(where)
    for offset in range(SEARCH_DAYS):
        day = local.date() + dt.timedelta(days=offset)
        if day in rules.holidays:
            continue
        for span in sorted(rules.window.spans_on(day.weekday()), key=lambda s: s.start):
            start = dt.datetime.combine(day, span.start, tzinfo=where)
            # A wall-clock time skipped by a DST change resolves forward; check it is open.
            start = start.astimezone(dt.timezone.utc).astimezone(where)
            if start.astimezone(dt.timezone.utc) >= moment.astimezone(dt.timezone.utc) \
                    and _open_at(start, rules.window, rules.holidays):
                return start.astimezone(dt.timezone.utc)
    return None


def retry_at(outcome: str, attempts: int, rules: CallingRules, ended: dt.datetime
             ) -> dt.datetime | None:
    """When to try again after an attempt that ended with OUTCOME (ATTEMPTS made so far);
    None: the contact is done (a final outcome, or no attempts left)."""
    if outcome in FINAL_OUTCOMES or outcome not in RETRY_FACTOR:
        return None
    if attempts >= rules.max_attempts:
        return None
    delay = max(MIN_RETRY_S, rules.retry_after_s * RETRY_FACTOR[outcome])
    return ended + dt.timedelta(seconds=delay)


def day_start(moment: dt.datetime, where: ZoneInfo) -> dt.datetime:
    """The start (UTC) of the callee's local day that holds MOMENT: the per-number daily
    cap counts calls from there."""
    local = moment.astimezone(where)
    start = dt.datetime.combine(local.date(), dt.time(0), tzinfo=where)
    return start.astimezone(dt.timezone.utc)
