"""Properties of the dashboard API's query parameters: any text, and any date or time of any
year and zone, is a value or a 400 `ApiError`, and an accepted range can be computed on."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from helpdesk.analytics.metrics import CHANNELS, compute_metrics
from helpdesk.web import metrics_params as params
from helpdesk.web.http_json import ApiError

ZONES = st.none() | st.timedeltas(min_value=-dt.timedelta(hours=23, minutes=59),
                                  max_value=dt.timedelta(hours=23, minutes=59)).map(
    dt.timezone)
MOMENTS = st.one_of(
    st.datetimes(timezones=ZONES).map(dt.datetime.isoformat),
    st.dates().map(dt.date.isoformat),
    st.datetimes(timezones=ZONES).map(lambda d: d.isoformat().replace("+00:00", "Z")),
    st.text(max_size=40))


def refused(call: object, *args: object) -> bool:
    """True when `call(*args)` raises ApiError 400; its value is checked by the caller."""
    try:
        call(*args)  # type: ignore[operator]
    except ApiError as exc:
        assert exc.status_code == 400 and str(exc)
        return True
    return False


@given(MOMENTS, st.booleans())
@example("0001-01-01T00:00:00+05:00", False)
@example("9999-12-31", True)
def test_a_moment_is_a_utc_time_or_a_400(raw: str, end_of_day: bool) -> None:
    if refused(params.moment, raw, "since", end_of_day):
        return
    value = params.moment(raw, "since", end_of_day)
    assert value is None or value.utcoffset() == dt.timedelta(0)


@given(st.none() | MOMENTS, st.none() | MOMENTS)
@example(None, "0001-01-02")  # found by the fuzz test: 30 days before it overflowed (500)
@example(None, "9999-12-31")  # and the day after it
@example("8999-12-30T00:00:00Z", "8999-12-31T23:59:59-23:59")
def test_an_accepted_date_range_can_be_computed_on(since: str | None,
                                                   until: str | None) -> None:
    if refused(params.date_range, since, until):
        return
    start, end = params.date_range(since, until)
    assert start < end and end - start <= params.MAX_RANGE
    metrics = compute_metrics([], [], [], start, end)
    assert metrics["conversations"] == 0 and metrics["daily"]


@given(st.none() | st.text(max_size=12))
@example("²")
@example("1" * 5000)
def test_flags_limits_and_channels_are_values_or_a_400(raw: str | None) -> None:
    if not refused(params.flag, raw, "handoff"):
        assert params.flag(raw, "handoff") in (True, False)
    if not refused(params.limit, raw):
        assert 1 <= params.limit(raw) <= 500
    if not refused(params.channel, raw):
        assert params.channel(raw) in (None, *CHANNELS)
