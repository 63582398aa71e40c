"""One configuration: the variables helpdesk.config reads are the README's table, its parsers
stop on a bad value with a message naming the variable, the derived defaults are computed
once there, and no other module reads the environment."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from helpdesk.config import (
    PROJECT_ROOT,
    READ_BY_RASA,
    Environment,
    FaqThresholds,
    Settings,
    get_settings,
)

README = PROJECT_ROOT / "README.md"
NAME = re.compile(r"`([A-Z][A-Z0-9_]*)`")
# Modules that build the environment of child processes (allowed to touch os.environ).
CHILD_ENVIRONMENT_BUILDERS = {"helpdesk/config.py", "helpdesk/ops/service_commands.py",
                              "helpdesk/ops/scaled_stack.py", "helpdesk/ops/model_cache.py"}


class RecordingEnviron(dict):
    """An environment that remembers every variable asked for."""

    def __init__(self, values: dict[str, str] | None = None) -> None:
        super().__init__(values or {})
        self.asked: set[str] = set()

    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        self.asked.add(key)
        return super().get(key, default)


def documented_variables() -> set[str]:
    """The variable names of the README's configuration table (first column, defaults in
    brackets left out)."""
    section = README.read_text(encoding="utf-8").split("\n## Configuration\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        first_cell = line.split("|")[1]
        names.update(NAME.findall(re.sub(r"\[[^\]]*\]", "", first_cell)))
    return names


def variables_read() -> set[str]:
    environ = RecordingEnviron()
    Settings.from_env(environ)
    return environ.asked


def test_config_reads_exactly_the_variables_of_the_readme_table() -> None:
    documented, read = documented_variables(), variables_read()
    assert len(documented) > 60 and "HELPDESK_DB_URL" in documented
    assert read - documented == set(), "read by helpdesk/config.py but not in README's table"
    assert documented - READ_BY_RASA - read == set(), "in README's table but never read"
    assert documented >= READ_BY_RASA


def test_no_other_module_reads_the_environment() -> None:
    readers = []
    for package in ("helpdesk", "actions", "voice_gateway"):
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            relative = path.relative_to(PROJECT_ROOT).as_posix()
            if relative in CHILD_ENVIRONMENT_BUILDERS:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv")
                        and isinstance(node.value, ast.Name) and node.value.id == "os"):
                    readers.append(f"{relative}:{node.lineno}")
    assert readers == [], "read the settings from helpdesk.config instead"


# --- parsers --------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "message"), [
    ("x", "setting RASA_PORT='x' is not a number"),
    ("5005.5", "setting RASA_PORT='5005.5' is not a whole number"),
    ("inf", "setting RASA_PORT='inf' is not a number"),
])
def test_a_bad_number_stops_with_the_variable_named(value: str, message: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        Settings.from_env({"RASA_PORT": value})
    assert str(stopped.value) == message


@pytest.mark.parametrize(("name", "value", "message"), [
    ("HELPDESK_FAQ_MARGIN", "lots", "setting HELPDESK_FAQ_MARGIN='lots' is not a number"),
    ("HELPDESK_CHAT_RATE", "fast", "setting HELPDESK_CHAT_RATE='fast' is not a rate such as "
                                   "'60/minute'"),
    ("HELPDESK_LOGIN_RATE", "often", "setting HELPDESK_LOGIN_RATE='often' is not a rate "
                                     "such as '60/minute'"),
    ("HELPDESK_TRUST_UNSIGNED_CALLER_ID", "maybe",
     "setting HELPDESK_TRUST_UNSIGNED_CALLER_ID='maybe' is not yes or no (1 or 0)"),
    ("HELPDESK_STT_MODEL", "huge", "setting HELPDESK_STT_MODEL='huge' is not one of 'tiny', "
                                   "'base'"),
])
def test_every_kind_of_bad_value_stops_with_a_clear_message(name: str, value: str,
                                                            message: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        Settings.from_env({name: value})
    assert str(stopped.value) == message


def test_parsers_take_blank_as_unset_and_strip_values() -> None:
    env = Environment({"A": "  ", "B": " 42 ", "C": "7.0", "D": " Yes ", "E": " a, ,b ,",
                       "F": " BASE "})
    assert env.number("A", 1.5) == 1.5 and env.whole_number("A", 3) == 3
    assert env.number("B", 0) == 42.0 and env.whole_number("C", 0) == 7
    assert env.flag("D") is True and env.flag("A", default=True) is True
    assert env.flag("MISSING") is False
    assert env.items("E") == ("a", "b") and env.items("A", "x,y") == ("x", "y")
    assert env.choice("F", "tiny", ("tiny", "base")) == "base"
    assert env.text("B") == "42" and env.optional("A") is None
    assert Environment({"P": " pass word "}).optional("P", strip=False) == " pass word "


def test_from_env_reads_only_the_mapping_it_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_PORT", "6006")
    assert Settings.from_env({}).rasa_port == 5005
    assert Settings.from_env().rasa_port == 6006


# --- defaults and derived values ------------------------------------------------------------
def test_contract_defaults() -> None:
    settings = Settings.from_env({})
    assert (settings.db_url, settings.rasa_port, settings.actions_port, settings.console_port,
            settings.voice_port, settings.audiosocket_port) == (
        "sqlite:///var/helpdesk.db", 5005, 5055, 8080, 5080, 5090)
    assert settings.bind_host == "127.0.0.1"
    assert settings.tracker_store_url == "sqlite:///var/tracker.db"
    assert settings.lock_store_url is None and settings.lock_store_prefix == "helpdesk"
    assert settings.var_dir == PROJECT_ROOT / "var"
    assert settings.secrets.internal_secret == "" and settings.web.admin_password is None
    assert settings.chat.widget_origins == ()
    assert settings.faq == FaqThresholds(0.36, 0.05, 0.32)


def test_the_rasa_url_follows_the_rasa_port_unless_set() -> None:
    settings = Settings.from_env({"RASA_PORT": "6100"})
    assert settings.rasa_url == settings.voice.rasa_url == "http://127.0.0.1:6100"
    assert settings.web.rasa_port == 6100
    chosen = Settings.from_env({"RASA_PORT": "6100", "HELPDESK_RASA_URL": "http://rasa:7"})
    assert chosen.rasa_url == chosen.voice.rasa_url == "http://rasa:7"


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "memory://"),
    ({"LOCK_STORE_URL": "redis://r:6379/1"}, "redis://r:6379/1"),
    ({"LOCK_STORE_URL": "redis://r:6379/1", "HELPDESK_RATE_LIMIT_STORAGE": "redis://q/2"},
     "redis://q/2"),
])
def test_rate_limits_are_counted_in_the_lock_store_unless_set(environ: dict[str, str],
                                                              expected: str) -> None:
    settings = Settings.from_env(environ)
    assert (settings.rate_limit_storage, settings.web.rate_limit_storage,
            settings.voice.rate_limit_storage) == (expected, expected, expected)


def test_derived_values_and_bounds() -> None:
    settings = Settings.from_env({
        "HELPDESK_BIND": " 0.0.0.0 ", "HELPDESK_VAR_DIR": "/srv/helpdesk",
        "TRACKER_STORE_URL": "postgresql://db/tracker", "CONSOLE_PORT": "9000",
        "VOICE_PORT": "9001", "AUDIOSOCKET_PORT": "9002",
        "HELPDESK_WIDGET_ORIGINS": "https://shop.example/, https://b.example",
        "HELPDESK_INTERNAL_SECRET": " s3cret ", "HELPDESK_AUDIOSOCKET_SECRET": "pbx",
        "HELPDESK_STT_WINDOW_S": "90", "HELPDESK_TTS_WORKERS": "0",
        "HELPDESK_PIN_LOCKOUT_S": "0", "HELPDESK_VERIFIED_IDLE_S": "0.1",
        "HELPDESK_CUSTOMER_TOKEN_MAX_TTL_S": "-5",
        "HELPDESK_VIP_HANDOFF_INTENTS": "complain, ,bot_challenge",
    })
    assert settings.bind_host == "0.0.0.0" and settings.var_dir == Path("/srv/helpdesk")
    assert settings.tracker_store_url == "postgresql://db/tracker"
    assert settings.web.console_port == 9000
    assert (settings.voice.voice_port, settings.voice.audiosocket_port) == (9001, 9002)
    assert settings.chat.widget_origins == ("https://shop.example", "https://b.example")
    assert (settings.voice.internal_secret, settings.voice.audiosocket_secret) == (
        "s3cret", "pbx")
    assert settings.voice.stt_window_s == 30.0 and settings.voice.tts_workers == 1
    assert settings.pin_lockout_s == 1 and settings.verified_idle_s == 1.0
    assert settings.customer_tokens.max_ttl_s == 1
    assert settings.handoffs.vip_handoff_intents == {"complain", "bot_challenge"}
    assert Settings.from_env({"HELPDESK_WIDGET_ORIGINS": "*"}).chat.widget_origins == ()
    # A confidence is a share: out-of-range values are brought into 0-1.
    assert Settings.from_env({}).stt_min_confidence == 0.5
    assert Settings.from_env({"HELPDESK_STT_MIN_CONFIDENCE": "7"}).stt_min_confidence == 1.0
    assert Settings.from_env({"HELPDESK_STT_MIN_CONFIDENCE": "-1"}).stt_min_confidence == 0.0


def test_a_process_builds_its_settings_once(monkeypatch: pytest.MonkeyPatch) -> None:
    first = get_settings()
    assert get_settings() is first
    get_settings.cache_clear()
    assert get_settings() is not first and get_settings() == first
