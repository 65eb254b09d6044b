"""Liveness, readiness and Prometheus metrics, for orchestrators and monitoring."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.deps import ContainerDep
from api.metrics import exposition, projection_metrics
from api.openapi import problems
from api.problems import problem_response
from service.database import ping

router = APIRouter(tags=["operations"])


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
        return problem_response(
            request, 503, "database_unavailable", "The database does not answer."
        )
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
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def metrics(container: ContainerDep) -> Response:
    """Requests by route, method and status; latencies; commands by type; problems by code;
    read models stuck on an event, and the failed attempts at it."""
    body, content_type = exposition()
    body += projection_metrics(container.views.failing())
    return Response(body, media_type=content_type)
