"""GET /api/audit/checkpoints: the event log's signed checkpoints, for anyone to keep."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ContainerDep
from api.openapi import problems
from api.schemas.audit import CheckpointOut, Checkpoints

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get(
    "/checkpoints",
    response_model=Checkpoints,
    summary="Signed checkpoints of the event log's hash chain",
    responses=problems(422),
)
def checkpoints(
    container: ContainerDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="How many, newest first")] = 100,
) -> Checkpoints:
    """Each checkpoint is the hash chain's head (position, hash) at a time, signed with the
    service's Ed25519 key after the whole chain verified against every earlier checkpoint.
    Whoever keeps one can later check that it is still listed unchanged, and that a newer
    one is signed by the same key: the log has been extended, not rewritten (README
    "Checkpoints" shows how in Python)."""
    items = [CheckpointOut.of(point) for point in container.audit.checkpoints(limit)]
    return Checkpoints(public_key=items[0].public_key if items else None, items=items)
