"""Partners by consent: invite, accept, refuse, withdraw, leave; and finding a pledger to invite.

Who may: the owner (or the Secretariat) invites and withdraws; only the invited pledger's own
token accepts or refuses (never the Secretariat or another pledger on its behalf); a partner
leaves itself (or the Secretariat records it). The domain checks each (domain/partnering.py).
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, BackgroundTasks, Path, Query
from fastapi.responses import JSONResponse

from api import partnering
from api.commands import accepted_body, answer, perform
from api.deps import ActorDep, ContainerDep, PledgeIdPath
from api.openapi import problems
from api.routers.commands import CREATED, DONE
from api.schemas.common import CommandAccepted
from api.schemas.partners import (
    InvitationAnswer,
    InvitationCreated,
    PartnerDeparture,
    PartnerInvitationCreate,
    PledgerFound,
    PledgersFound,
)

router = APIRouter(tags=["partners by consent"])
PREFIX = "/api/pledges/{id}"
InvitationPath = Annotated[UUID, Path(description="The invitation's id")]


@router.post(
    f"{PREFIX}/partner-invitations",
    status_code=201,
    response_model=InvitationCreated,
    responses=CREATED,
    summary="Invite a partner: a registered pledger, or an organisation by email",
)
def invite(
    id: PledgeIdPath,
    body: PartnerInvitationCreate,
    actor: ActorDep,
    c: ContainerDep,
    tasks: BackgroundTasks,
) -> JSONResponse:
    """The owner (or the Secretariat) invites; the invited pledger is mailed and joins only
    when its own contact accepts. An organisation not yet registered is mailed a link to
    `/register`; once its registration is approved, it accepts like any pledger. Until then
    nothing about it is public."""
    result, iid = partnering.invite(c, id, body, actor, tasks)
    body_out = {**accepted_body(result), "invitation_id": str(iid)}
    return JSONResponse(body_out, status_code=201, headers={"ETag": f'"{result.version}"'})


def run(command: str, work: partnering.Work) -> JSONResponse:
    return answer(perform(command, 200, work))


@router.post(
    f"{PREFIX}/partner-invitations/{{iid}}/acceptance",
    response_model=CommandAccepted,
    responses=DONE,
    summary="Accept an invitation to partner (the invited pledger only)",
)
def accept(
    id: PledgeIdPath, iid: InvitationPath, actor: ActorDep, c: ContainerDep, tasks: BackgroundTasks
) -> JSONResponse:
    return run("accept_invitation", lambda: partnering.answer(c, id, iid, True, "", actor, tasks))


@router.post(
    f"{PREFIX}/partner-invitations/{{iid}}/refusal",
    response_model=CommandAccepted,
    responses=DONE,
    summary="Refuse an invitation to partner (the invited pledger only)",
)
def refuse(
    id: PledgeIdPath,
    iid: InvitationPath,
    body: InvitationAnswer,
    actor: ActorDep,
    c: ContainerDep,
    tasks: BackgroundTasks,
) -> JSONResponse:
    return run(
        "refuse_invitation",
        lambda: partnering.answer(c, id, iid, False, body.reason, actor, tasks),
    )


@router.post(
    f"{PREFIX}/partner-invitations/{{iid}}/withdrawal",
    response_model=CommandAccepted,
    responses=DONE,
    summary="Withdraw an invitation to partner (the owner or the Secretariat)",
)
def withdraw(
    id: PledgeIdPath,
    iid: InvitationPath,
    body: InvitationAnswer,
    actor: ActorDep,
    c: ContainerDep,
    tasks: BackgroundTasks,
) -> JSONResponse:
    return run(
        "withdraw_invitation",
        lambda: partnering.withdraw(c, id, iid, body.reason, actor, tasks),
    )


@router.post(
    f"{PREFIX}/partners/{{pledger_id}}/departure",
    response_model=CommandAccepted,
    responses=DONE,
    summary="A partner leaves the pledge, with a reason (the partner itself)",
)
def leave(
    id: PledgeIdPath,
    pledger_id: UUID,
    body: PartnerDeparture,
    actor: ActorDep,
    c: ContainerDep,
    tasks: BackgroundTasks,
) -> JSONResponse:
    return run("leave", lambda: partnering.leave(c, id, pledger_id, body.reason, actor, tasks))


@router.get(
    "/api/pledger-search",
    response_model=PledgersFound,
    responses=problems(401, 422),
    summary="Find a registered pledger to invite, by name (signed in)",
)
def search(
    _actor: ActorDep,
    c: ContainerDep,
    q: Annotated[
        str,
        Query(min_length=2, max_length=200, pattern=r"^[^\x00]*$", description="Part of the name"),
    ],
) -> PledgersFound:
    """Organisation data only (name, category, country): never a contact."""
    found = c.queries.search_pledgers(q)
    return PledgersFound(items=[PledgerFound(**row) for row in found])
