"""Liveness, readiness and Prometheus metrics, for orchestrators and monitoring."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import ContainerDep
from api.metrics import exposition
from api.openapi import problems
from api.problems import RETRY_AFTER, problem_response, unauthorized
from api.schemas.common import Problem
from service.database import ping

router = APIRouter(tags=["operations"])
AuthorizationHeader = Annotated[
    str | None, Header(include_in_schema=False, description="Bearer <METRICS_TOKEN>")
]


class Health(BaseModel):
    status: str = Field(examples=["ok"])


@router.get("/healthz", response_model=Health, summary="Liveness")
def healthz() -> Health:
    """The process answers; says nothing about the database."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, summary="Readiness", responses=problems(503))
def readyz(request: Request, container: ContainerDep) -> Health | JSONResponse:
    """Ready when the database answers."""
    if ping(container.database):
        return Health(status="ready")
    headers = {"Retry-After": RETRY_AFTER}
    detail = "The database does not answer."
    return problem_response(request, 503, "database_unavailable", detail, headers)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {"schema": {"type": "string"}}}},
        401: {"model": Problem, "description": "METRICS_TOKEN is set; this is not it"},
        404: {"model": Problem, "description": "Off: production, and no METRICS_TOKEN set"},
    },
)
def metrics(container: ContainerDep, authorization: AuthorizationHeader = None) -> Response:
    """Requests by route, method and status; latencies; commands by type; problems by code.
    With METRICS_TOKEN set, only for `Authorization: Bearer <METRICS_TOKEN>` (Prometheus's
    `authorization` setting); unset, open in development and tests and off in production."""
    settings = container.settings
    token = settings.metrics_token
    if token is None and settings.environment == "production":
        raise StarletteHTTPException(404)
    if token is not None:
        expected = f"Bearer {token.get_secret_value()}".encode()
        if not hmac.compare_digest((authorization or "").encode(), expected):
            raise unauthorized("/metrics needs the METRICS_TOKEN as a bearer token.")
    body, content_type = exposition()
    return Response(body, media_type=content_type)
