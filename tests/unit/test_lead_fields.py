"""Validation of lead answers, and opening hours."""

from __future__ import annotations

import datetime as dt

import pytest

from helpdesk.handoffs.opening_hours import OpeningHoursError, is_open
from helpdesk.leads.fields import check


@pytest.mark.parametrize("field, text, value", [
    ("name", "my name is ada moreno", "Ada Moreno"),
    ("name", "Grace", "Grace"),
    ("name", "12345", None),
    ("name", "<script>alert(1)</script>", None),
    ("name", "x", None),
    ("phone", "555 123 0001", "+15551230001"),
    ("phone", "+44 20 7946 0958", "+442079460958"),
    ("phone", "five five five one two three zero zero zero one", "+15551230001"),
    ("phone", "call me", None),
    ("email", "Ada@Example.com", "ada@example.com"),
    ("email", "it's ada at example dot com", "ada@example.com"),
    ("email", "skip", ""),
    ("email", "No email, please.", ""),  # punctuated by speech-to-text
    ("email", "No thanks!", ""),
    ("email", "ada@", None),
    ("interest", "20 pairs of trail shoes", "20 pairs of trail shoes"),
    ("interest", "?", None),
    ("best_time", "weekdays after 5pm", "weekdays after 5pm"),
])
def test_answers_are_validated(field: str, text: str, value: str | None) -> None:
    checked = check(field, text)
    assert checked.value == value
    assert (checked.problem != "") == (value is None)


def at(weekday: int, hour: int, minute: int = 0) -> dt.datetime:
    monday = dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)  # a Monday
    return monday + dt.timedelta(days=weekday, hours=hour, minutes=minute)


def test_opening_hours() -> None:
    spec = "mon-fri 09:00-18:00; sat 10:00-14:00"
    assert is_open("", "UTC", at(6, 3))
    assert is_open(spec, "UTC", at(0, 9))
    assert not is_open(spec, "UTC", at(0, 18))
    assert is_open(spec, "UTC", at(5, 13, 59))
    assert not is_open(spec, "UTC", at(6, 12))
    # 08:30 UTC is 09:30 in Berlin (CET)
    assert is_open(spec, "Europe/Berlin", at(2, 8, 30))
    assert not is_open(spec, "UTC", at(2, 8, 30))


@pytest.mark.parametrize("spec", ["weekdays 9-5", "mon-fri 25:00-26:00", "xyz 09:00-10:00"])
def test_bad_opening_hours_are_reported(spec: str) -> None:
    with pytest.raises(OpeningHoursError):
        is_open(spec, "UTC", at(0, 10))


@pytest.mark.parametrize("text", ["yes please", "ok", "hello", "thank you"])
def test_replies_that_are_not_names(text: str) -> None:
    assert check("name", text).value is None
