"""One decorator per API route: where it is, how the OpenAPI document describes it, and who
may call it (instead of a stack of route, openapi and role decorators on every handler).

    @staff_route(bp.post, "/faq", "Create an entry", EDITORS, body=ENTRY_BODY)
    async def create(request): ...

The annotations are applied in the order a hand-written decorator stack applied them
(the last listed first), so the document keeps its parameter and response order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sanic_ext.extensions.openapi import openapi

from helpdesk.web.auth import Handler, require

Register = Callable[[str], Callable[[Handler], Handler]]  # bp.get, bp.post, ...
PUBLIC: None = None  # roles for a route that needs no token (the login)
ANY_ROLE: tuple[str, ...] = ()  # any logged-in user


def staff_route(register: Register, uri: str, summary: str,
                roles: tuple[str, ...] | None = ANY_ROLE, *,
                body: dict[str, Any] | None = None,
                query: Sequence[tuple[str, type]] = (),
                responses: Sequence[tuple[int, dict[str, Any], str | None]] = (),
                ) -> Callable[[Handler], Handler]:
    """Register the handler with REGISTER (e.g. `bp.get`) at URI, described by SUMMARY, the
    JSON BODY schema, QUERY parameters and extra RESPONSES (status, content, description).

    ROLES: None for a public route; otherwise a bearer token is needed (401 without one)
    and, when ROLES is not empty, one of those roles (403 otherwise)."""

    def decorate(handler: Handler) -> Handler:
        route = handler if roles is None else require(*roles)(handler)
        for status, content, description in reversed(responses):
            route = openapi.response(status, content, description)(route)
        if body is not None:
            route = openapi.body(body)(route)
        if roles is not None:
            route = openapi.secured("token")(route)
        for name, kind in reversed(query):
            route = openapi.parameter(name, kind, "query")(route)
        route = openapi.summary(summary)(route)
        return register(uri)(route)

    return decorate
