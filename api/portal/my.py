"""The pledger portal: my pledges (owned and partnered) and submitting a new one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep
from api.portal import submission
from api.portal.auth import PledgerDep, PostedDep, VisitorDep
from api.portal.render import page, redirect, status_of
from api.schemas.common import validated
from api.schemas.pledges import PledgeCreate
from domain.application import CommandResult
from domain.errors import DomainError, InvalidPledgeError
from infrastructure.container import Container
from projections.listing import Filters

router = APIRouter(include_in_schema=False)
SETTLE_SECONDS = 5.0


def settled(container: Container, result: CommandResult) -> None:
    """Waits (briefly) until the lists include the command, so the next page shows it."""
    if result.position is not None:
        container.queries.wait_for(result.position, SETTLE_SECONDS)


@router.get("/my")
def my_pledges(request: Request, visitor: VisitorDep, me: PledgerDep, c: ContainerDep) -> Response:
    today = c.app.today()
    listed = c.queries.list(Filters(pledger=me.subject), today, sort="deadline", limit=200)
    for item in listed.items:
        item["mine"] = str(item["pledger_id"]) == me.subject
    context = {"items": listed.items, "total": listed.total, "today": today}
    return page(request, visitor, "my.html", context)


def form_page(
    request: Request, visitor: VisitorDep, c: ContainerDep, extra: dict[str, Any], status: int
) -> Response:
    today = c.app.today()
    context = {**submission.choices(), "today": today, "values": None, **extra}
    return page(request, visitor, "submit.html", context, status)


@router.get("/my/pledges/new")
def new_pledge(request: Request, visitor: VisitorDep, _me: PledgerDep, c: ContainerDep) -> Response:
    return form_page(request, visitor, c, {}, 200)


@router.post("/my/pledges")
def submit_pledge(
    request: Request, visitor: PostedDep, me: PledgerDep, c: ContainerDep
) -> Response:
    try:
        wire = submission.wire_from(visitor, me.subject, c.app.today())
        body = validated(PledgeCreate, wire)  # the API's schema, then the domain's rules
        result = c.app.submit(
            body.pledger_id, body.content(), body.pledged_on, body.deadline, me.actor
        )
    except InvalidPledgeError as error:
        extra = {
            "values": submission.form_values(visitor),
            "field_errors": {submission.field_of(error): error.reason},
            "error": f"The pledge was not submitted: {error.message}. Fix it below and send again.",
        }
        return form_page(request, visitor, c, extra, status_of(error))
    except DomainError as error:  # e.g. an unknown pledger: shown in the page, nothing recorded
        extra = {"values": submission.form_values(visitor), "error": error.message}
        return form_page(request, visitor, c, extra, status_of(error))
    settled(c, result)
    return redirect(f"/my/pledges/{result.reference}?done=submitted")
