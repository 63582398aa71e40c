"""POST /api/login, POST /api/logout, GET /api/me, and user management for admins.

Login limits (only failures count, `limits` notation): HELPDESK_LOGIN_RATE (5/minute) per
client address and user name, and HELPDESK_LOGIN_USER_RATE (20/hour) per user name from
all addresses together, so guessing one user's password from many addresses is throttled
too. Past either, the login is refused with 429 JSON and `Retry-After`, the right password
included. The client address is the connection's peer, or the proxy's `X-Forwarded-For`
entry when SANIC_PROXIES_COUNT says how many proxies stand in front. Each failure goes to
the audit log (helpdesk/audit/log.py) and the log, with the user name and the address, never
the password.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time

from limits import RateLimitItem, parse, storage, strategies
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic_ext.extensions.openapi import openapi

from helpdesk.accounts.api_tokens import issue_token, revoke_token, revoke_user_tokens
from helpdesk.accounts.users import AccountError, authenticate, create_user, list_users, set_active
from helpdesk.audit.log import record as record_audit
from helpdesk.handoffs.presence import set_presence
from helpdesk.web.auth import bearer_token, current_user, require
from helpdesk.web.http_json import error, int_id, json_body
from helpdesk.web.openapi_doc import error_content, json_object
from helpdesk.web.web_settings import WebSettings

log = logging.getLogger(__name__)
THROTTLED_AUDIT_RATE = parse("1/minute")  # a refused login's audit entry, per name and address
THROTTLED = "too many failed logins; wait a while and try again"


def auth_blueprint(settings: WebSettings) -> Blueprint:
    bp = Blueprint("auth", url_prefix="/api")
    attempts = storage.storage_from_string(settings.rate_limit_storage)
    limiter = strategies.MovingWindowRateLimiter(attempts)  # keeps only a weak reference
    bp.ctx.login_attempts = attempts
    login_rate = parse(settings.login_rate)
    login_user_rate = parse(settings.login_user_rate)

    def retry_after(rate: RateLimitItem, *key: str) -> int:
        reset, _ = limiter.get_window_stats(rate, *key)
        return max(1, math.ceil(reset - time.time()))

    async def audit_failure(name: str, client: str, status: int, action: str) -> None:
        log.warning("%s: user name %r from %s", action, name, client)
        await asyncio.to_thread(record_audit, name, "", "POST", "/api/login", status, client,
                                action)

    @bp.post("/login")
    @openapi.summary("Log in; returns a bearer token and the role")
    @openapi.body(json_object({"username": str, "password": str},
                               required=["username", "password"]))
    @openapi.response(200, json_object({"token": str, "role": str, "username": str,
                                        "expires_in": int},
                                       required=["token", "role"]))
    @openapi.response(401, error_content(), "Wrong user name or password")
    @openapi.response(429, error_content(), "Too many failed logins")
    async def login(request: Request) -> HTTPResponse:
        body = json_body(request)
        username, password = body.get("username"), body.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            return error(400, "send 'username' and 'password' as strings")
        client = request.remote_addr or request.ip or "unknown"
        tried = username.strip()[:64]  # as typed, for the audit log
        name = tried.lower()
        counted = [(login_rate, ("login", client, name)), (login_user_rate, ("login-user", name))]
        refused = [(rate, key) for rate, key in counted if not limiter.test(rate, *key)]
        if refused:
            if limiter.hit(THROTTLED_AUDIT_RATE, "login-refused", client, name):
                await audit_failure(tried, client, 429, "login.throttled")
            wait = max(retry_after(rate, *key) for rate, key in refused)
            return response.json({"error": THROTTLED}, status=429,
                                 headers={"Retry-After": str(wait)})
        user = authenticate(username, password)
        if user is None:
            for rate, key in counted:  # only failures count
                limiter.hit(rate, *key)
            await audit_failure(tried, client, 401, "login.failed")
            return error(401, "wrong user name or password")
        token = issue_token(user, settings.token_ttl_s)
        request.ctx.user = user  # for the audit log
        if user.role == "agent":  # logging in to the console makes an agent available
            set_presence(user.id, "online")
        return response.json({"token": token, "role": user.role,
                              "username": user.username,
                              "expires_in": settings.token_ttl_s})

    @bp.post("/logout")
    @openapi.summary("End this token's session")
    @openapi.secured("token")
    @require()
    async def logout(request: Request) -> HTTPResponse:
        revoke_token(bearer_token(request) or "")
        user = current_user(request)
        if user.role == "agent":  # their open conversations go back to the queue
            set_presence(user.id, "offline")
            await request.app.ctx.handoff_events.agent_left(user.id)
        return response.json({"ok": True})

    @bp.get("/me")
    @openapi.summary("The logged-in user")
    @openapi.secured("token")
    @require()
    async def me(request: Request) -> HTTPResponse:
        return response.json(current_user(request).to_json())

    @bp.get("/users")
    @openapi.summary("List users (admin)")
    @openapi.secured("token")
    @require("admin")
    async def users(request: Request) -> HTTPResponse:
        return response.json([u.to_json() for u in list_users()])

    @bp.post("/users")
    @openapi.summary("Add a user (admin)")
    @openapi.secured("token")
    @openapi.body(json_object({"username": str, "password": str, "role": str, "skills": [str]},
                               required=["username", "password", "role"]))
    @require("admin")
    async def add_user(request: Request) -> HTTPResponse:
        body = json_body(request)
        skills = body.get("skills") or []
        if not isinstance(skills, list) or not all(isinstance(s, str) for s in skills):
            return error(400, "'skills' must be a list of strings")
        try:
            user = create_user(str(body.get("username") or ""), str(body.get("password") or ""),
                               str(body.get("role") or ""), skills)
        except AccountError as exc:
            return error(400, str(exc))
        return response.json(user.to_json(), status=201)

    @bp.post("/users/<user_id>/active")
    @openapi.summary("Enable or disable a user (admin); disabling ends their sessions")
    @openapi.secured("token")
    @openapi.body(json_object({"active": bool}, required=["active"]))
    @require("admin")
    async def activate(request: Request, user_id: str) -> HTTPResponse:
        body = json_body(request)
        if not isinstance(body.get("active"), bool):
            return error(400, "'active' must be true or false")
        user = set_active(int_id(user_id, "user"), body["active"])
        if user is None:
            return error(404, "no such user")
        if not user.active:
            revoke_user_tokens(user.id)
        return response.json(user.to_json())

    return bp
