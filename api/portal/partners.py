"""Partners by consent in the portal: the owner invites (a registered pledger found by name,
or an organisation by its focal point's email) and withdraws; the invited pledger accepts or
refuses from "Invitations to partner" in /my; a partner leaves with a reason. Every step is
the API's own (api/partnering.py), so the same rules, events and mails follow.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, BackgroundTasks, Request, Response

from api import partnering
from api.deps import ContainerDep
from api.portal.auth import PledgerDep, PortalError, PostedDep
from api.portal.my import settled
from api.portal.my_pledge import act
from api.portal.render import redirect
from api.schemas.common import validated
from api.schemas.partners import InvitationAnswer, PartnerDeparture, PartnerInvitationCreate
from domain.application import CommandResult
from domain.errors import DomainError
from domain.pledge import Pledge

router = APIRouter(include_in_schema=False)


@router.post("/my/pledges/{reference}/partner-invitations")
def invite(
    request: Request,
    reference: str,
    visitor: PostedDep,
    me: PledgerDep,
    c: ContainerDep,
    tasks: BackgroundTasks,
) -> Response:
    v = visitor.value
    wire: dict[str, str | None] = {
        "contribution": v("contribution"),
        "language": v("language") or "en",
    }
    if v("partner"):
        wire["pledger_id"] = v("partner")
    else:
        wire.update({"organisation": v("organisation") or None, "email": v("email") or None})

    def work(pledge: Pledge) -> CommandResult:
        names = {"pledger_id": "partner", "body": "partner"}
        body = validated(PartnerInvitationCreate, wire, names)
        return partnering.invite(c, pledge.reference, body, me.actor, tasks)[0]

    return act(request, visitor, me, c, reference, "invited", work)


@router.post("/my/pledges/{reference}/partner-invitations/{iid}/withdrawal")
def withdraw(
    request: Request,
    reference: str,
    iid: UUID,
    visitor: PostedDep,
    me: PledgerDep,
    c: ContainerDep,
    tasks: BackgroundTasks,
) -> Response:
    def work(pledge: Pledge) -> CommandResult:
        reason = validated(InvitationAnswer, {"reason": visitor.value("reason")}).reason
        return partnering.withdraw(c, pledge.reference, iid, reason, me.actor, tasks)

    return act(request, visitor, me, c, reference, "invitation-withdrawn", work)


@router.post("/my/pledges/{reference}/departure")
def leave(
    request: Request,
    reference: str,
    visitor: PostedDep,
    me: PledgerDep,
    c: ContainerDep,
    tasks: BackgroundTasks,
) -> Response:
    """The partner leaves, with a reason; it then no longer reaches the pledge: /my it is."""

    def work(pledge: Pledge) -> CommandResult:
        body = validated(PartnerDeparture, {"reason": visitor.value("reason")})
        who = UUID(me.subject)
        return partnering.leave(c, pledge.reference, who, body.reason, me.actor, tasks)

    answer = act(request, visitor, me, c, reference, "left", work, owner_only=False)
    return redirect("/my?done=left") if answer.status_code == 303 else answer


@router.post("/my/invitations/{pledge_id}/{iid}/{answer}")
def answer(
    pledge_id: UUID,
    iid: UUID,
    answer: str,
    visitor: PostedDep,
    me: PledgerDep,
    c: ContainerDep,
    tasks: BackgroundTasks,
) -> Response:
    """Accept or refuse, from /my: only the invited pledger's own contact gets this far."""
    if answer not in ("acceptance", "refusal"):
        raise PortalError(404, "Not found", "Answer an invitation by accepting or refusing it.")
    try:
        reason = validated(InvitationAnswer, {"reason": visitor.value("reason")}).reason
        accept = answer == "acceptance"
        result = partnering.answer(c, str(pledge_id), iid, accept, reason, me.actor, tasks)
    except DomainError as error:
        raise PortalError(409, "The invitation was not answered", error.message) from None
    settled(c, result)
    return redirect(f"/my?done={'joined' if accept else 'declined'}#invitations")
