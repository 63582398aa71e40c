"""Signed customer tokens from a website: only a valid, unexpired, correctly signed token
for the widget's audience, with a bounded lifetime, names a customer."""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest

from helpdesk.accounts.customer_tokens import (
    AUDIENCE_ENV,
    MAX_TTL_ENV,
    SECRET_ENV,
    customer_claim,
    customer_id_from_token,
    ensure_token_secret,
    issue_token,
)

OTHER_SECRET = "another-secret-that-is-long-enough-0123456789-abcdefghijklmnop"
SECRET = "s3cret-for-the-widget-tests-0123456789-abcdefghijklmnopqrstuvwxyz"
DEFAULT_AUDIENCE = "helpdesk-widget"  # HELPDESK_CUSTOMER_TOKEN_AUDIENCE unset (README)


def claims(**extra: object) -> dict[str, object]:
    now = int(time.time())
    return {"sub": "K-100", "aud": DEFAULT_AUDIENCE, "iat": now, "exp": now + 60, **extra}


def test_a_valid_token_names_its_customer_and_its_expiry() -> None:
    before = time.time()
    token = issue_token("K-100", SECRET, ttl_s=600)
    assert customer_id_from_token(token, SECRET) == "K-100"
    claim = customer_claim(token, SECRET)
    assert claim is not None and claim.customer_id == "K-100"
    assert before + 590 <= claim.expires_at <= time.time() + 600
    assert jwt.decode(token, options={"verify_signature": False})["aud"] == DEFAULT_AUDIENCE


@pytest.mark.parametrize("token", [
    jwt.encode(claims(aud="another-app"), SECRET, algorithm="HS256"),  # another audience
    jwt.encode({k: v for k, v in claims().items() if k != "aud"}, SECRET, algorithm="HS256"),
    jwt.encode({k: v for k, v in claims().items() if k != "iat"}, SECRET, algorithm="HS256"),
    jwt.encode(claims(iat=int(time.time()) - 100, exp=int(time.time()) + 24 * 3600),
               SECRET, algorithm="HS256"),  # a lifetime over 24 h
    jwt.encode(claims(iat=int(time.time()) + 3600, exp=int(time.time()) + 7200),
               SECRET, algorithm="HS256"),  # issued in the future
])
def test_tokens_without_the_audience_or_a_bounded_lifetime_are_ignored(token: str) -> None:
    assert customer_claim(token, SECRET) is None


def test_audience_and_maximum_lifetime_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(AUDIENCE_ENV, "shop-chat")
    token = issue_token("K-100", SECRET)
    assert customer_id_from_token(token, SECRET) == "K-100"
    monkeypatch.delenv(AUDIENCE_ENV)
    assert customer_id_from_token(token, SECRET) is None  # made for another audience
    monkeypatch.setenv(MAX_TTL_ENV, "600")
    long_lived = jwt.encode(claims(exp=int(time.time()) + 900), SECRET, algorithm="HS256")
    assert customer_claim(long_lived, SECRET) is None
    with pytest.raises(ValueError):
        issue_token("K-100", SECRET, ttl_s=601)
    assert customer_claim(issue_token("K-100", SECRET, ttl_s=600), SECRET) is not None


@pytest.mark.parametrize("token", [
    None, "", 42, "not-a-jwt", "a.b.c", "x" * 5000,
    jwt.encode(claims(), OTHER_SECRET, algorithm="HS256"),
    jwt.encode(claims(iat=int(time.time()) - 1200, exp=int(time.time()) - 600), SECRET,
               algorithm="HS256"),
    jwt.encode({k: v for k, v in claims().items() if k != "exp"}, SECRET,
               algorithm="HS256"),  # no expiry
    jwt.encode({k: v for k, v in claims().items() if k != "sub"}, SECRET,
               algorithm="HS256"),  # no subject
    jwt.encode(claims(), SECRET, algorithm="HS512"),
    jwt.encode(claims(), key=None, algorithm="none"),
])
def test_bad_expired_or_forged_tokens_are_ignored(token: object) -> None:
    assert customer_id_from_token(token, SECRET) is None


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_without_a_long_enough_secret_no_token_is_trusted() -> None:
    token = jwt.encode(claims(), "short", algorithm="HS256")
    assert customer_id_from_token(token, "short") is None
    assert customer_id_from_token(token, "") is None


def test_the_secret_is_made_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    monkeypatch.delenv(SECRET_ENV, raising=False)
    first = ensure_token_secret(tmp_path)
    assert len(first) >= 32 and ensure_token_secret(tmp_path) == first
    assert (tmp_path / "widget_token_secret").stat().st_mode & 0o077 == 0
    monkeypatch.setenv(SECRET_ENV, SECRET)
    assert ensure_token_secret(tmp_path) == SECRET
