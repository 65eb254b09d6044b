"""POST /api/pledges/{id}/amendments: the pledge's owner or the Secretariat changes its content,
saying why. The body names only the fields that change; the rest stay as they are. Like every
command it accepts `If-Match: "<version>"` (412 when the pledge has moved on)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.commands import run_command
from api.deps import ActorDep, ContainerDep, ExpectedVersionDep, PledgeIdPath
from api.routers.commands import CREATED
from api.schemas.amendments import AmendmentCreate
from api.schemas.common import CommandAccepted

router = APIRouter(prefix="/api/pledges/{id}", tags=["pledge commands"])


@router.post(
    "/amendments",
    status_code=201,
    response_model=CommandAccepted,
    responses=CREATED,
    summary="Amend the pledge's content",
)
def amend(
    id: PledgeIdPath,
    body: AmendmentCreate,
    actor: ActorDep,
    container: ContainerDep,
    expected: ExpectedVersionDep,
) -> JSONResponse:
    """The owner (or the Secretariat) changes what was pledged, with a reason. An amendment
    that changes nothing is a 422 (`changes`); a closed pledge's is a 409. What changed,
    from what to what, is in the pledge's `amendments` and its history."""
    app = container.app
    return run_command(
        container,
        actor,
        "amend",
        201,
        lambda: app.amend(id, body.changes.applied_to, body.reason, actor, expected),
    )
