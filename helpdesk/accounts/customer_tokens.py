"""Signed customer tokens: how a website whose customer is logged in tells the bot who the
customer is, so the bot can treat them as verified without asking for the PIN.

A token is a JWT (HS256) with `sub` = the CRM customer id, `aud` = the widget's audience
(HELPDESK_CUSTOMER_TOKEN_AUDIENCE, default "helpdesk-widget"), `iat` = when it was issued
and `exp` = its expiry, signed with HELPDESK_WIDGET_TOKEN_SECRET (shared by the website and
the action server). When the variable is unset, `helpdesk run` keeps a random secret in
var/widget_token_secret. A token may live at most HELPDESK_CUSTOMER_TOKEN_MAX_TTL_S
(default 86400 s, 24 h) from `iat` to `exp`. A token that is malformed, expired, badly
signed, for another audience, without `iat`, too long-lived or names an unknown customer
is ignored (and logged): it is never trusted, and it never causes an error for the
customer. The bot's verification by token ends at the token's `exp`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import jwt

from helpdesk.config import WIDGET_TOKEN_SECRET_ENV, get_settings
from helpdesk.security.stack_secrets import WIDGET_TOKEN_SECRET_FILE, ensure_secret

log = logging.getLogger(__name__)

SECRET_ENV = WIDGET_TOKEN_SECRET_ENV
SECRET_FILE = WIDGET_TOKEN_SECRET_FILE
ALGORITHM = "HS256"
MIN_SECRET_CHARS = 32
LEEWAY_S = 30
AUDIENCE_ENV = "HELPDESK_CUSTOMER_TOKEN_AUDIENCE"  # these two are read by helpdesk.config
MAX_TTL_ENV = "HELPDESK_CUSTOMER_TOKEN_MAX_TTL_S"


def ensure_token_secret(var_dir: Path) -> str:
    """The configured secret, else the one kept in VAR_DIR (made once)."""
    return ensure_secret(var_dir, SECRET_FILE, get_settings().secrets.widget_token_secret)


def token_audience() -> str:
    """HELPDESK_CUSTOMER_TOKEN_AUDIENCE: the `aud` a customer token must name."""
    return get_settings().customer_tokens.audience


def max_token_ttl_s() -> int:
    """HELPDESK_CUSTOMER_TOKEN_MAX_TTL_S: the longest a token may be valid (exp - iat)."""
    return get_settings().customer_tokens.max_ttl_s


@dataclass(frozen=True)
class CustomerClaim:
    """What a valid token says: who the customer is, and until when (epoch seconds)."""

    customer_id: str
    expires_at: float


def issue_token(customer_id: str, secret: str, ttl_s: int = 3600,
                audience: str | None = None) -> str:
    """A token for CUSTOMER_ID valid for TTL_S seconds (what a website's backend does).
    Raises ValueError when TTL_S is longer than the maximum lifetime."""
    if ttl_s > max_token_ttl_s():
        raise ValueError(f"a customer token may be valid for at most {max_token_ttl_s()} s "
                         f"({MAX_TTL_ENV})")
    now = int(time.time())
    return jwt.encode({"sub": customer_id, "aud": audience or token_audience(), "iat": now,
                       "exp": now + ttl_s}, secret, algorithm=ALGORITHM)


def customer_claim(token: object, secret: str | None = None) -> CustomerClaim | None:
    """The customer and expiry of a valid token; None (logged, never raised) for anything
    else."""
    secret = secret if secret is not None else get_settings().secrets.widget_token_secret
    if not isinstance(token, str) or not token:
        return None
    if len(secret) < MIN_SECRET_CHARS:
        log.warning("a customer token was sent but %s is not set (or too short): ignored",
                    SECRET_ENV)
        return None
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], leeway=LEEWAY_S,
                            audience=token_audience(),
                            options={"require": ["sub", "exp", "iat", "aud"]})
    except jwt.ExpiredSignatureError:
        log.info("an expired customer token was ignored")
        return None
    except jwt.PyJWTError as exc:
        log.warning("an invalid customer token was ignored: %s", exc)
        return None
    subject, issued, expires = claims.get("sub"), claims.get("iat"), claims.get("exp")
    if not isinstance(subject, str) or not subject:
        return None
    if not _is_number(issued) or not _is_number(expires) or expires - issued > max_token_ttl_s():
        log.warning("a customer token valid for longer than %s s was ignored", max_token_ttl_s())
        return None
    return CustomerClaim(subject, float(expires))


def customer_id_from_token(token: object, secret: str | None = None) -> str | None:
    """The customer id of a valid token (see `customer_claim`), else None."""
    claim = customer_claim(token, secret)
    return claim.customer_id if claim else None


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
