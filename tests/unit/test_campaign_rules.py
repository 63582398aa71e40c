"""Calling rules as pure functions: windows in the callee's zone across DST, holidays, a
window that never opens, retries by outcome, attempt caps; targets checked one by one."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from helpdesk.campaigns.rules import (
    CallingRules,
    RuleError,
    callee_zone,
    day_start,
    may_call,
    next_opening,
    parse_rules,
    parse_window,
    retry_at,
)
from helpdesk.campaigns.targets import (
    TargetError,
    check_csv_targets,
    check_json_targets,
    looks_like_formula,
)

NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.timezone.utc
CUSTOMERS = {"C001": ("+15551230001", "ada@example.com"),
             "C002": ("+15551230002", "ben@example.com")}


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def rules(**kwargs: object) -> CallingRules:
    return parse_rules(kwargs, max_concurrent_cap=4)


def test_the_default_window_is_nine_to_eight_without_sundays() -> None:
    default = rules()
    saturday_noon = at("2026-12-05T17:00:00")  # 12:00 in New York
    sunday_noon = at("2026-12-06T17:00:00")
    assert may_call(saturday_noon, default, NEW_YORK)
    assert not may_call(sunday_noon, default, NEW_YORK)
    # Sunday noon: the next opening is Monday 09:00 New York time.
    assert next_opening(sunday_noon, default, NEW_YORK) == at("2026-12-07T14:00:00")
    assert not may_call(at("2026-12-05T01:30:00"), default, NEW_YORK)  # Fri 20:30 local


def test_the_window_keeps_its_wall_clock_hours_across_daylight_saving() -> None:
    weekdays = rules(window="mon-fri 09:00-17:00", timezone="America/New_York")
    zone = callee_zone("+15551230001", weekdays.timezone, "UTC")
    # 2026-03-06 is a Friday in EST (UTC-5), 2026-03-09 a Monday in EDT (UTC-4).
    assert next_opening(at("2026-03-06T23:00:00"), weekdays, zone) == at("2026-03-09T13:00:00")
    assert may_call(at("2026-03-09T13:00:00"), weekdays, zone)
    assert not may_call(at("2026-03-09T12:59:00"), weekdays, zone)
    # Autumn: Monday 2026-11-02 is back in EST.
    assert next_opening(at("2026-10-31T12:00:00"), weekdays, zone) == at("2026-11-02T14:00:00")


def test_the_zone_comes_from_the_campaign_the_number_or_the_business() -> None:
    assert callee_zone("+14155550100", None, "UTC") == ZoneInfo("America/Los_Angeles")
    assert callee_zone("+442079460000", None, "UTC") == ZoneInfo("Europe/London")
    assert callee_zone("+442079460000", "Asia/Tokyo", "UTC") == ZoneInfo("Asia/Tokyo")
    # 555 numbers have no region: the business's zone.
    assert callee_zone("+15551230001", None, "Europe/Berlin") == ZoneInfo("Europe/Berlin")
    with pytest.raises(RuleError, match="IANA"):
        callee_zone("+15551230001", "Mars/Olympus", "UTC")


def test_holidays_and_a_window_that_never_opens() -> None:
    with_holiday = rules(window="mon-fri 09:00-17:00", holidays=["2026-12-25"])
    christmas_morning = at("2026-12-25T10:00:00")
    assert not may_call(christmas_morning, with_holiday, ZoneInfo("UTC"))
    assert next_opening(christmas_morning, with_holiday, ZoneInfo("UTC")) == \
        at("2026-12-28T09:00:00")
    every_day_off = rules(window="sun 09:00-10:00",
                          holidays=[f"2026-12-{day:02d}" for day in (6, 13, 20)])
    assert next_opening(at("2026-12-05T12:00:00"), every_day_off, ZoneInfo("UTC")) is None


@pytest.mark.parametrize("window", ["", "mon-fri 09:00-20:00", "fri-mon 10:00-12:00",
                                    "mon 09:00-12:00; tue 13:00-17:00",
                                    "mon-fri 09:00-20:00, sat 10:00-14:00"])
def test_windows_people_write_are_read(window: str) -> None:
    assert parse_window(window).spans


@pytest.mark.parametrize("window", ["always", "mon-fri", "mon-fri 20:00-09:00",
                                    "mon-fri 09:00-25:00", "xyz 09:00-10:00"])
def test_bad_windows_get_a_clear_error(window: str) -> None:
    with pytest.raises(RuleError, match="window"):
        parse_window(window)


@pytest.mark.parametrize(("raw", "message"), [
    ({"max_attempts": 0}, "max_attempts"), ({"max_attempts": "3"}, "max_attempts"),
    ({"max_concurrent": 9}, "max_concurrent"), ({"retry_after_s": 5}, "retry_after_s"),
    ({"calls_per_second": 0}, "calls_per_second"), ({"holidays": ["25 Dec"]}, "holidays"),
    ({"timezone": "Nowhere/City"}, "timezone"), ({"colour": "red"}, "unknown rules"),
    ("weekdays", "object")])
def test_bad_rules_are_refused_with_a_message(raw: object, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_rules(raw, max_concurrent_cap=4)


def test_retries_by_outcome_until_the_attempts_run_out() -> None:
    three = rules(max_attempts=3, retry_after_s=3600)
    ended = at("2026-12-01T15:00:00")
    assert retry_at("busy", 1, three, ended) == ended + dt.timedelta(minutes=15)
    assert retry_at("no_answer", 1, three, ended) == ended + dt.timedelta(hours=1)
    assert retry_at("voicemail", 2, three, ended) == ended + dt.timedelta(hours=2)
    assert retry_at("failed", 3, three, ended) is None  # the third attempt was the last
    for final in ("completed", "handed_off", "opted_out", "invalid_number"):
        assert retry_at(final, 1, three, ended) is None


def test_the_daily_cap_counts_from_the_callees_midnight() -> None:
    moment = at("2026-12-02T03:00:00")  # 22:00 on Dec 1 in New York
    assert day_start(moment, NEW_YORK) == at("2026-12-01T05:00:00")


def test_rules_round_trip_through_their_json() -> None:
    original = rules(window="mon-fri 10:00-18:00", timezone="Europe/London", max_attempts=4,
                     retry_after_s=600, max_concurrent=3, holidays=["2026-12-25"])
    assert parse_rules(original.to_json(), 4) == original


def test_json_targets_are_checked_one_by_one_and_deduplicated() -> None:
    report = check_json_targets(
        [{"customer_id": "C001", "vars": {"order_id": "1042"}},
         {"phone": "+15551230001"},  # Ada again, by her number
         {"phone": "555-1234"}, {"customer_id": "C999"}, {},
         {"phone": "+15551239999", "vars": {"note": "=HYPERLINK(\"x\")"}},
         {"customer_id": "C002", "phone": "+15551230042"}, "C001",
         {"phone": "+15551230007", "vars": {"Bad Name": "x"}},
         {"phone": "+15551230008", "extra": 1}],
        find_customer=CUSTOMERS.get)
    assert [(t.phone, t.customer_id, t.variables) for t in report.targets] == [
        ("+15551230001", "C001", {"order_id": "1042"}), ("+15551230042", "C002", {})]
    assert report.duplicates == ["targets[1]: +15551230001 is also targets[0]"]
    reasons = "\n".join(report.errors)
    for where, why in [(2, "E.164"), (3, "unknown customer_id"), (4, "customer_id or a phone"),
                       (5, "formula"), (7, "object"), (8, "lower-case"), (9, "unknown fields")]:
        assert f"targets[{where}]: " in reasons and why in reasons, (where, reasons)
    assert len(report.errors) == 7


def test_csv_targets_report_file_and_line_like_the_crm_import() -> None:
    data = (b"customer_id,phone,order_id\n"
            b"C001,,1042\n"
            b",+15551230009,1043\n"
            b"C404,,1\n"
            b",+15551230009,1044\n"
            b",not-a-phone,5\n"
            b",+15551230010,@SUM(A1)\n"
            b",+15551230011,1045,extra\n")
    report = check_csv_targets(data, existing={"+15551230001"}, find_customer=CUSTOMERS.get)
    assert [t.phone for t in report.targets] == ["+15551230009"]
    assert report.targets[0].variables == {"order_id": "1043"}
    assert report.duplicates == ["targets.csv:2: +15551230001 is already a contact",
                                 "targets.csv:5: +15551230009 is also targets.csv:3"]
    assert [e.split(": ")[0] for e in report.errors] == [
        "targets.csv:4", "targets.csv:6", "targets.csv:7", "targets.csv:8"]


@pytest.mark.parametrize(("data", "message"), [
    (b"name,email\nx,y\n", "customer_id or a phone column"),
    (b"phone,Order Id\n+15551230001,1\n", "column names"),
    (b"\xff\xfe\x00p", "UTF-8")])
def test_a_csv_that_cannot_be_read_is_refused_whole(data: bytes, message: str) -> None:
    with pytest.raises(TargetError, match=message):
        check_csv_targets(data, find_customer=CUSTOMERS.get)


def test_formula_cells_are_recognised_but_numbers_are_not() -> None:
    assert looks_like_formula("=1+1") and looks_like_formula("@cmd") and \
        looks_like_formula("+A1") and looks_like_formula("-x")
    assert not looks_like_formula("-12.50") and not looks_like_formula("+15551230001") \
        and not looks_like_formula("1042")


def test_twilios_answers_to_a_create_request_become_placements() -> None:
    from helpdesk.campaigns.dialer import placement

    assert placement(201, {"sid": "CA1"}).call_sid == "CA1"
    invalid = placement(400, {"code": 21211, "message": "Invalid 'To' Phone Number"})
    assert (invalid.call_sid, invalid.outcome) == (None, "invalid_number")
    assert "21211" in invalid.error and "Invalid 'To'" in invalid.error
    assert placement(400, {"code": 20003, "message": "Authenticate"}).outcome == "failed"
    assert placement(503, {"message": "down"}).outcome == "failed"
    assert placement(201, {}).outcome == "failed"  # no SID: no call to follow
