"""KPIs from a generated set of conversations whose answers are known by construction.

24 conversations in the week of 2026-11-01 (UTC): conversation i starts on day i % 6 at
hour i, on channel rest/socketio/voice by i % 3; every 4th is handed off; i < 10 rate
i // 2 + 1 and i = 10 rates 5; each has 4 user turns, fallbacks on i % 6 == 0 and two on
i = 23; i < 16 belong to customer C<i> about orders (even i) or billing (odd i); i = 17
is C5 again, about billing, 12 hours later. Rows outside the range only serve as earlier
or later contacts for first-contact resolution.
"""

from __future__ import annotations

import datetime as dt

import pytest

from helpdesk.analytics.metrics import (
    ConversationRow,
    HandoffRow,
    LeadRow,
    compute_metrics,
    repeat_flags,
    top_intents,
)
from helpdesk.web import metrics_params as params
from helpdesk.web.http_json import ApiError

UTC = dt.timezone.utc
SINCE = dt.datetime(2026, 11, 1, tzinfo=UTC)
UNTIL = dt.datetime(2026, 11, 8, tzinfo=UTC)
CHANNELS = ("rest", "socketio", "voice")
TOPIC_INTENT = {"orders": "check_order_status", "billing": "check_balance"}
H, DAY, S = dt.timedelta(hours=1), dt.timedelta(days=1), dt.timedelta(seconds=1)


def conversation(i: int) -> ConversationRow:
    topic = "orders" if i % 2 == 0 else "billing"
    customer = f"C{i}" if i < 16 else "C5" if i == 17 else None
    rating = i // 2 + 1 if i < 10 else 5 if i == 10 else None
    fallbacks = 2 if i == 23 else 1 if i % 6 == 0 else 0
    return ConversationRow(
        conversation_id=f"conv-{i}", started_at=SINCE + (i % 6) * DAY + i * H,
        channel=CHANNELS[i % 3], customer_id=customer, topic=topic, handed_off=i % 4 == 0,
        csat_rating=rating, user_turns=4, fallback_turns=fallbacks,
        intents=["greet", TOPIC_INTENT[topic]] + ["nlu_fallback"] * fallbacks, id=i + 1)


def other(name: str, customer: str, topic: str, start: dt.datetime,
          channel: str = "rest") -> ConversationRow:
    return ConversationRow(name, start, channel, customer, topic, user_turns=2,
                           intents=["greet"])


BASE = [conversation(i) for i in range(24)]
OUTSIDE = [
    # C11 (voice, billing, Nov 6 11:00) is back 2 days later on the widget: not resolved.
    other("r1", "C11", "billing", BASE[11].started_at + 2 * DAY, "socketio"),
    # C1 back exactly 7 days later (inside the window): not resolved.
    other("r2", "C1", "billing", BASE[1].started_at + 7 * DAY),
    # C2 back 7 days and a second later: outside the window, resolved.
    other("r3", "C2", "orders", BASE[2].started_at + 7 * DAY + S),
    # C10 back within the week about something else: resolved.
    other("r4", "C10", "billing", BASE[10].started_at + 3 * DAY),
    # C0 had talked about orders 3 days before the range: C0 is a repeat contact.
    other("r5", "C0", "orders", BASE[0].started_at - 3 * DAY),
    # C6's earlier contact is a minute too old to make C6 a repeat.
    other("r6", "C6", "orders", BASE[6].started_at - 7 * DAY - 60 * S),
    # Starts exactly at `until`: not in the range.
    other("at-until", "", "", UNTIL),
]
ROWS = BASE + OUTSIDE
HANDOFFS = [
    HandoffRow(SINCE, "rest", SINCE + 90 * S, SINCE + 180 * S),  # at `since`: counts
    HandoffRow(SINCE + 5 * 60 * S, "rest", SINCE + 360 * S, SINCE + 960 * S),
    HandoffRow(SINCE + DAY, "voice", SINCE + DAY + 120 * S),  # assigned, still open
    HandoffRow(SINCE + 2 * DAY, "socketio"),  # never assigned
    HandoffRow(SINCE + 3 * DAY, "rest", SINCE + 3 * DAY + 30 * S, SINCE + 3 * DAY + 330 * S),
    HandoffRow(SINCE - S, "rest", SINCE + 999 * S, SINCE + 2000 * S),  # before the range
    HandoffRow(UNTIL, "rest", UNTIL + S, UNTIL + 2 * S),  # at `until`: left out
]
LEADS = [LeadRow(SINCE, "rest"), LeadRow(SINCE + 2 * DAY, "socketio"),
         LeadRow(UNTIL - S, "voice"), LeadRow(UNTIL, "voice"), LeadRow(SINCE - S, "rest")]


def test_every_kpi_of_the_generated_week() -> None:
    m = compute_metrics(ROWS, HANDOFFS, LEADS, SINCE, UNTIL)
    assert m["conversations"] == 24
    assert m["handoffs"] == 6 and m["contained"] == 18
    assert m["containment_rate"] == 0.75 and m["handoff_rate"] == 0.25
    assert m["leads"] == 3
    assert m["csat_responses"] == 11
    assert m["csat_average"] == 3.18  # 35 / 11
    assert m["csat_distribution"] == {"1": 2, "2": 2, "3": 2, "4": 2, "5": 3}
    # Eligible: C0..C15 and conversation 17 (17). Followed within 7 days: C5 (by 17),
    # C11 (r1), C1 (r2). Repeat contacts in range: 17 (after C5) and C0 (after r5).
    assert m["fcr_conversations"] == 17
    assert m["first_contact_resolution"] == round(14 / 17, 4) == 0.8235
    assert m["repeat_contacts"] == 2
    assert m["average_wait_time_s"] == 75.0  # (90 + 60 + 120 + 30) / 4
    assert m["average_handle_time_s"] == 330.0  # (90 + 600 + 300) / 3
    assert m["fallback_rate"] == 0.0625  # (4 + 2) / 96
    assert m["top_intents"] == [{"intent": "greet", "count": 24},
                                {"intent": "check_balance", "count": 12},
                                {"intent": "check_order_status", "count": 12}]
    assert m["per_channel"] == {
        "rest": {"conversations": 8, "contained": 6, "handoffs": 2, "csat_average": 3.0},
        "socketio": {"conversations": 8, "contained": 6, "handoffs": 2, "csat_average": 3.25},
        "voice": {"conversations": 8, "contained": 6, "handoffs": 2, "csat_average": 3.33},
    }
    assert m["daily"] == [
        {"date": "2026-11-01", "conversations": 4, "contained": 2, "handoffs": 2},
        {"date": "2026-11-02", "conversations": 4, "contained": 4, "handoffs": 0},
        {"date": "2026-11-03", "conversations": 4, "contained": 2, "handoffs": 2},
        {"date": "2026-11-04", "conversations": 4, "contained": 4, "handoffs": 0},
        {"date": "2026-11-05", "conversations": 4, "contained": 2, "handoffs": 2},
        {"date": "2026-11-06", "conversations": 4, "contained": 4, "handoffs": 0},
        {"date": "2026-11-07", "conversations": 0, "contained": 0, "handoffs": 0},
    ]


def test_one_channel_with_repeats_found_on_other_channels() -> None:
    m = compute_metrics(ROWS, HANDOFFS, LEADS, SINCE, UNTIL, channel="voice")
    # Voice: 2, 5, 8, 11, 14, 17, 20, 23; handed off: 8 and 20.
    assert (m["conversations"], m["handoffs"], m["contained"]) == (8, 2, 6)
    assert m["containment_rate"] == 0.75 and m["handoff_rate"] == 0.25
    assert m["leads"] == 1
    assert m["csat_responses"] == 3 and m["csat_average"] == 3.33  # (2 + 3 + 5) / 3
    assert m["csat_distribution"] == {"1": 0, "2": 1, "3": 1, "4": 0, "5": 1}
    # Eligible 2, 5, 8, 11, 14, 17; followed: 5 (by 17) and 11 (by r1, on the widget).
    assert m["fcr_conversations"] == 6 and m["first_contact_resolution"] == 0.6667
    assert m["repeat_contacts"] == 1
    assert m["average_wait_time_s"] == 120.0 and m["average_handle_time_s"] is None
    assert m["fallback_rate"] == round(2 / 32, 4)  # conversation 23
    assert list(m["per_channel"]) == ["voice"]
    assert sum(day["conversations"] for day in m["daily"]) == 8


def test_no_data_gives_nulls_and_zeros() -> None:
    m = compute_metrics([], [], [], SINCE, UNTIL)
    assert (m["conversations"], m["contained"], m["handoffs"], m["leads"]) == (0, 0, 0, 0)
    for name in ("containment_rate", "handoff_rate", "csat_average",
                 "first_contact_resolution", "average_handle_time_s", "average_wait_time_s",
                 "fallback_rate"):
        assert m[name] is None, name
    assert m["csat_responses"] == 0 and m["repeat_contacts"] == 0
    assert m["csat_distribution"] == {str(r): 0 for r in range(1, 6)}
    assert m["top_intents"] == [] and m["per_channel"] == {}
    assert [d["date"] for d in m["daily"]] == [f"2026-11-0{d}" for d in range(1, 8)]
    assert compute_metrics(ROWS, HANDOFFS, LEADS, SINCE, UNTIL, channel="fax")[
        "conversations"] == 0


def test_range_boundaries() -> None:
    one_day = compute_metrics(ROWS, HANDOFFS, LEADS, SINCE, SINCE + DAY)
    assert one_day["conversations"] == 4  # 0, 6, 12, 18: conversation 0 starts at `since`
    assert one_day["handoffs"] == 2 and one_day["leads"] == 1
    assert one_day["average_wait_time_s"] == 75.0  # the two rest handoffs of day one
    assert [d["date"] for d in one_day["daily"]] == ["2026-11-01"]
    midday = compute_metrics(ROWS, [], [], SINCE + 12 * H, SINCE + DAY + 12 * H)
    assert [d["date"] for d in midday["daily"]] == ["2026-11-01", "2026-11-02"]
    # 12 (at `since`, Nov 1 12:00), 18, 1 (Nov 2 01:00), 7; 13 starts at 13:00, too late.
    assert midday["conversations"] == 4
    after = compute_metrics(ROWS, HANDOFFS, LEADS, UNTIL, UNTIL + 7 * DAY)
    assert after["conversations"] == 5  # r1, r2, r3, r4 and the one at `until`
    assert after["handoffs"] == 0 and after["leads"] == 1


def test_repeat_flags_and_top_intents() -> None:
    history = [BASE[5], BASE[17], other("x", "C5", "billing", BASE[17].started_at + 8 * DAY)]
    assert repeat_flags(history) == [False, True, False]
    assert repeat_flags([BASE[20]]) == [False]  # no customer: never a repeat
    rows = [ConversationRow("a", SINCE, "rest", intents=["b", "a", "nlu_fallback", ""]),
            ConversationRow("b", SINCE, "rest", intents=["a"])]
    assert top_intents(rows) == [{"intent": "a", "count": 2}, {"intent": "b", "count": 1}]
    many = [ConversationRow("c", SINCE, "rest", intents=[f"i{n:02d}" for n in range(15)])]
    assert len(top_intents(many)) == 10


def test_api_parameters() -> None:
    now = dt.datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
    assert params.date_range(None, None, now) == (now - 30 * DAY, now)
    assert params.date_range("2026-11-01", "2026-11-07") == (SINCE, UNTIL)  # `until` day included
    assert params.date_range("2026-11-01T01:00:00+01:00", "2026-11-02T00:00:00Z") == (
        SINCE, SINCE + DAY)
    assert params.date_range("2026-11-01T01:00:00 01:00", "2026-11-02T00:00:00")[0] == SINCE
    assert params.channel("voice") == "voice" and params.channel("") is None
    assert params.flag("true", "x") and not params.flag(None, "x") and params.flag("1", "x")
    assert params.limit(None) == 100 and params.limit("5") == 5
    for call in (lambda: params.date_range("yesterday", None),
                 lambda: params.date_range("2026-11-08", "2026-11-01"),
                 lambda: params.date_range("2024-01-01", "2026-01-01"),
                 lambda: params.channel("fax"), lambda: params.flag("maybe", "x"),
                 lambda: params.limit("0"), lambda: params.limit("lots")):
        with pytest.raises(ApiError) as caught:
            call()
        assert caught.value.status_code == 400
