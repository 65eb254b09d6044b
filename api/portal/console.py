"""The Secretariat console: every pledge with the list filters, deadlines, and mail status."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response
from psycopg import sql
from psycopg.rows import dict_row

from api.deps import ContainerDep
from api.pages.query import BadQuery, parse
from api.portal.auth import PortalError, StaffDep, VisitorDep
from api.portal.render import page
from domain.taxonomy import Category, PledgeType, Region, Status
from projections.deadlines import lapsing

router = APIRouter(include_in_schema=False)
SOON_DAYS = 30


@router.get("/console")
def pledges(request: Request, visitor: VisitorDep, _staff: StaffDep, c: ContainerDep) -> Response:
    try:
        query = parse(request.query_params)  # checks the cursor too
    except BadQuery as error:
        raise PortalError(400, error.title, str(error)) from None
    listed = c.queries.list(query.filters, c.app.today(), query.sort, 50, query.cursor)
    context = {
        "query": query,
        "page": listed,
        "statuses": [s.value for s in Status],
        "types": [t.value for t in PledgeType],
        "categories": [k.value for k in Category],
        "regions": [r.value for r in Region],
        "failing": c.views.failing(),  # a read model stuck on an event: the lists lag
    }
    return page(request, visitor, "console.html", context)


@router.get("/console/deadlines")
def deadlines(
    request: Request, visitor: VisitorDep, _staff: StaffDep, c: ContainerDep
) -> Response:
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
    """Reminders sent (mail_outbox rows) and how their delivery went."""
    rows_query = sql.SQL(
        "SELECT o.kind, o.due_on, o.status, o.attempts, o.recipients, o.last_error,"
        " o.created_at, o.sent_at, coalesce(s.reference, o.pledge_id::text) AS reference"
        " FROM mail_outbox o LEFT JOIN {} s ON s.pledge_id = o.pledge_id"
        " ORDER BY o.id DESC LIMIT 200"
    ).format(sql.Identifier(c.views.summaries.table))
    with c.database.pool().connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        counts = cur.execute(
            "SELECT status, count(*) AS n FROM mail_outbox GROUP BY status ORDER BY status"
        ).fetchall()
        rows = cur.execute(rows_query).fetchall()
    return page(request, visitor, "mail.html", {"counts": counts, "rows": rows})
