"""Voice connection admission: a rate of new connections and a cap on open ones, per client."""

from __future__ import annotations

import logging

import pytest

from helpdesk.config import Settings, get_settings
from voice_gateway.transports.connection_limits import ConnectionLimits


def limits(monkeypatch: pytest.MonkeyPatch, rate: str, calls: int) -> ConnectionLimits:
    monkeypatch.setenv("HELPDESK_VOICE_CONNECT_RATE", rate)
    monkeypatch.setenv("HELPDESK_VOICE_CALLS_PER_CLIENT", str(calls))
    monkeypatch.delenv("HELPDESK_RATE_LIMIT_STORAGE", raising=False)
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    return ConnectionLimits.from_settings(get_settings().voice)


def test_defaults_leave_room_for_the_tests_and_benchmarks(monkeypatch) -> None:
    monkeypatch.delenv("HELPDESK_VOICE_CONNECT_RATE", raising=False)
    monkeypatch.delenv("HELPDESK_VOICE_CALLS_PER_CLIENT", raising=False)
    settings = get_settings().voice
    assert (settings.connect_rate, settings.calls_per_client) == ("60/minute", 20)


def test_a_bad_rate_setting_stops_with_a_clear_message(monkeypatch) -> None:
    monkeypatch.setenv("HELPDESK_VOICE_CONNECT_RATE", "lots")
    with pytest.raises(SystemExit, match="HELPDESK_VOICE_CONNECT_RATE"):
        Settings.from_env()


def test_the_rate_counts_new_connections_per_client(monkeypatch, caplog) -> None:
    gate = limits(monkeypatch, "3/minute", 100)
    admitted = [gate.admit("10.0.0.1", "twilio") for _ in range(3)]
    assert all(admitted)
    for admission in admitted:
        admission.release()  # closing does not give the rate back
    with caplog.at_level(logging.WARNING, "voice_gateway.transports.connection_limits"):
        assert gate.admit("10.0.0.1", "browser") is None
    assert gate.admit("10.0.0.2", "audiosocket") is not None  # others are unaffected
    refusals = [r.getMessage() for r in caplog.records]
    assert refusals == ["voice connection refused: browser from 10.0.0.1, over 3 per 1 minute"]


def test_the_cap_counts_open_connections_and_a_release_frees_one(monkeypatch) -> None:
    gate = limits(monkeypatch, "100/minute", 2)
    first, second = gate.admit("10.0.0.1", "twilio"), gate.admit("10.0.0.1", "audiosocket")
    assert first and second
    assert gate.admit("10.0.0.1", "twilio") is None
    assert gate.admit("10.0.0.9", "twilio") is not None
    first.release()
    first.release()  # twice is harmless
    assert gate.open_calls["10.0.0.1"] == 1
    assert gate.admit("10.0.0.1", "browser") is not None


def test_an_unreachable_counter_store_admits(monkeypatch) -> None:
    gate = limits(monkeypatch, "1/minute", 5)

    def down(*_: object) -> bool:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(gate.limiter, "hit", down)
    assert gate.admit("10.0.0.1", "twilio") is not None
    assert gate.admit("10.0.0.1", "twilio") is not None
