"""Runtime settings, read from environment variables with the defaults of CONTRACT §2."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def env_float(name: str, default: float) -> float:
    """A number from the environment; a clear exit message when it is not one."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise SystemExit(f"setting {name}={raw!r} is not a number") from exc


def env_int(name: str, default: int) -> int:
    value = env_float(name, default)
    if value != int(value):
        raise SystemExit(f"setting {name}={value!r} is not a whole number")
    return int(value)


@dataclass(frozen=True)
class Settings:
    """Every knob of the stack in one place; build with `Settings.from_env()`."""

    db_url: str
    rasa_port: int
    actions_port: int
    console_port: int
    voice_port: int
    audiosocket_port: int
    tracker_store_url: str | None
    lock_store_url: str | None
    var_dir: Path
    default_phone_region: str
    max_pin_attempts: int
    recent_orders_listed: int
    # Address every service listens on (HELPDESK_BIND): loopback unless opened on purpose,
    # e.g. 0.0.0.0 behind a firewall or reverse proxy (README, Security and privacy).
    bind_host: str

    @classmethod
    def from_env(cls) -> Settings:
        var_dir = Path(os.environ.get("HELPDESK_VAR_DIR", PROJECT_ROOT / "var"))
        return cls(
            db_url=os.environ.get("HELPDESK_DB_URL") or "sqlite:///var/helpdesk.db",
            rasa_port=env_int("RASA_PORT", 5005),
            actions_port=env_int("ACTIONS_PORT", 5055),
            console_port=env_int("CONSOLE_PORT", 8080),
            voice_port=env_int("VOICE_PORT", 5080),
            audiosocket_port=env_int("AUDIOSOCKET_PORT", 5090),
            tracker_store_url=os.environ.get("TRACKER_STORE_URL") or None,
            lock_store_url=os.environ.get("LOCK_STORE_URL") or None,
            var_dir=var_dir,
            default_phone_region=os.environ.get("HELPDESK_PHONE_REGION", "US"),
            max_pin_attempts=env_int("HELPDESK_MAX_PIN_ATTEMPTS", 3),
            recent_orders_listed=env_int("HELPDESK_RECENT_ORDERS_LISTED", 3),
            bind_host=bind_host(),
        )


def bind_host() -> str:
    """HELPDESK_BIND: the address every service listens on; 127.0.0.1 by default."""
    return os.environ.get("HELPDESK_BIND", "").strip() or "127.0.0.1"


def get_settings() -> Settings:
    return Settings.from_env()


def widget_origins() -> list[str]:
    """The sites allowed to embed the chat widget (HELPDESK_WIDGET_ORIGINS, comma-separated,
    e.g. "https://shop.example.com"); empty, the default, allows any site."""
    raw = os.environ.get("HELPDESK_WIDGET_ORIGINS", "").strip()
    if raw in ("", "*"):
        return []
    return [origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip()]
