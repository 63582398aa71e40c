"""The voice gateway's caller-ID rules (voice_gateway.caller_trust) and the chat channels'
metadata filter, without servers."""

from __future__ import annotations

import asyncio
import uuid
import xml.etree.ElementTree as ET
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from helpdesk.config import get_settings
from helpdesk.rasa_plugins.channels import client_metadata
from voice_gateway.caller_trust import (
    CALLER_TOKEN_PARAMETER,
    CALLER_TOKEN_TTL_S,
    CallerTrust,
    mask_caller,
    valid_call_sid,
)
from voice_gateway.serializers.twilio import connect_twiml
from voice_gateway.services.twilio_rest import redirect_call

TOKEN = "auth-token"
SIGNED = CallerTrust(TOKEN, None, False, "pbx-secret")
UNSIGNED = CallerTrust(None, None, False, "")
TESTING = CallerTrust(None, None, True, "")
SID = f"CA{uuid.uuid4().hex}"
GRACE = "+15559870100"


class Headers(dict):
    """Case-insensitive, as sanic's."""

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)


class FakeRequest(SimpleNamespace):
    """What CallerTrust reads of a sanic request."""

    def __init__(self, url: str, form: dict[str, list[str]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        scheme, _, rest = url.partition("://")
        path_query = "/" + rest.partition("/")[2]
        path, _, query = path_query.partition("?")
        super().__init__(url=url, path=path, query_string=query, form=form or {},
                         headers=Headers({k.lower(): v for k, v in (headers or {}).items()}))


def signed_request(url: str, form: dict[str, str], signed_url: str | None = None,
                   token: str = TOKEN, **headers: str) -> FakeRequest:
    signature = RequestValidator(token).compute_signature(signed_url or url, form)
    return FakeRequest(url, {k: [v] for k, v in form.items()},
                       {"X-Twilio-Signature": signature, **headers})


def test_a_caller_token_vouches_for_that_caller_on_that_call_only() -> None:
    token = SIGNED.caller_token(SID, GRACE)
    assert token and SIGNED.stream_caller(SID, GRACE, token) == GRACE
    assert SIGNED.stream_caller(SID, "+15559870300", token) is None
    assert SIGNED.stream_caller(f"CA{uuid.uuid4().hex}", GRACE, token) is None
    assert SIGNED.stream_caller(SID, GRACE, None) is None
    assert SIGNED.stream_caller(SID, GRACE, token.replace(".", ".0", 1)) is None
    other_account = CallerTrust("another-token", None, False, "")
    assert other_account.stream_caller(SID, GRACE, token) is None


def test_a_campaign_calls_token_vouches_for_its_attempt_too() -> None:
    """The outbound TwiML signs the callee and the attempt together: a stream that names
    another attempt (or none) with that token is anonymous and no campaign call."""
    token = SIGNED.caller_token(SID, GRACE, outbound=7)
    assert SIGNED.stream_identity(SID, GRACE, token, 7) == (GRACE, 7)
    assert SIGNED.stream_identity(SID, GRACE, token, 8) == (None, None)
    assert SIGNED.stream_identity(SID, GRACE, token, None) == (None, None)
    assert SIGNED.stream_identity(SID, GRACE, SIGNED.caller_token(SID, GRACE), 7) == (
        None, None)
    assert TESTING.stream_identity(SID, GRACE, None, 7) == (GRACE, 7)
    assert UNSIGNED.stream_identity(SID, GRACE, None, 7) == (None, None)


def test_a_caller_token_expires() -> None:
    token = SIGNED.caller_token(SID, GRACE, now=1_000_000)
    assert token is not None
    assert SIGNED.token_ok(SID, GRACE, token, now=1_000_000 + CALLER_TOKEN_TTL_S - 1)
    assert not SIGNED.token_ok(SID, GRACE, token, now=1_000_000 + CALLER_TOKEN_TTL_S + 1)


@given(st.text(max_size=80))
def test_any_token_text_is_refused_or_valid_never_an_error(token: str) -> None:
    assert SIGNED.stream_caller(SID, GRACE, token) in (None, GRACE)


def test_without_an_auth_token_nothing_is_vouched_for_unless_testing() -> None:
    assert UNSIGNED.caller_token(SID, GRACE) is None
    assert UNSIGNED.stream_caller(SID, GRACE, None) is None
    assert UNSIGNED.browser_caller(GRACE) is None
    assert TESTING.stream_caller(SID, GRACE, None) == GRACE
    assert TESTING.browser_caller(GRACE) == GRACE
    assert SIGNED.browser_caller(GRACE) is None  # the browser page never proves a number


def test_the_twiml_carries_the_token_only_with_a_caller() -> None:
    token = SIGNED.caller_token(SID, GRACE)
    stream = ET.fromstring(connect_twiml("wss://h/twilio/media", GRACE, 0, token)).find(
        "Connect/Stream")
    assert stream is not None
    parameters = {p.get("name"): p.get("value") for p in stream.iter("Parameter")}
    assert parameters == {"From": GRACE, CALLER_TOKEN_PARAMETER: token}
    assert "Parameter" not in connect_twiml("wss://h/twilio/media", None, 0, token)


def test_twilio_signatures_are_checked_against_the_signed_url() -> None:
    url = "http://voice.example.com/twilio/voice?resumed=1"
    form = {"CallSid": SID, "From": GRACE}
    assert SIGNED.twilio_request_ok(signed_request(url, form))
    assert SIGNED.twilio_request_ok(signed_request(  # TLS ended in front of the gateway
        url, form, signed_url=url.replace("http://", "https://")))
    assert not SIGNED.twilio_request_ok(FakeRequest(url, {k: [v] for k, v in form.items()}))
    assert not SIGNED.twilio_request_ok(signed_request(url, form, token="other"))
    tampered = signed_request(url, form)
    tampered.form["From"] = ["+15559870300"]
    assert not SIGNED.twilio_request_ok(tampered)
    assert not SIGNED.twilio_request_ok(signed_request(  # another host
        url, form, signed_url="http://evil.example.com/twilio/voice?resumed=1"))
    assert UNSIGNED.twilio_request_ok(FakeRequest(url))


def test_the_public_url_is_what_twilio_signed() -> None:
    public = CallerTrust(TOKEN, "https://voice.example.com", False, "")
    url = "http://10.0.0.5:5080/twilio/voice"
    form = {"CallSid": SID}
    assert public.twilio_request_ok(signed_request(
        url, form, signed_url="https://voice.example.com/twilio/voice"))
    assert not public.twilio_request_ok(signed_request(url, form))
    upgrade = signed_request("ws://10.0.0.5:5080/twilio/media", {},
                             signed_url="wss://voice.example.com/twilio/media",
                             Upgrade="websocket")
    upgrade.form = None
    assert public.twilio_request_ok(upgrade)


@pytest.mark.parametrize("headers, refused", [
    ({"Authorization": "Bearer pbx-secret"}, None),
    ({"Authorization": "bearer pbx-secret"}, None),
    ({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Authorization": "pbx-secret"}, 401),
])
def test_audiosocket_registration_needs_the_bearer_secret(headers: dict[str, str],
                                                          refused: int | None) -> None:
    result = SIGNED.audiosocket_refusal(FakeRequest("http://h/audiosocket/calls",
                                                    headers=headers))
    assert (result[0] if result else None) == refused
    no_secret = UNSIGNED.audiosocket_refusal(FakeRequest("http://h/audiosocket/calls",
                                                         headers=headers))
    assert no_secret is not None and no_secret[0] == 403


@pytest.mark.parametrize("sid, ok", [
    (SID, True), (f"CA{'0' * 32}", True), ("CA1", False), (f"ca{'0' * 32}", False),
    (f"CA{'0' * 32}\n", False), (f"CA{'0' * 31}/", False), (f"CA{'A' * 32}", False),
    (None, False), (42, False),
])
def test_call_sids(sid: Any, ok: bool) -> None:
    assert valid_call_sid(sid) is ok


def test_a_bad_call_sid_never_reaches_the_twilio_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "ACtest")
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setenv("TWILIO_API_BASE", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("HELPDESK_TRANSFER_NUMBER", "+15550001111")
    settings = get_settings().voice
    assert asyncio.run(redirect_call(settings, "../../Accounts/ACother/Calls/CA1")) is False


def test_caller_numbers_are_masked_for_the_log() -> None:
    assert mask_caller(GRACE) == "+*********00"
    assert mask_caller(None) == "an unknown number"
    assert mask_caller("grace@navy.example") == "grace@navy.example"  # log masking's job
    assert GRACE not in mask_caller(GRACE)


def test_chat_clients_keep_only_their_customer_token() -> None:
    claim = {"caller_number": GRACE, "channel": "voice", "customer_id": "K-100",
             "input_channel": "voice", "customer_token": "a.b.c", "dtmf": "2468"}
    assert client_metadata(claim) == {"customer_token": "a.b.c"}
    assert client_metadata({"customer_token": 5}) == {}
    assert client_metadata(["customer_token"]) == {}
