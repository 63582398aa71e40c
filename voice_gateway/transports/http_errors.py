"""The gateway's HTTP error replies: `{"error": message}` with a 4xx or 5xx status."""

from __future__ import annotations

from sanic import response
from sanic.response import HTTPResponse


def json_error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)
