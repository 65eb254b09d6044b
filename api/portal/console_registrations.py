"""The Secretariat's registration queue: confirmed requests, the longest waiting first, each
with its age and possible duplicates; approve (the pledger and its contact are created, a
sign-in link mailed) or refuse with a reason (mailed)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, BackgroundTasks, Request, Response
from pydantic import ValidationError

from api import registration
from api.deps import ContainerDep
from api.portal.auth import PortalError, PostedDep, StaffDep, Visitor, VisitorDep
from api.portal.render import page, redirect, status_of
from api.schemas.registrations import LANGUAGE_NAMES, RegistrationRefusal
from domain.errors import DomainError
from infrastructure.container import Container

router = APIRouter(include_in_schema=False)


def queue_page(
    request: Request, visitor: Visitor, c: Container, extra: dict[str, Any], status: int = 200
) -> Response:
    context = {
        "items": registration.items(c, "confirmed"),
        "decided": [*registration.items(c, "approved", 10), *registration.items(c, "refused", 10)],
        "languages": LANGUAGE_NAMES,
        **extra,
    }
    return page(request, visitor, "console_registrations.html", context, status)


@router.get("/console/registrations")
def queue(request: Request, visitor: VisitorDep, _staff: StaffDep, c: ContainerDep) -> Response:
    return queue_page(request, visitor, c, {})


def request_id(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise PortalError(404, "Request not found", "There is no such request.") from None


@router.post("/console/registrations/{rid}/{action}")
def decide(
    request: Request,
    rid: str,
    action: str,
    visitor: PostedDep,
    me: StaffDep,
    c: ContainerDep,
    tasks: BackgroundTasks,
) -> Response:
    """approve, or refuse (with a reason, required: the person is told it)."""
    wanted = request_id(rid)
    try:
        if action == "approve":
            pledger_id = registration.approve(c, wanted, me.actor, tasks)
            return redirect(f"/console/registrations?done=approved&pledger={pledger_id}")
        if action != "refuse":
            raise PortalError(404, "Not found", "There is no such action.")
        try:  # the API's own definition of a reason
            refusal = RegistrationRefusal.model_validate({"reason": visitor.value("reason")})
        except ValidationError:
            errors = {str(wanted): "Say why (at most 5,000 characters): the person is sent it."}
            typed = {str(wanted): visitor.value("reason")}
            return queue_page(request, visitor, c, {"reason_errors": errors, "typed": typed}, 422)
        registration.refuse(c, wanted, refusal.reason, me.actor, tasks)
    except registration.RegistrationProblem as problem:
        raise PortalError(problem.status, "Nothing was changed", problem.detail) from None
    except DomainError as error:  # the pledger's own rules, as POST /api/pledgers has them
        raise PortalError(status_of(error), "Nothing was changed", error.message) from None
    return redirect("/console/registrations?done=refused")
