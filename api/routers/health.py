"""Liveness, readiness and Prometheus metrics, for orchestrators and monitoring."""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import ContainerDep
from api.metrics import exposition, projection_metrics
from api.openapi import problems
from api.problems import RETRY_AFTER, problem_response, unauthorized
from api.schemas.common import Problem
from infrastructure.database import ping

router = APIRouter(tags=["operations"])
AuthorizationHeader = Annotated[
    str | None, Header(include_in_schema=False, description="Bearer <METRICS_TOKEN>")
]


class FailingEvent(BaseModel):
    """An event a read model cannot apply: it stays at the event before."""

    projection: str = Field(examples=["pledge_summaries"])
    position: int = Field(description="The event's position in the event log")
    reference: str | None = Field(description="The pledge's reference, when it is a pledge's")
    event_type: str = Field(examples=["Pledge.Submitted"])
    error: str
    attempts: int = Field(description="Failed attempts at this event so far")
    since: datetime = Field(description="When the first attempt failed")


class Health(BaseModel):
    status: str = Field(examples=["ok"])


class Readiness(Health):
    status: str = Field(examples=["ready", "degraded"])
    failing: list[FailingEvent] | None = Field(
        None, description="With `degraded`: the events read models cannot apply"
    )


@router.get("/healthz", response_model=Health, summary="Liveness")
def healthz() -> Health:
    """The process answers; says nothing about the database."""
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    response_model_exclude_none=True,
    summary="Readiness",
    responses=problems(503),
)
def readyz(request: Request, container: ContainerDep) -> Readiness | JSONResponse:
    """`ready` when the database answers. `degraded` (still 200: this process serves, and
    taking it out of rotation would not help, every process reads the same read models)
    when a read model cannot apply an event and stays behind: `failing` says which, where,
    and why. 503 when the database does not answer."""
    if not ping(container.database):
        headers = {"Retry-After": RETRY_AFTER}
        detail = "The database does not answer."
        return problem_response(request, 503, "database_unavailable", detail, headers)
    failing = [
        FailingEvent(
            projection=f.projection,
            position=f.position,
            reference=f.reference,
            event_type=f.event_type,
            error=f.error,
            attempts=f.attempts,
            since=f.first_at,
        )
        for f in container.views.failing()
    ]
    return Readiness(status="degraded", failing=failing) if failing else Readiness(status="ready")


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
    `authorization` setting); unset, open in development and tests and off in production.
    Also read models stuck on an event, and the failed attempts at it."""
    settings = container.settings
    token = settings.metrics_token
    if token is None and settings.environment == "production":
        raise StarletteHTTPException(404)
    if token is not None:
        expected = f"Bearer {token.get_secret_value()}".encode()
        if not hmac.compare_digest((authorization or "").encode(), expected):
            raise unauthorized("/metrics needs the METRICS_TOKEN as a bearer token.")
    body, content_type = exposition()
    body += projection_metrics(container.views.failing())
    return Response(body, media_type=content_type)
