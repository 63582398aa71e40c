"""The cheaper custom-action round trip (helpdesk.rasa_plugins.action_calls): the same
response check as Rasa's, and one kept-alive connection per endpoint instead of one per
call, against a real local HTTP server."""

from __future__ import annotations

import asyncio

import jsonschema
import pytest
from aiohttp import web
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from helpdesk.rasa_plugins import action_calls

VALID = {"events": [{"event": "slot", "name": "x", "value": 1}],
         "responses": [{"text": "hi"}]}
INVALID = {"events": [{"no_event_key": 1}], "responses": []}


def test_valid_responses_pass_like_rasas_own_check() -> None:
    action = RemoteAction("action_x", None)
    jsonschema.validate(VALID, RemoteAction.action_response_format_spec())  # Rasa's way
    assert action_calls.validate_action_result(action, VALID) is True


def test_invalid_responses_fail_like_rasas_own_check_with_its_hint() -> None:
    action = RemoteAction("action_x", None)
    with pytest.raises(ValidationError) as stock:
        jsonschema.validate(INVALID, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError) as ours:
        action_calls.validate_action_result(action, INVALID)
    assert ours.value.message == stock.value.message + action_calls.RESPONSE_HINT
    assert "Failed to validate Action server response" in ours.value.message


async def _connections_used(session_of: object, requests: int,
                            headers: dict[str, str]) -> tuple[set[int], list[dict]]:
    """Run REQUESTS through EndpointConfig.request with SESSION_OF as its session();
    return the client ports the server saw and the headers it received."""
    ports: set[int] = set()
    seen: list[dict] = []

    async def handler(request: web.Request) -> web.Response:
        ports.add(request.transport.get_extra_info("peername")[1])
        seen.append(dict(request.headers))
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/webhook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    original = EndpointConfig.session
    EndpointConfig.session = session_of  # type: ignore[method-assign]
    try:
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers=headers)
        for _ in range(requests):
            assert await endpoint.request(json={"a": 1}, method="post") == {"ok": True}
    finally:
        EndpointConfig.session = original  # type: ignore[method-assign]
        for session in action_calls._SESSIONS.pop(asyncio.get_running_loop(), {}).values():
            await session.close()
        await runner.cleanup()
    return ports, seen


def test_one_kept_alive_connection_serves_every_call() -> None:
    ports, seen = asyncio.run(_connections_used(action_calls.shared_session, 5,
                                                {"X-Secret": "s1"}))
    assert len(seen) == 5 and all(h["X-Secret"] == "s1" for h in seen)
    assert len(ports) == 1


def test_rasas_own_session_opens_a_connection_per_call() -> None:
    """The baseline the plugin improves on (HELPDESK_STOCK_ACTION_CALLS=1)."""
    ports, seen = asyncio.run(_connections_used(action_calls._ORIGINAL_SESSION, 3,
                                                {"X-Secret": "s1"}))
    assert len(seen) == 3 and len(ports) == 3


def test_endpoints_with_other_headers_get_their_own_session() -> None:
    async def sessions() -> list[object]:
        first = EndpointConfig("http://127.0.0.1:1/a", headers={"X-Secret": "one"})
        copy = EndpointConfig("http://127.0.0.1:1/a", headers={"X-Secret": "one"})
        other = EndpointConfig("http://127.0.0.1:1/a", headers={"X-Secret": "two"})
        found = []
        for endpoint in (first, copy, other):
            async with action_calls.shared_session(endpoint) as session:
                found.append(session)
        for session in {id(s): s for s in found}.values():
            await session.close()
        return found

    first, copy, other = asyncio.run(sessions())
    assert first is copy
    assert other is not first
