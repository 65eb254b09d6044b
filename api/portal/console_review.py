"""The Secretariat's review queue: pledges pending review, oldest first, each with its
content, its age, and two forms: publish it, or return it to its pledger with comments."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep
from api.portal.auth import PortalError, PostedDep, StaffDep, Visitor, VisitorDep
from api.portal.forms import FormInvalidError, sentence
from api.portal.my import settled
from api.portal.my_pledge import names
from api.portal.render import page, redirect, refused, status_of
from api.schemas.commands import ReturnCreate
from api.schemas.common import validated
from domain.errors import DomainError, InvalidPledgeError
from infrastructure.container import Container
from projections.listing import Filters

router = APIRouter(include_in_schema=False)
QUEUE_PAGE = 50  # the oldest first; the next ones once these are reviewed


def queue(c: Container) -> dict[str, Any]:
    """The pledges pending review, oldest first, each as it stands now (its full content)."""
    today = c.app.today()
    listed = c.queries.list(
        Filters(review=["pending"]), today, sort="submitted_at", limit=QUEUE_PAGE
    )
    known = names(c)
    items = [
        {
            "pledge": c.app.get_pledge(item["pledge_id"]),
            "pledger": item["pledger_name"] or known.get(str(item["pledger_id"]), ""),
            "age": (today - item["submitted_at"].date()).days,
        }
        for item in listed.items
    ]
    return {"items": items, "total": listed.total, "today": today}


def comments_of(visitor: Visitor) -> str:
    """The comments as the API's schema checks them; a fault is said beside the box in plain
    words (not "comments: must not be empty" above the page)."""
    typed = visitor.value("comments")
    try:
        return validated(ReturnCreate, {"comments": typed}).comments
    except InvalidPledgeError as error:
        reason = error.reason if typed.strip() else "write what the pledger should revise"
        faults = {"comments": sentence(reason)}
        raise FormInvalidError(faults, "The pledge was not returned") from None


@router.get("/console/review")
def review_queue(
    request: Request, visitor: VisitorDep, _staff: StaffDep, c: ContainerDep
) -> Response:
    return page(request, visitor, "review.html", queue(c))


@router.post("/console/review/{reference}/{action}")
def review(
    request: Request, reference: str, action: str, visitor: PostedDep, me: StaffDep, c: ContainerDep
) -> Response:
    """publish, or return with comments: a refusal shows the queue again, the error beside
    the pledge's form and the comments as typed."""
    if action not in ("publish", "return"):
        raise PortalError(404, "Not found", "There is no such action.")
    form = f"{action}-{reference[:40]}"
    try:
        if action == "publish":
            result = c.app.publish(reference[:100], me.actor)
        else:
            result = c.app.return_for_revision(reference[:100], comments_of(visitor), me.actor)
    except DomainError as error:
        shown = {**queue(c), **refused(error, form, visitor)}
        return page(request, visitor, "review.html", shown, status_of(error))
    settled(c, result)
    done = "published" if action == "publish" else "returned"
    return redirect(f"/console/review?done={done}&ref={result.reference}")
