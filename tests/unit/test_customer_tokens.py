"""Signed customer tokens from a website: only a valid, unexpired, correctly signed token
names a customer."""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest

from helpdesk.customer_tokens import (
    SECRET_ENV,
    customer_id_from_token,
    ensure_token_secret,
    issue_token,
)

OTHER_SECRET = "another-secret-that-is-long-enough-0123456789-abcdefghijklmnop"
SECRET = "s3cret-for-the-widget-tests-0123456789-abcdefghijklmnopqrstuvwxyz"


def test_a_valid_token_names_its_customer() -> None:
    assert customer_id_from_token(issue_token("K-100", SECRET), SECRET) == "K-100"


@pytest.mark.parametrize("token", [
    None, "", 42, "not-a-jwt", "a.b.c", "x" * 5000,
    jwt.encode({"sub": "K-100", "exp": int(time.time()) + 60}, OTHER_SECRET,
               algorithm="HS256"),
    jwt.encode({"sub": "K-100", "exp": int(time.time()) - 600}, SECRET, algorithm="HS256"),
    jwt.encode({"sub": "K-100"}, SECRET, algorithm="HS256"),  # no expiry
    jwt.encode({"exp": int(time.time()) + 60}, SECRET, algorithm="HS256"),  # no subject
    jwt.encode({"sub": "K-100", "exp": int(time.time()) + 60}, SECRET, algorithm="HS512"),
    jwt.encode({"sub": "K-100", "exp": int(time.time()) + 60}, key=None, algorithm="none"),
])
def test_bad_expired_or_forged_tokens_are_ignored(token: object) -> None:
    assert customer_id_from_token(token, SECRET) is None


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_without_a_long_enough_secret_no_token_is_trusted() -> None:
    token = jwt.encode({"sub": "K-100", "exp": int(time.time()) + 60}, "short", algorithm="HS256")
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
