"""RFC 9457 problem details: every error the API answers is application/problem+json.

Each problem has a stable `type` URI and `code` that clients can switch on, a `detail` in words
a person understands, and the request id that the server's log carries too.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from eventsourcing import persistence
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.metrics import PROBLEMS
from api.pages import web
from api.schemas.common import field_path
from domain.errors import (
    ConcurrentModificationError,
    DomainError,
    IdempotencyKeyReusedError,
    InvalidPledgeError,
    NotAllowedError,
    NotFoundError,
    RuleViolationError,
    VersionConflictError,
)
from infrastructure.availability import DatabaseUnavailableError

log = logging.getLogger(__name__)
# The database is down, restarting or gives no connection in time: psycopg's errors of the
# kind (psycopg_pool's PoolTimeout, TooManyRequests and PoolClosed among them), the
# eventsourcing library's wrappers of them, and the fail-fast of infrastructure/availability.py.
UNAVAILABLE: tuple[type[Exception], ...] = (
    psycopg.OperationalError,
    psycopg.InterfaceError,
    persistence.OperationalError,
    persistence.InterfaceError,
    DatabaseUnavailableError,
)
RETRY_AFTER = "5"  # seconds
NOT_PAGES = ("/api/", "/healthz", "/readyz", "/metrics")
MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:gcm-pledges:problem:"

TITLES = {
    202: "Being prepared",  # not an error: a report document made in the background
    400: "Bad request",
    401: "Authentication required",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict with the pledge's lifecycle",
    412: "Version mismatch",
    422: "Invalid input",
    500: "Internal server error",
    503: "Service unavailable",
}


class ApiProblem(Exception):
    """An HTTP error raised by the API layer itself (authentication, authorization)."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.headers = status, code, detail, headers
        self.extra = extra


def unauthorized(detail: str = "A valid bearer token is required.") -> ApiProblem:
    return ApiProblem(401, "unauthorized", detail, {"WWW-Authenticate": "Bearer"})


def forbidden(detail: str) -> ApiProblem:
    return ApiProblem(403, "not_allowed", detail)


def bad_cursor(reason: str) -> ApiProblem:
    """A list cursor the service did not give out: the `cursor` query parameter is wrong."""
    error = {"field": "cursor", "location": "query", "reason": reason}
    return ApiProblem(400, "invalid_cursor", f"cursor: {reason}", errors=[error])


def request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", ""))


def problem_response(
    request: Request,
    status: int,
    code: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": TYPE_PREFIX + code,
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "code": code,
        "request_id": request_id(request),
        **extra,
    }
    PROBLEMS.labels(code).inc()
    return JSONResponse(body, status_code=status, headers=headers, media_type=MEDIA_TYPE)


def domain_status(error: DomainError) -> int:
    """The HTTP status of each kind of domain error; an unknown kind is a conflict, not a 500."""
    for kind, status in (
        (InvalidPledgeError, 422),
        (IdempotencyKeyReusedError, 422),
        (NotFoundError, 404),
        (NotAllowedError, 403),
        (VersionConflictError, 412),
        (RuleViolationError, 409),
        (ConcurrentModificationError, 409),
    ):
        if isinstance(error, kind):
            return status
    return 409


def on_domain_error(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, DomainError):  # registered for this type only
        raise exc
    status = domain_status(exc)
    extra: dict[str, Any] = {}
    if isinstance(exc, InvalidPledgeError):
        extra["errors"] = [{"field": exc.field, "reason": exc.reason}]
    elif isinstance(exc, IdempotencyKeyReusedError):
        extra["errors"] = [{"field": "Idempotency-Key", "reason": exc.message}]
    elif isinstance(exc, VersionConflictError):
        extra.update(current_version=exc.current, expected_version=exc.expected)
    headers = {"ETag": f'"{exc.current}"'} if isinstance(exc, VersionConflictError) else None
    return problem_response(request, status, exc.code, exc.message, headers, **extra)


def on_api_problem(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, ApiProblem):  # registered for this type only
        raise exc
    return problem_response(request, exc.status, exc.code, exc.detail, exc.headers, **exc.extra)


def field_name(error: dict[str, Any]) -> str:
    """('body', 'targets', 0, 'unit') -> 'targets[0].unit'; headers and queries keep their name."""
    location = tuple(error["loc"])
    if error.get("type") == "json_invalid" or len(location) < 2:
        return "body"
    return field_path(location[1:])


def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, RequestValidationError):  # registered for this type only
        raise exc
    errors = [
        {"field": field_name(e), "location": str(e["loc"][0]), "reason": e["msg"]}
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"field": "body", "reason": "is invalid"}
    detail = f"{first['field']}: {first['reason']}"
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more)"
    return problem_response(request, 422, "invalid_input", detail, errors=errors)


def on_http_exception(request: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, StarletteHTTPException):  # registered for this type only
        raise exc
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "Error")
    headers = dict(exc.headers or {})
    if exc.status_code == 400:  # a body that is not even text: invalid input like any other
        reason = "is not valid JSON in UTF-8"
        return problem_response(
            request,
            422,
            "invalid_input",
            f"body: {reason}",
            errors=[{"field": "body", "reason": reason}],
        )
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return problem_response(request, exc.status_code, code, detail, headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method of every route on this path: Starlette names only the first route's."""
    methods: set[str] = set()
    for route in request.app.routes:
        regex, route_methods = getattr(route, "path_regex", None), getattr(route, "methods", None)
        if regex is not None and route_methods and regex.match(request.url.path):
            methods |= set(route_methods)
    return sorted(methods)


def on_unavailable(request: Request, exc: Exception) -> Response:
    """A 503 with Retry-After, as a problem on the API and as a page on the site."""
    log.info("answered 503: %s", type(exc).__name__, extra={"path": request.url.path})
    headers = {"Retry-After": RETRY_AFTER}
    if request.url.path.startswith(NOT_PAGES):
        detail = "The database is not answering. Try again in a few seconds."
        return problem_response(request, 503, "database_unavailable", detail, headers)
    detail = "The service cannot reach its database just now. Try again in a few seconds."
    return web.error_page(request, 503, "Temporarily unavailable", detail, headers)


def install(app: FastAPI) -> None:
    for kind in UNAVAILABLE:
        app.add_exception_handler(kind, on_unavailable)
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(ApiProblem, on_api_problem)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_exception)
