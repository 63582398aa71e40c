"""The command line and environment of each service of the stack (used by run and tests)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from helpdesk.config import (
    AUDIOSOCKET_SECRET_ENV,
    INTERNAL_SECRET_ENV,
    PROJECT_ROOT,
    RASA_API_TOKEN_ENV,
    WIDGET_TOKEN_SECRET_ENV,
    Settings,
)
from helpdesk.security.stack_secrets import (
    audiosocket_secret,
    internal_secret,
    rasa_api_token,
    widget_token_secret,
)


def service_env(settings: Settings) -> dict[str, str]:
    """Environment for child processes: CONTRACT §2 settings made explicit, and the
    stack's secrets (helpdesk.security.stack_secrets: configured, else generated once into var/),
    so that every process agrees on them."""
    env = dict(os.environ)
    env.update({
        "HELPDESK_DB_URL": settings.db_url,
        "RASA_PORT": str(settings.rasa_port),
        "ACTIONS_PORT": str(settings.actions_port),
        "CONSOLE_PORT": str(settings.console_port),
        "VOICE_PORT": str(settings.voice_port),
        "AUDIOSOCKET_PORT": str(settings.audiosocket_port),
        "HELPDESK_BIND": settings.bind_host,
        "PYTHONUNBUFFERED": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        # sanic-ext (the web app's OpenAPI) would otherwise attach itself to every sanic
        # app, Rasa's included; the web app extends itself explicitly.
        "SANIC_AUTO_EXTEND": "false",
    })
    env[WIDGET_TOKEN_SECRET_ENV] = widget_token_secret(settings)
    env[RASA_API_TOKEN_ENV] = rasa_api_token(settings)
    env[INTERNAL_SECRET_ENV] = internal_secret(settings)
    env[AUDIOSOCKET_SECRET_ENV] = audiosocket_secret(settings)
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env["RASA_TELEMETRY_ENABLED"] = "false"
    return env


def rasa_cli() -> list[str]:
    """`rasa` with personal data masked in its log output (helpdesk.rasa_plugins.masked_rasa)."""
    return [sys.executable, "-m", "helpdesk.rasa_plugins.masked_rasa"]


def actions_command(settings: Settings) -> list[str]:
    """The action server (helpdesk.rasa_plugins.action_server): answers only requests that carry the
    internal secret, which Rasa sends (endpoints.yml)."""
    return [sys.executable, "-m", "helpdesk.rasa_plugins.action_server", "--actions", "actions",
            "--host", settings.bind_host, "--port", str(settings.actions_port)]


def rasa_command(settings: Settings, model: Path) -> list[str]:
    """The Rasa server with its HTTP API behind RASA_API_TOKEN. The token is not on the
    command line (where `ps` shows it to every local user): `helpdesk.rasa_plugins.masked_rasa` adds
    `--auth-token` from the environment, and refuses to start an API without one."""
    return [*rasa_cli(), "run", "--enable-api", "--auth-token-from-env",
            "--interface", settings.bind_host, "--port", str(settings.rasa_port),
            "--model", str(model), "--endpoints", str(PROJECT_ROOT / "endpoints.yml"),
            "--credentials", str(PROJECT_ROOT / "credentials.yml"),
            "--cors", *(settings.chat.widget_origins or ["*"])]


def voice_command() -> list[str]:
    return [sys.executable, "-m", "voice_gateway"]


def web_command() -> list[str]:
    return [sys.executable, "-m", "helpdesk.web"]
