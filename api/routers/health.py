"""Liveness, readiness and Prometheus metrics, for orchestrators and monitoring."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.deps import ContainerDep
from api.metrics import exposition
from api.openapi import problems
from api.problems import RETRY_AFTER, problem_response
from service.database import ping

router = APIRouter(tags=["operations"])


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
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def metrics() -> Response:
    """Requests by route, method and status; latencies; commands by type; problems by code."""
    body, content_type = exposition()
    return Response(body, media_type=content_type)
