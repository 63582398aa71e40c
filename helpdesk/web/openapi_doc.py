"""The OpenAPI document at /docs/openapi.json, complete and valid.

sanic-ext 21.12 (the release Rasa's sanic pin allows) renders the `{"field": type}` body
shorthand as an empty object, leaves path parameters out, writes `required: null` and a
stray `status` into bodies and responses, and never declares the bearer scheme. The
decorators use `json_object` for real schemas; `complete_document` fixes the rest once the
routes are known, so clients and the fuzz test (tests/e2e/test_api_fuzz.py) can trust it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sanic import Sanic
from sanic_ext.extensions.openapi.builders import (
    OperationBuilder,
    OperationStore,
    SpecificationBuilder,
)
from sanic_ext.extensions.openapi.definitions import Response
from sanic_ext.extensions.openapi.types import Object, Schema
from sanic_ext.utils.route import get_all_routes

JSON = "application/json"
ERROR_DESCRIPTION = ("Bad input, not logged in (401), wrong role (403), not found, conflict "
                     "or too many requests: {\"error\": message}")


def json_object(fields: dict[str, Any], required: Iterable[str] = ()) -> dict[str, Object]:
    """`{"application/json": schema}` of an object with these fields (Python types)."""
    wanted = list(required)
    extra = {"required": wanted} if wanted else {}
    return {JSON: Object({name: Schema.make(kind) for name, kind in fields.items()}, **extra)}


def error_content() -> dict[str, Object]:
    return json_object({"error": str}, required=["error"])


def complete_document(app: Sanic) -> None:
    """Declare path parameters, the 4xx error shape and the bearer scheme; drop nulls."""
    SpecificationBuilder().add_security_scheme("token", "http", scheme="bearer")
    for uri, operation in _operations(app):
        known = {p.fields.get("name") for p in operation.parameters}
        for name in _path_parameters(uri):
            if name not in known:
                operation.parameter(name, str, "path")
        if uri.startswith("/api/") and "4XX" not in operation.responses:
            if not any(str(status).startswith("2") for status in operation.responses):
                operation.responses["2XX"] = _described("Success")
            operation.response("4XX", error_content(), ERROR_DESCRIPTION)
        body = getattr(operation, "requestBody", None)
        if body is not None:
            body.fields["required"] = True
            body.fields.setdefault("description", None)
            body.fields["description"] = body.fields["description"] or "A JSON object"
        for response in operation.responses.values():
            response.fields.pop("status", None)  # not an OpenAPI field


def _described(description: str) -> Response:
    """A response with a description and no content schema."""
    response = Response(description=description)
    response.fields.pop("content", None)
    return response


def _operations(app: Sanic) -> Iterator[tuple[str, OperationBuilder]]:
    prefix = app.config.OAS_URL_PREFIX
    seen: set[int] = set()
    for uri, _name, _params, method_handlers in get_all_routes(app, prefix):
        for _method, handler in method_handlers:
            operation = OperationStore()[handler]
            if id(operation) not in seen:
                seen.add(id(operation))
                yield uri, operation


def _path_parameters(uri: str) -> list[str]:
    return [part[1:-1] for part in uri.split("/") if part.startswith("{") and part.endswith("}")]
