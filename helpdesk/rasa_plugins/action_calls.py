"""The custom-action round trip made cheaper, with Rasa's behaviour unchanged.

Measured on the chat benchmark (py-spy on the Rasa server, issue 15): a quarter of the
Rasa process's time on a CRM-lookup turn went into checking the action server's answer.
Rasa 3.6 calls `jsonschema.validate(result, spec)` per action, which first validates the
spec itself against the JSON-Schema meta-schema and builds a new validator each time.
`install()` replaces `RemoteAction._validate_action_result` with the same check by a
validator built once per process: the same errors, with Rasa's hint appended.

Rasa also opens and closes a new aiohttp `ClientSession` (and so a new TCP connection)
for every endpoint request. `install()` makes `EndpointConfig.session()` hand out one
kept-alive session per endpoint and event loop instead; requests, headers and timeouts
are Rasa's own. Sessions of a closed loop are dropped with it.

The domain is not sent with every action call either: `enable_selective_domain` in
endpoints.yml (the actions do not read it)."""

from __future__ import annotations

import asyncio
import functools
import weakref
from typing import Any

import aiohttp
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.shared.constants import DOCS_BASE_URL
from rasa.utils.endpoints import EndpointConfig

MARKER = "helpdesk_action_calls"
RESPONSE_HINT = (". Failed to validate Action server response from API, make sure your "
                 "response from the Action endpoint is valid. For more information about "
                 f"the format visit {DOCS_BASE_URL}/custom-actions")


@functools.lru_cache(maxsize=1)
def _response_validator() -> Any:
    """Rasa's response schema, checked once and compiled once."""
    spec = RemoteAction.action_response_format_spec()
    cls = validator_for(spec)
    cls.check_schema(spec)
    return cls(spec)


def validate_action_result(_action: RemoteAction, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result with the compiled validator."""
    try:
        _response_validator().validate(result)
    except ValidationError as error:
        error.message += RESPONSE_HINT
        raise
    return True


class _SharedSession:
    """`async with` over a kept-alive session: entering gives it, leaving keeps it open."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *_exc: object) -> None:
        return None


# event loop → {endpoint's url, headers and auth → session}; a loop that is gone takes its
# sessions with it.
_SESSIONS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop,
                                     dict[str, aiohttp.ClientSession]] = (
    weakref.WeakKeyDictionary())
# Below the action server's keep-alive (Sanic's default is 5 s), so the client never reuses
# a connection the server is closing at that moment.
KEEPALIVE_S = 3.0


def _kept_alive(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """Rasa's EndpointConfig.session() (headers, basic auth, timeout) on a connector that
    keeps its connections."""
    auth = (aiohttp.BasicAuth(endpoint.basic_auth["username"],
                              endpoint.basic_auth["password"])
            if endpoint.basic_auth else None)
    return aiohttp.ClientSession(
        headers=endpoint.headers, auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_S))


def shared_session(endpoint: EndpointConfig) -> Any:
    """EndpointConfig.session(): this loop's kept-alive session for the endpoint (outside a
    loop, Rasa's own, closed after use)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return _ORIGINAL_SESSION(endpoint)
    key = repr((endpoint.url, sorted(endpoint.headers.items()),
                sorted(endpoint.basic_auth.items())))
    sessions = _SESSIONS.setdefault(loop, {})
    session = sessions.get(key)
    if session is None or session.closed:
        session = sessions[key] = _kept_alive(endpoint)
    return _SharedSession(session)


_ORIGINAL_SESSION = EndpointConfig.session
setattr(shared_session, MARKER, True)


def install() -> None:
    """Patch RemoteAction and EndpointConfig once per process (see the module doc)."""
    EndpointConfig.session = shared_session  # type: ignore[method-assign]
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
