"""Bearer-token authentication and role checks for /api routes.

Tokens travel only in the Authorization header (never in a cookie), so a page on another
site cannot make a logged-in browser send them: the API is not open to CSRF.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.accounts.api_tokens import user_for_token
from helpdesk.accounts.users import UserView
from helpdesk.web.http_json import error

Handler = Callable[..., Awaitable[HTTPResponse]]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def require(*roles: str) -> Callable[[Handler], Handler]:
    """401 without a valid token, 403 when the user's role is not one of `roles`."""

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            token = bearer_token(request)
            user = user_for_token(token) if token else None
            if user is None:
                return error(401, "log in first: send 'Authorization: Bearer <token>' "
                                  "from POST /api/login")
            if roles and user.role not in roles:
                return error(403, f"this needs the role {' or '.join(roles)}")
            request.ctx.user = user
            return await handler(request, *args, **kwargs)

        return guarded

    return decorate


def current_user(request: Request) -> UserView:
    return request.ctx.user
