"""The stack's generated secrets, the internal-request check and the Rasa token hand-off."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpdesk.config import Settings
from helpdesk.ops.service_commands import rasa_command, service_env
from helpdesk.rasa_plugins.masked_rasa import rasa_arguments
from helpdesk.security.internal_auth import INTERNAL_SECRET_HEADER, is_internal_request
from helpdesk.security.stack_secrets import ensure_secret


def test_a_secret_is_made_once_private_and_kept(tmp_path: Path) -> None:
    first = ensure_secret(tmp_path / "var", "some_secret")
    assert len(first) >= 32 and ensure_secret(tmp_path / "var", "some_secret", " ") == first
    path = tmp_path / "var" / "some_secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["some_secret"]  # no drafts left
    assert ensure_secret(tmp_path / "var", "some_secret", " configured-value ") == (
        "configured-value")


def test_a_configured_secret_is_the_one_every_process_gets(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("HELPDESK_INTERNAL_SECRET", "configured-internal-secret")
    env = service_env(Settings.from_env())
    assert env["HELPDESK_INTERNAL_SECRET"] == "configured-internal-secret"
    assert not (tmp_path / "internal_secret").exists()


def test_processes_starting_at_once_agree_on_the_secret(tmp_path: Path) -> None:
    with ThreadPoolExecutor(8) as pool:
        made = set(pool.map(lambda _: ensure_secret(tmp_path, "s"), range(32)))
    assert made == {(tmp_path / "s").read_text()}


def test_every_child_process_gets_the_secrets_and_the_bind_address(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RASA_API_TOKEN", "HELPDESK_INTERNAL_SECRET", "HELPDESK_AUDIOSOCKET_SECRET",
                 "HELPDESK_BIND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HELPDESK_VAR_DIR", str(tmp_path))
    settings = Settings.from_env()
    env = service_env(settings)
    assert env["RASA_API_TOKEN"] == (tmp_path / "rasa_api_token").read_text()
    assert env["HELPDESK_INTERNAL_SECRET"] == (tmp_path / "internal_secret").read_text()
    assert env["HELPDESK_AUDIOSOCKET_SECRET"] == (tmp_path / "audiosocket_secret").read_text()
    assert len({env["RASA_API_TOKEN"], env["HELPDESK_INTERNAL_SECRET"],
                env["HELPDESK_AUDIOSOCKET_SECRET"]}) == 3
    assert settings.bind_host == env["HELPDESK_BIND"] == "127.0.0.1"
    command = rasa_command(settings, tmp_path / "model.tar.gz")
    assert command[command.index("--interface") + 1] == "127.0.0.1"
    assert env["RASA_API_TOKEN"] not in command  # not visible in `ps`
    monkeypatch.setenv("HELPDESK_BIND", "0.0.0.0")
    assert Settings.from_env().bind_host == "0.0.0.0"


def test_rasa_gets_the_token_from_the_environment_or_does_not_start(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_API_TOKEN", "t0ken")
    assert rasa_arguments(["run", "--enable-api", "--auth-token-from-env", "--port", "1"]
                          ) == ["run", "--enable-api", "--auth-token=t0ken", "--port", "1"]
    monkeypatch.setenv("RASA_API_TOKEN", " ")
    with pytest.raises(SystemExit, match="RASA_API_TOKEN"):
        rasa_arguments(["run", "--enable-api", "--auth-token-from-env"])


def test_a_generated_token_that_starts_with_a_dash_still_reaches_rasa(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """token_urlsafe gives a leading "-" one time in 64: Rasa's argparse took it for an
    option of its own and Rasa did not start (seen on a fresh checkout)."""
    from rasa.__main__ import create_argument_parser  # Rasa's own command line

    token = "-lAv3qJx_generated"
    monkeypatch.setenv("RASA_API_TOKEN", token)
    arguments = rasa_arguments(["run", "--enable-api", "--auth-token-from-env", "--port", "1"])
    parsed = create_argument_parser().parse_args(arguments)
    assert parsed.auth_token == token and parsed.port == 1


def test_an_internal_request_needs_the_exact_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_INTERNAL_SECRET", "s3cret-value")
    assert is_internal_request({INTERNAL_SECRET_HEADER: "s3cret-value"})
    assert is_internal_request({INTERNAL_SECRET_HEADER.lower(): "s3cret-value"})
    for headers in ({}, {INTERNAL_SECRET_HEADER: ""}, {INTERNAL_SECRET_HEADER: "s3cret"},
                    {INTERNAL_SECRET_HEADER: "s3cret-value "}, {"X-Other": "s3cret-value"},
                    {INTERNAL_SECRET_HEADER: "sécret"}):
        assert not is_internal_request(headers), headers
    monkeypatch.setenv("HELPDESK_INTERNAL_SECRET", "")
    assert not is_internal_request({INTERNAL_SECRET_HEADER: ""})
