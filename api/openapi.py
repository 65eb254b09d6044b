"""The OpenAPI document: problem responses documented as application/problem+json."""

from __future__ import annotations

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


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of an operation for the problems it can answer."""
    return {status: {"model": Problem, "description": DESCRIPTIONS[status]} for status in statuses}


def problem_media_types(document: dict[str, Any]) -> dict[str, Any]:
    # FastAPI documents every `model` response as application/json; problems are not that.
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status[:1] in "45" and "application/json" in content:
                    response["content"] = {"application/problem+json": content["application/json"]}
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
            app.openapi_schema = problem_media_types(document)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
