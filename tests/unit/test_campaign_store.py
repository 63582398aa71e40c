"""Campaigns in the store (SQLite and PostgreSQL): a contact is taken by one dialer only,
paced, retried by outcome within the attempts, settled by Twilio's callbacks once however
often they come, kept off the do-not-call list, and resumed safely after a dead dialer."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from helpdesk.campaigns import attempts, store
from helpdesk.campaigns.rules import parse_rules
from helpdesk.campaigns.targets import Target

MONDAY_NOON = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.timezone.utc)
SUNDAY_NOON = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.timezone.utc)


def campaign(phones: list[str], **rules: object) -> int:
    rules = {"timezone": "UTC", "retry_after_s": 600, "calls_per_second": 10,
             "max_concurrent": 4, **rules}
    cid = store.create_campaign("Deliveries", "notification",
                                [Target(p, None, {"order_id": "1042"}) for p in phones],
                                parse_rules(rules, 4), {}, "sup")
    assert store.control(cid, "start") == "running"
    return cid


def dial(cid: int, now: dt.datetime) -> attempts.Claim | None:
    return attempts.claim(cid, "UTC", now)


def contact(cid: int, phone: str) -> dict:
    return next(c for c in store.campaign_detail(cid)["contacts"] if c["phone"] == phone)


def test_a_contact_is_called_retried_by_outcome_and_settled_once(db_url: str) -> None:
    cid = campaign(["+15551230001"], max_attempts=2)
    first = dial(cid, MONDAY_NOON)
    assert first is not None and first.purpose == "notification"
    assert dial(cid, MONDAY_NOON) is None  # it is being called
    attempts.placed(first.attempt_id, "CA" + "1" * 32)
    assert attempts.call_status(first.attempt_id, "CA" + "1" * 32, "ringing", None, None) is None
    assert attempts.call_status(None, "CA" + "1" * 32, "busy", None, None,
                                MONDAY_NOON) == "busy"
    # Twilio repeats a callback: nothing changes twice.
    assert attempts.call_status(None, "CA" + "1" * 32, "busy", None, None,
                                MONDAY_NOON + dt.timedelta(seconds=30)) == "busy"
    after_busy = contact(cid, "+15551230001")
    assert after_busy["status"] == "pending" and after_busy["attempts"] == 1
    assert dial(cid, MONDAY_NOON + dt.timedelta(seconds=60)) is None  # inside the interval
    second = dial(cid, MONDAY_NOON + dt.timedelta(minutes=3))  # busy: a quarter of 600 s
    assert second is not None
    attempts.dialogue_result(second.attempt_id, "completed", {"q1": 5})
    assert attempts.call_status(second.attempt_id, "CA" + "2" * 32, "completed", "human",
                                42.0, MONDAY_NOON) == "completed"
    done = contact(cid, "+15551230001")
    assert (done["status"], done["outcome"], done["attempts"], done["answers"]) == \
        ("done", "completed", 2, {"q1": 5})
    detail = store.campaign_detail(cid)
    assert detail["status"] == "finished" and detail["counts"]["completed"] == 1


def test_machines_and_exhausted_attempts_end_as_their_last_outcome(db_url: str) -> None:
    cid = campaign(["+15551230002"], max_attempts=1)
    claim = dial(cid, MONDAY_NOON)
    assert attempts.call_status(claim.attempt_id, "CA" + "3" * 32, "completed",
                                "machine_end_beep", 20.0) == "voicemail"
    assert contact(cid, "+15551230002")["outcome"] == "voicemail"
    assert contact(cid, "+15551230002")["status"] == "done"


def test_racing_dialers_never_take_the_same_contact(db_url: str) -> None:
    phones = [f"+1555123{n:04d}" for n in range(12)]
    cid = campaign(phones, max_concurrent=4)
    with ThreadPoolExecutor(8) as pool:
        claims = list(pool.map(lambda _: dial(cid, MONDAY_NOON), range(24)))
    taken = [c.contact_id for c in claims if c is not None]
    assert len(taken) == len(set(taken)) == 12


def test_pacing_slots_go_to_one_process_and_calls_at_once_are_capped(db_url: str) -> None:
    cid = campaign([f"+1555123{n:04d}" for n in range(5)], calls_per_second=1,
                   max_concurrent=2)
    with ThreadPoolExecutor(6) as pool:
        slots = list(pool.map(lambda _: attempts.take_turn(cid, MONDAY_NOON, 4), range(6)))
    assert slots.count(True) == 1
    dial(cid, MONDAY_NOON)
    later = MONDAY_NOON + dt.timedelta(seconds=2)
    assert attempts.take_turn(cid, later, 4)
    dial(cid, later)
    # Two calls are live: the campaign's max_concurrent holds the third back.
    assert not attempts.take_turn(cid, later + dt.timedelta(seconds=5), 4)
    # And the gateway's capacity holds every campaign back.
    other = campaign(["+15559990001"])
    assert not attempts.take_turn(other, later + dt.timedelta(seconds=5), 2)


def test_calling_rules_postpone_skip_and_keep_off_the_do_not_call_list(db_url: str) -> None:
    assert store.add_do_not_call("+15551230003", "asked", "sup")
    assert not store.add_do_not_call("+15551230003", "asked again", "sup")
    cid = campaign(["+15551230003", "+15551230004"], window="mon-fri 09:00-17:00")
    assert dial(cid, SUNDAY_NOON) is None
    waiting = contact(cid, "+15551230004")
    assert waiting["status"] == "pending" and waiting["next_at"] == "2026-12-07T09:00:00+00:00"
    assert contact(cid, "+15551230003")["outcome"] == "opted_out"
    never = campaign(["+15551230005"], window="sun 09:00-10:00",
                     holidays=["2026-12-06", "2026-12-13", "2026-12-20"])
    assert dial(never, MONDAY_NOON) is None
    assert contact(never, "+15551230005")["outcome"] == "skipped_window"


def test_the_daily_cap_per_number_holds_across_campaigns(db_url: str) -> None:
    first = campaign(["+15551230006"], max_calls_per_number_per_day=1)
    claim = dial(first, MONDAY_NOON)
    attempts.call_status(claim.attempt_id, "CA" + "4" * 32, "no-answer", None, None,
                         MONDAY_NOON)
    second = campaign(["+15551230006"], max_calls_per_number_per_day=1)
    assert dial(second, MONDAY_NOON + dt.timedelta(hours=2)) is None
    assert contact(second, "+15551230006")["next_at"].startswith("2026-12-08T")


def test_an_opt_out_during_the_call_goes_on_the_list_at_once(db_url: str) -> None:
    cid = campaign(["+15551230007"])
    claim = dial(cid, MONDAY_NOON)
    attempts.dialogue_result(claim.attempt_id, "opted_out")
    assert "+15551230007" in [d["phone"] for d in store.do_not_call_list()]
    assert attempts.call_status(claim.attempt_id, "CA" + "5" * 32, "completed", "human",
                                9.0) == "opted_out"
    assert contact(cid, "+15551230007")["status"] == "done"


def test_a_dead_dialers_attempts_are_retried_after_the_interval_not_at_once(
        db_url: str) -> None:
    cid = campaign(["+15551230008"], retry_after_s=600)
    claim = dial(cid, MONDAY_NOON)
    assert claim is not None  # ... and the process died before Twilio answered
    assert attempts.recover(MONDAY_NOON + dt.timedelta(seconds=30)) == 0
    assert attempts.recover(MONDAY_NOON + dt.timedelta(minutes=3)) == 1
    assert dial(cid, MONDAY_NOON + dt.timedelta(minutes=4)) is None
    assert dial(cid, MONDAY_NOON + dt.timedelta(minutes=14)) is not None


def test_controls_follow_the_campaigns_states(db_url: str) -> None:
    empty = store.create_campaign("Empty", "survey", [], parse_rules({}, 4), {}, "sup")
    with pytest.raises(store.CampaignConflict, match="no targets"):
        store.control(empty, "start")
    cid = campaign(["+15551230009"])
    assert store.control(cid, "pause") == "paused"
    assert dial(cid, MONDAY_NOON) is None  # paused: nobody is called
    with pytest.raises(store.CampaignConflict, match="paused campaign cannot pause"):
        store.control(cid, "pause")
    assert store.control(cid, "resume") == "running"
    assert store.control(cid, "stop") == "stopped"
    with pytest.raises(store.CampaignConflict):
        store.control(cid, "start")
    with pytest.raises(store.CampaignNotFound):
        store.control(99999, "start")


def test_results_export_is_formula_safe(db_url: str) -> None:
    cid = campaign(["+15551230010"])
    claim = dial(cid, MONDAY_NOON)
    attempts.dialogue_result(claim.attempt_id, "completed", {"comment": "=HYPERLINK(1)"})
    attempts.call_status(claim.attempt_id, "CA" + "6" * 32, "completed", "human", 30.0)
    text = store.results_csv(cid)
    assert text.splitlines()[0] == "phone,customer_id,status,outcome,attempts,answers," \
                                   "last_call_at"
    assert "+15551230010,,done,completed,1," in text
    assert "=HYPERLINK" not in text.replace("'=", "").replace('""=', "")
