"""The Secretariat console: every pledge with the list filters, deadlines, mail status, and the
integrity of the record (the last verification of the hash chain, its checkpoints)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep
from api.pages.query import BadQuery, parse
from api.portal.auth import PortalError, StaffDep, VisitorDep
from api.portal.render import page
from domain.taxonomy import Category, PledgeType, Region, Status
from projections.deadlines import lapsing
from projections.listing import REVIEW_STATES

router = APIRouter(include_in_schema=False)
SOON_DAYS = 30


@router.get("/console")
def pledges(request: Request, visitor: VisitorDep, _staff: StaffDep, c: ContainerDep) -> Response:
    try:
        query = parse(request.query_params)  # checks the cursor too
    except BadQuery as error:
        raise PortalError(400, error.title, str(error)) from None
    # The Secretariat sees every pledge, in whichever review state it asks for.
    review = request.query_params.get("review", "")
    query.filters.review = [review] if review in REVIEW_STATES else []
    listed = c.queries.list(query.filters, c.app.today(), query.sort, 50, query.cursor)
    context = {
        "query": query,
        "page": listed,
        "statuses": [s.value for s in Status],
        "types": [t.value for t in PledgeType],
        "categories": [k.value for k in Category],
        "regions": [r.value for r in Region],
        "review": query.filters.review[0] if query.filters.review else "",
        "reviews": REVIEW_STATES,
        "failing": c.views.failing(),  # a read model stuck on an event: the lists lag
    }
    return page(request, visitor, "console.html", context)


@router.get("/console/deadlines")
def deadlines(request: Request, visitor: VisitorDep, _staff: StaffDep, c: ContainerDep) -> Response:
    today = c.app.today()
    view = c.views.deadlines
    context = {
        "today": today,
        "overdue": view.deadline_before(today),
        "soon": view.deadline_between(today, today + timedelta(days=SOON_DAYS)),
        "lapsing": lapsing(view, today, c.settings.lapse_grace_days),
        "soon_days": SOON_DAYS,
    }
    return page(request, visitor, "deadlines.html", context)


@router.get("/console/mail")
def mail(request: Request, visitor: VisitorDep, _staff: StaffDep, c: ContainerDep) -> Response:
    """Notices (reminders, lapses, reinstatements), the digests that carry them, and how
    their delivery went."""
    context = {
        "counts": c.outbox.counts(),
        "digests": c.digests.counts(),
        "failing": c.digests.failing(),
        "rows": c.outbox.recent(c.views.summaries.table),
    }
    return page(request, visitor, "mail.html", context)


@router.get("/console/integrity")
def integrity(request: Request, visitor: VisitorDep, _staff: StaffDep, c: ContainerDep) -> Response:
    context = {"last": c.audit.last_verification(), "checkpoints": c.audit.checkpoints(10)}
    return page(request, visitor, "integrity.html", context)
