"""The stack's own secrets: the configured value when set (helpdesk.config reads them into
`Settings.secrets`), otherwise generated once and kept in the var directory (readable by
the owner only), so that every process of the stack, and every restart, agrees on them
without anyone having to configure anything.

    RASA_API_TOKEN              var/rasa_api_token      Rasa's HTTP API (`--auth-token`)
    HELPDESK_INTERNAL_SECRET    var/internal_secret     between our own processes
    HELPDESK_AUDIOSOCKET_SECRET var/audiosocket_secret  PBX -> gateway AudioSocket calls
    HELPDESK_WIDGET_TOKEN_SECRET var/widget_token_secret signed customer tokens
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from helpdesk.config import Settings

RASA_API_TOKEN_FILE = "rasa_api_token"
INTERNAL_SECRET_FILE = "internal_secret"
AUDIOSOCKET_SECRET_FILE = "audiosocket_secret"
WIDGET_TOKEN_SECRET_FILE = "widget_token_secret"


def ensure_secret(var_dir: Path, file_name: str, configured: str = "") -> str:
    """CONFIGURED when set; else the secret kept in VAR_DIR/FILE_NAME, made once with
    `secrets.token_urlsafe(32)` and mode 600.

    Safe when several processes start at once: the file is written under a private name
    and then linked into place, which fails when another process was first; the first
    one's secret is what everyone then reads."""
    if configured.strip():
        return configured.strip()
    path = var_dir / file_name
    existing = _read(path)
    if existing:
        return existing
    var_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    draft = var_dir / f".{file_name}.{os.getpid()}.{secrets.token_hex(4)}"
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secret)
        try:
            os.link(draft, path)
        except FileExistsError:
            return _read(path) or secret
    finally:
        with contextlib.suppress(FileNotFoundError):
            draft.unlink()
    return secret


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def rasa_api_token(settings: Settings) -> str:
    return ensure_secret(settings.var_dir, RASA_API_TOKEN_FILE, settings.secrets.rasa_api_token)


def internal_secret(settings: Settings) -> str:
    return ensure_secret(settings.var_dir, INTERNAL_SECRET_FILE,
                         settings.secrets.internal_secret)


def audiosocket_secret(settings: Settings) -> str:
    return ensure_secret(settings.var_dir, AUDIOSOCKET_SECRET_FILE,
                         settings.secrets.audiosocket_secret)


def widget_token_secret(settings: Settings) -> str:
    return ensure_secret(settings.var_dir, WIDGET_TOKEN_SECRET_FILE,
                         settings.secrets.widget_token_secret)
