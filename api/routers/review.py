"""Review before publication: the Secretariat publishes a pending pledge, or returns it to
its pledger with comments (DESIGN.md, "Workflow"). Like every command, each accepts
`If-Match: "<version>"`; a pledge that is not pending is a 409."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.commands import run_command
from api.deps import ContainerDep, ExpectedVersionDep, PledgeIdPath, SecretariatDep
from api.openapi import problems
from api.schemas.commands import PublicationCreate, ReturnCreate
from api.schemas.common import CommandAccepted

router = APIRouter(prefix="/api/pledges/{id}", tags=["pledge commands"])
ETAG = {"ETag": {"description": "The pledge's new version", "schema": {"type": "string"}}}
DONE = {**problems(401, 403, 404, 409, 412, 422), 200: {"headers": ETAG}}


@router.post(
    "/publication",
    response_model=CommandAccepted,
    responses=DONE,
    summary="Publish a pledge pending review (Secretariat)",
)
def publish(
    id: PledgeIdPath,
    actor: SecretariatDep,
    container: ContainerDep,
    expected: ExpectedVersionDep,
    _body: PublicationCreate | None = None,
) -> JSONResponse:
    """The pledge becomes public: the list, the dashboard, the exports, its page. Its
    pledger is told by mail."""
    app = container.app
    return run_command(container, actor, "publish", 200, lambda: app.publish(id, actor, expected))


@router.post(
    "/return",
    response_model=CommandAccepted,
    responses=DONE,
    summary="Return a pledge pending review for revision (Secretariat)",
)
def return_for_revision(
    id: PledgeIdPath,
    body: ReturnCreate,
    actor: SecretariatDep,
    container: ContainerDep,
    expected: ExpectedVersionDep,
) -> JSONResponse:
    """The pledge goes back to its pledger with the comments (mailed, and shown in its
    portal); an amendment puts it back in the review queue."""
    app = container.app
    return run_command(
        container,
        actor,
        "return_for_revision",
        200,
        lambda: app.return_for_revision(id, body.comments, actor, expected),
    )
