"""JSON in and out: `{"error": ...}` with a 4xx for anything wrong with the request."""

from __future__ import annotations

from typing import Any

from sanic import response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse


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
    return body


def int_id(raw: str, what: str = "id") -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError) as exc:
        raise ApiError(404, f"no such {what}") from exc
    if not 0 < value < 2**31:
        raise ApiError(404, f"no such {what}")
    return value
