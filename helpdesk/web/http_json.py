"""JSON in and out: `{"error": ...}` with a 4xx for anything wrong with the request."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, unquote_plus

from sanic import response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

NUL_MESSAGE = "text must not contain NUL characters (\\u0000)"


class ApiError(SanicException):
    """Raised by handlers; rendered as {"error": message} with its status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message, status_code=status)


def error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def json_body(request: Request) -> dict[str, Any]:
    try:
        body = request.json
    except Exception as exc:  # sanic raises InvalidUsage on undecodable JSON
        raise ApiError(400, "the body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    if _holds_nul(body):  # PostgreSQL text cannot store it: a 400, not a database error
        raise ApiError(400, NUL_MESSAGE)
    return body


def _holds_nul(value: Any) -> bool:
    """Whether a key or string anywhere in a parsed JSON value contains NUL."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            pending += item
    return False


def request_holds_nul(request: Request) -> bool:
    """Whether the decoded path or query string contains NUL."""
    return "\x00" in unquote(request.path) or "\x00" in unquote_plus(request.query_string)


def int_id(raw: str, what: str = "id") -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError) as exc:
        raise ApiError(404, f"no such {what}") from exc
    if not 0 < value < 2**31:
        raise ApiError(404, f"no such {what}")
    return value
