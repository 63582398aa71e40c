"""POST /api/login, POST /api/logout, GET /api/me, and user management for admins.

Failed logins are throttled (helpdesk/web/login_throttle.py): past a limit the login is
refused with 429 JSON and `Retry-After`, the right password included. The client address
is the connection's peer, or the proxy's `X-Forwarded-For` entry when SANIC_PROXIES_COUNT
says how many proxies stand in front. Each failure goes to the audit log
(helpdesk/audit/log.py) and the log, with the user name and the address, never the
password. Password hashing and every store call run in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpdesk.accounts.users import create_user, list_users
from helpdesk.audit.log import record as record_audit
from helpdesk.config import WebSettings
from helpdesk.handoffs.console_sessions import log_in, log_out, set_user_active
from helpdesk.web.auth import ADMINS, bearer_token, current_user
from helpdesk.web.http_json import error, int_id, json_body
from helpdesk.web.login_throttle import LoginThrottle
from helpdesk.web.openapi_doc import error_content, json_object
from helpdesk.web.staff_route import PUBLIC, staff_route

log = logging.getLogger(__name__)
THROTTLED = "too many failed logins; wait a while and try again"
LOGIN_BODY = json_object({"username": str, "password": str}, required=["username", "password"])
LOGIN_REPLY = json_object({"token": str, "role": str, "username": str, "expires_in": int},
                          required=["token", "role"])
NEW_USER_BODY = json_object({"username": str, "password": str, "role": str, "skills": [str]},
                            required=["username", "password", "role"])


def auth_blueprint(settings: WebSettings) -> Blueprint:
    bp = Blueprint("auth", url_prefix="/api")
    _add_login(bp, settings)
    _add_session_routes(bp)
    _add_user_routes(bp)
    return bp


async def _audit_failure(name: str, client: str, status: int, action: str) -> None:
    log.warning("%s: user name %r from %s", action, name, client)
    await asyncio.to_thread(record_audit, name, "", "POST", "/api/login", status, client,
                            action)


def _add_login(bp: Blueprint, settings: WebSettings) -> None:
    throttle = LoginThrottle(settings)
    bp.ctx.login_throttle = throttle  # the limiter holds its storage only weakly

    @staff_route(bp.post, "/login", "Log in; returns a bearer token and the role", PUBLIC,
                 body=LOGIN_BODY,
                 responses=[(200, LOGIN_REPLY, None),
                            (401, error_content(), "Wrong user name or password"),
                            (429, error_content(), "Too many failed logins")])
    async def login(request: Request) -> HTTPResponse:
        body = json_body(request)
        username, password = body.get("username"), body.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            return error(400, "send 'username' and 'password' as strings")
        client = request.remote_addr or request.ip or "unknown"
        tried = username.strip()[:64]  # as typed, for the audit log
        name = tried.lower()
        wait = await asyncio.to_thread(throttle.refused_for_s, client, name)
        if wait is not None:
            if await asyncio.to_thread(throttle.audit_refusal, client, name):
                await _audit_failure(tried, client, 429, "login.throttled")
            return response.json({"error": THROTTLED}, status=429,
                                 headers={"Retry-After": str(wait)})
        session = await asyncio.to_thread(log_in, username, password, settings.token_ttl_s)
        if session is None:
            await asyncio.to_thread(throttle.failed, client, name)  # only failures count
            await _audit_failure(tried, client, 401, "login.failed")
            return error(401, "wrong user name or password")
        request.ctx.user = session.user  # for the audit log
        return response.json({"token": session.token, "role": session.user.role,
                              "username": session.user.username,
                              "expires_in": settings.token_ttl_s})


def _add_session_routes(bp: Blueprint) -> None:
    @staff_route(bp.post, "/logout", "End this token's session")
    async def logout(request: Request) -> HTTPResponse:
        user = current_user(request)
        if await asyncio.to_thread(log_out, user, bearer_token(request) or ""):
            await request.app.ctx.handoff_events.agent_left(user.id)
        return response.json({"ok": True})

    @staff_route(bp.get, "/me", "The logged-in user")
    async def me(request: Request) -> HTTPResponse:
        return response.json(current_user(request).to_json())


def _add_user_routes(bp: Blueprint) -> None:
    @staff_route(bp.get, "/users", "List users (admin)", ADMINS)
    async def users(request: Request) -> HTTPResponse:
        return response.json([u.to_json() for u in await asyncio.to_thread(list_users)])

    @staff_route(bp.post, "/users", "Add a user (admin)", ADMINS, body=NEW_USER_BODY)
    async def add_user(request: Request) -> HTTPResponse:
        body = json_body(request)
        skills = body.get("skills") or []
        if not isinstance(skills, list) or not all(isinstance(s, str) for s in skills):
            return error(400, "'skills' must be a list of strings")
        user = await asyncio.to_thread(  # AccountError: 400
            create_user, str(body.get("username") or ""), str(body.get("password") or ""),
            str(body.get("role") or ""), skills)
        return response.json(user.to_json(), status=201)

    @staff_route(bp.post, "/users/<user_id>/active",
                 "Enable or disable a user (admin); disabling ends their sessions", ADMINS,
                 body=json_object({"active": bool}, required=["active"]))
    async def activate(request: Request, user_id: str) -> HTTPResponse:
        body = json_body(request)
        if not isinstance(body.get("active"), bool):
            return error(400, "'active' must be true or false")
        user = await asyncio.to_thread(set_user_active, int_id(user_id, "user"), body["active"])
        if user is None:
            return error(404, "no such user")
        return response.json(user.to_json())
