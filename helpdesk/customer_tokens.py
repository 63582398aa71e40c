"""Signed customer tokens: how a website whose customer is logged in tells the bot who the
customer is, so the bot can treat them as verified without asking for the PIN.

A token is a JWT (HS256) with `sub` = the CRM customer id and `exp` = its expiry, signed
with HELPDESK_WIDGET_TOKEN_SECRET (shared by the website and the action server). When the
variable is unset, `helpdesk run` keeps a random secret in var/widget_token_secret.
A token that is malformed, expired, badly signed or names an unknown customer is ignored
(and logged): it is never trusted, and it never causes an error for the customer.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from pathlib import Path

import jwt

log = logging.getLogger(__name__)

SECRET_ENV = "HELPDESK_WIDGET_TOKEN_SECRET"
SECRET_FILE = "widget_token_secret"
ALGORITHM = "HS256"
MIN_SECRET_CHARS = 32
LEEWAY_S = 30


def ensure_token_secret(var_dir: Path) -> str:
    """The secret from the environment, else the one kept in VAR_DIR (made once)."""
    configured = os.environ.get(SECRET_ENV, "").strip()
    if configured:
        return configured
    path = var_dir / SECRET_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    path.write_text(secret, encoding="utf-8")
    path.chmod(0o600)
    return secret


def issue_token(customer_id: str, secret: str, ttl_s: int = 3600) -> str:
    """A token for CUSTOMER_ID valid for TTL_S seconds (what a website's backend does)."""
    now = int(time.time())
    return jwt.encode({"sub": customer_id, "iat": now, "exp": now + ttl_s}, secret,
                      algorithm=ALGORITHM)


def customer_id_from_token(token: object, secret: str | None = None) -> str | None:
    """The customer id of a valid token; None (logged, never raised) for anything else."""
    secret = secret if secret is not None else os.environ.get(SECRET_ENV, "")
    if not isinstance(token, str) or not token:
        return None
    if len(secret) < MIN_SECRET_CHARS:
        log.warning("a customer token was sent but %s is not set (or too short): ignored",
                    SECRET_ENV)
        return None
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], leeway=LEEWAY_S,
                            options={"require": ["sub", "exp"]})
    except jwt.ExpiredSignatureError:
        log.info("an expired customer token was ignored")
        return None
    except jwt.PyJWTError as exc:
        log.warning("an invalid customer token was ignored: %s", exc)
        return None
    subject = claims.get("sub")
    return subject if isinstance(subject, str) and subject else None
