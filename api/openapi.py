"""The OpenAPI document, tidied so that it says exactly what the API does.

FastAPI's defaults describe two things the API does not do: errors as `application/json`
(HTTPValidationError), and optional headers and query parameters that may be `null` (a header
is either sent or not). Every router gets the corrections, including ones added later.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.schemas.common import Problem

DESCRIPTIONS = {
    401: "No token, or a token that is unknown or revoked",
    403: "The token's role may not do this",
    404: "No pledge (or pledger) has this id or reference",
    409: "A lifecycle rule forbids it now; `code` says which rule",
    412: "If-Match names another version; `current_version` says which is current",
    422: "Invalid input; `errors` names each field and why",
    503: "The database does not answer",
}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# An operation that anyone may call, and that a token (if sent) must be valid for.
OPTIONAL_AUTH: dict[str, Any] = {"security": [{}, {"BearerToken": []}]}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of an operation for the problems it can answer."""
    return {status: {"model": Problem, "description": DESCRIPTIONS[status]} for status in statuses}


def problem_content(status: str, response: dict[str, Any]) -> None:
    content = response.get("content", {})
    if status[:1] not in "45" or "application/json" not in content:
        return
    schema = content["application/json"].get("schema", {})
    if schema.get("$ref", "").endswith("/HTTPValidationError"):
        schema = PROBLEM_REF  # every 422 is a problem detail, see api.problems
        response["description"] = DESCRIPTIONS[422]
    response["content"] = {"application/problem+json": {"schema": schema}}


def not_null(parameter: dict[str, Any]) -> None:
    schema = parameter.get("schema", {})
    branches = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if "anyOf" in schema and len(branches) == 1:
        del schema["anyOf"]
        schema.update(branches[0])


def tidy(document: dict[str, Any]) -> dict[str, Any]:
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                not_null(parameter)
            for status, response in operation.get("responses", {}).items():
                problem_content(status, response)
    schemas = document.get("components", {}).get("schemas", {})
    if '"#/components/schemas/HTTPValidationError"' not in json.dumps(document.get("paths")):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    return document


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                tags=app.openapi_tags,
            )
            app.openapi_schema = tidy(document)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
