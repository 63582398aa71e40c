"""Bearer-token authentication and role checks for /api routes.

Tokens travel only in the Authorization header (never in a cookie), so a page on another
site cannot make a logged-in browser send them: the API is not open to CSRF. The token's
lookup is a database query: it runs in a worker thread, off the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.accounts.api_tokens import user_for_token
from helpdesk.accounts.users import UserView
from helpdesk.web.http_json import error

Handler = Callable[..., Awaitable[HTTPResponse | None]]
STAFF = ("agent", "admin")  # the console, leads and the dashboard
EDITORS = ("editor", "admin")  # the FAQ
ADMINS = ("admin",)  # users and the audit log
SUPERVISORS = ("supervisor", "admin")  # outbound campaigns and the do-not-call list
LOG_IN_FIRST = "log in first: send 'Authorization: Bearer <token>' from POST /api/login"


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def token_user(request: Request) -> UserView | None:
    """The user of the request's bearer token, None without a valid one."""
    token = bearer_token(request)
    return await asyncio.to_thread(user_for_token, token) if token else None


def require(*roles: str) -> Callable[[Handler], Handler]:
    """401 without a valid token, 403 when the user's role is not one of `roles`."""

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse | None:
            user = await token_user(request)
            if user is None:
                return error(401, LOG_IN_FIRST)
            if roles and user.role not in roles:
                return error(403, f"this needs the role {' or '.join(roles)}")
            request.ctx.user = user
            return await handler(request, *args, **kwargs)

        return guarded

    return decorate


def current_user(request: Request) -> UserView:
    return request.ctx.user
