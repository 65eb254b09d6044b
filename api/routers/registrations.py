"""Registration requests: anyone asks (202, confirmed by an emailed link); the Secretariat
lists the confirmed ones and approves or refuses each."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request

from api import registration
from api.deps import ContainerDep, SecretariatDep
from api.openapi import problems
from api.problems import ApiProblem
from api.schemas.registrations import (
    RegistrationAccepted,
    RegistrationApproved,
    RegistrationCreate,
    RegistrationList,
    RegistrationRefusal,
    RegistrationRefused,
)

router = APIRouter(prefix="/api/registration-requests", tags=["registration"])
RequestId = Annotated[UUID, Path(description="The registration request's id")]
TOO_MANY: dict[int | str, dict[str, Any]] = {
    429: {"description": "Too many requests from this address or for this email"}
}


def as_problem(error: registration.RegistrationProblem) -> ApiProblem:
    if error.status == 429:
        detail = "Too many registration requests: try again later (see Retry-After)."
        return ApiProblem(429, error.code, detail, {"Retry-After": error.detail})
    return ApiProblem(error.status, error.code, error.detail)


@router.post(
    "",
    status_code=202,
    response_model=RegistrationAccepted,
    summary="Ask to pledge: an organisation and its focal point",
    responses={**problems(422), **TOO_MANY},
)
def ask(
    body: RegistrationCreate, request: Request, c: ContainerDep, tasks: BackgroundTasks
) -> RegistrationAccepted:
    """The answer is the same whether the organisation or the address is known already; the
    focal point gets a mail with a link that confirms the address, and only then does the
    Secretariat see the request."""
    client = request.client.host if request.client else ""
    try:
        return RegistrationAccepted(id=registration.submit(c, body, client, tasks))
    except registration.RegistrationProblem as error:
        raise as_problem(error) from None


@router.get(
    "",
    response_model=RegistrationList,
    summary="The registration queue (confirmed requests, the longest waiting first)",
    responses=problems(401, 403, 422),
)
def queue(
    _actor: SecretariatDep,
    c: ContainerDep,
    state: Annotated[Literal["confirmed", "approved", "refused"], Query()] = "confirmed",
) -> RegistrationList:
    return RegistrationList(items=registration.items(c, state))


@router.post(
    "/{request_id}/approval",
    status_code=201,
    response_model=RegistrationApproved,
    summary="Approve: the pledger and its contact are created, and a sign-in link mailed",
    responses=problems(401, 403, 404, 409, 422),
)
def approve(
    request_id: RequestId, actor: SecretariatDep, c: ContainerDep, tasks: BackgroundTasks
) -> RegistrationApproved:
    try:
        return RegistrationApproved(pledger_id=registration.approve(c, request_id, actor, tasks))
    except registration.RegistrationProblem as error:
        raise as_problem(error) from None


@router.post(
    "/{request_id}/refusal",
    response_model=RegistrationRefused,
    summary="Refuse, with a reason mailed to the focal point",
    responses=problems(401, 403, 404, 409, 422),
)
def refuse(
    request_id: RequestId,
    body: RegistrationRefusal,
    actor: SecretariatDep,
    c: ContainerDep,
    tasks: BackgroundTasks,
) -> RegistrationRefused:
    try:
        registration.refuse(c, request_id, body.reason, actor, tasks)
    except registration.RegistrationProblem as error:
        raise as_problem(error) from None
    return RegistrationRefused(id=request_id)
