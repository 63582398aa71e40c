"""The secret between the stack's own processes (Rasa -> action server, voice gateway ->
Rasa's voice channel): sent as the `X-Helpdesk-Secret` header, compared in constant time.

The secret is HELPDESK_INTERNAL_SECRET, which `helpdesk.ops.service_commands.service_env` puts
into every child process (from var/internal_secret when not configured), read once per
process into the settings. A process without it refuses every internal request rather
than accepting any."""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from helpdesk.config import get_settings

INTERNAL_SECRET_HEADER = "X-Helpdesk-Secret"


def internal_secret() -> str:
    """This process's internal secret (empty when none is configured)."""
    return get_settings().secrets.internal_secret


def internal_headers() -> dict[str, str]:
    """The header an internal request carries."""
    return {INTERNAL_SECRET_HEADER: internal_secret()}


def is_internal_request(headers: Mapping[str, str]) -> bool:
    """Whether HEADERS carry the internal secret (never true when no secret is set)."""
    expected = internal_secret()
    if not expected:
        return False
    given = headers.get(INTERNAL_SECRET_HEADER)
    if given is None:
        given = headers.get(INTERNAL_SECRET_HEADER.lower())
    if not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
