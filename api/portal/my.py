"""The pledger portal: my pledges (owned and partnered) and submitting a new one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep
from api.portal import submission
from api.portal.auth import PledgerDep, PostedDep, VisitorDep
from api.portal.render import page, redirect
from domain.application import CommandResult
from domain.errors import DomainError, InvalidPledgeError
from infrastructure.container import Container
from projections.listing import Filters
from service.wire import parse_submission

router = APIRouter(include_in_schema=False)
SETTLE_SECONDS = 5.0


def settled(container: Container, result: CommandResult) -> None:
    """Waits (briefly) until the lists include the command, so the next page shows it."""
    if result.position is not None:
        container.queries.wait_for(result.position, SETTLE_SECONDS)


@router.get("/my")
def my_pledges(
    request: Request, visitor: VisitorDep, me: PledgerDep, c: ContainerDep
) -> Response:
    c = c
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
def new_pledge(
    request: Request, visitor: VisitorDep, _me: PledgerDep, c: ContainerDep
) -> Response:
    return form_page(request, visitor, c, {}, 200)


@router.post("/my/pledges")
def submit_pledge(
    request: Request, visitor: PostedDep, me: PledgerDep, c: ContainerDep
) -> Response:
    c = c
    try:
        wire = submission.wire_from(visitor, me.subject, c.app.today())
        pledger_id, content, pledged_on, deadline = parse_submission(wire)
        result = c.app.submit(pledger_id, content, pledged_on, deadline, me.actor)
    except InvalidPledgeError as error:
        extra = {
            "values": submission.form_values(visitor),
            "field_errors": {submission.field_of(error): error.reason},
            "error": f"The pledge was not submitted: {error.message}. Fix it below and send again.",
        }
        return form_page(request, visitor, c, extra, 422)
    except DomainError as error:  # e.g. an unknown pledger: shown in the page, nothing recorded
        extra = {"values": submission.form_values(visitor), "error": error.message}
        return form_page(request, visitor, c, extra, 409)
    settled(c, result)
    return redirect(f"/my/pledges/{result.reference}?done=submitted")
