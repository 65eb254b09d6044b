"""The public pages: the dashboard (`/`), a pledge's page and the consolidated report.

Server-rendered from the read models (the pledge page from the pledge itself, as
GET /api/pledges/{id} is); no page shows a contact or any other personal data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep, PositionsDep
from api.pages import dashboard, embed, feed_entries, pledge, report, viewer, web
from api.pages.query import BadQuery, PageQuery, parse
from api.reports import KINDS
from api.routers.reports import report_key, store_of
from domain.errors import PledgeNotFoundError
from infrastructure.container import Container
from projections.matching import matched_from

router = APIRouter(include_in_schema=False)


def page_query(request: Request) -> PageQuery | Response:
    try:
        return parse(request.query_params)
    except BadQuery as error:
        return web.error_page(request, 400, error.title, str(error))


@router.get("/")
def dashboard_page(request: Request, container: ContainerDep, positions: PositionsDep) -> Response:
    query = page_query(request)
    if isinstance(query, Response):
        return query
    today = container.app.today()
    visitor = viewer.signed_in(request, container)
    if visitor is not None:  # their own page: "My pledges" or "Console", and "Sign out"
        page = {**dashboard_context(container, query, today), **viewer.context(visitor)}
        return web.render(request, "dashboard.html", page, cache=viewer.PRIVATE)
    where = (container.database.safe_description, positions.get())
    etag = web.etag_for("dashboard", web.BUILD, where, today, query.key)
    if web.matches(request, etag):
        return web.not_modified(etag)
    if (hit := web.cached(request, etag)) is not None:
        return hit
    context = dashboard_context(container, query, today)  # parse() checked the cursor
    return web.render_cached(request, "dashboard.html", context, etag)


def dashboard_context(container: Container, query: PageQuery, today: date) -> dict[str, Any]:
    """The dashboard's figures, charts and list, its embed snippets and its feeds' links."""
    base = container.settings.public_url.rstrip("/")
    return {
        **dashboard.context(container, query, today),
        "embeds": embed.snippets(base, query),
        "feeds": feed_entries.links(query),
        "nav": "dashboard",
    }


@router.get("/pledges/{reference}")
def pledge_page(request: Request, reference: str, container: ContainerDep) -> Response:
    today = container.app.today()
    try:
        found = container.app.readable(reference[:100], None)  # a public page: published only
    except PledgeNotFoundError:
        detail = f"No pledge has the reference {reference[:100]!r}. Search for it on the dashboard."
        return web.error_page(request, 404, "Pledge not found", detail)
    if found.reference != reference:
        return Response(status_code=308, headers={"Location": f"/pledges/{found.reference}"})
    visitor = viewer.signed_in(request, container)
    if visitor is not None:  # its own pledger or the Secretariat sees where to act on it
        context = {**pledge.context(container.app, found, today), **viewer.context(visitor)}
        context["act_at"] = viewer.acting_link(visitor, found)
        context["matches_given"] = matched_from(container.queries, found.id)
        return web.render(request, "pledge.html", context, cache=viewer.PRIVATE)
    etag = web.etag_for(
        "pledge", web.BUILD, found.id, found.version, container.queries.position(), today
    )
    if web.matches(request, etag):
        return web.not_modified(etag)
    context = pledge.context(container.app, found, today)
    context["matches_given"] = matched_from(container.queries, found.id)
    return web.render(request, "pledge.html", context, etag=etag)


@router.get("/report")
def report_page(request: Request, container: ContainerDep, positions: PositionsDep) -> Response:
    query = page_query(request)
    if isinstance(query, Response):
        return query
    group = request.query_params.get("group") or "objective"
    if group not in report.GROUPS:
        detail = "group: objective or round_table"
        return web.error_page(request, 400, "That grouping is not valid", detail)
    today = container.app.today()
    where = (container.database.safe_description, positions.get())
    documents = report_documents(request, container, where[1][0], today, query)
    visitor = viewer.signed_in(request, container)
    if visitor is not None:
        context = {**report.context(container, query, group, today), **viewer.context(visitor)}
        page = {**context, "nav": "report", "request": request, "documents": documents}
        return web.stream("report.html", page, cache=viewer.PRIVATE)
    etag = web.etag_for("report", web.BUILD, where, today, query.key, group, documents)
    if web.matches(request, etag):
        return web.not_modified(etag)
    context = report.context(container, query, group, today)
    page = {**context, "nav": "report", "request": request, "documents": documents}
    return web.stream("report.html", page, etag)


def report_documents(
    request: Request, container: Container, position: int, today: date, query: PageQuery
) -> list[tuple[str, str, bool]]:
    """The report's downloads for these filters: (format, address, being prepared)."""
    key = report_key(container, position, today, query.filters)
    store = store_of(request)
    return [
        (kind, query.url(f"/reports/consolidated.{kind}"), store.preparing(key, kind))
        for kind in KINDS
    ]
