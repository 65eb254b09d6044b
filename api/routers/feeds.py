"""Atom feeds of new pledges, progress reports and fulfilled pledges, filtered as the list is
(`/feeds/pledges.atom?objective=5` is objective 5's own feed), cached as the dashboard is:
the ETag names the read models' positions, the day and the filters."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.cache import RecentPositions
from api.deps import ContainerDep, PositionsDep
from api.pages import atom, embed, feed_entries, web
from api.pages.query import BadQuery
from api.problems import ApiProblem
from infrastructure.container import Container
from projections.feeds import FeedQueries

MEDIA_TYPE = "application/atom+xml; charset=utf-8"
ATOM = {200: {"content": {"application/atom+xml": {}}, "description": "An Atom 1.0 feed"}}
router = APIRouter(prefix="/feeds", tags=["feeds"], responses=ATOM)  # type: ignore[arg-type]


async def answer(
    request: Request, container: Container, positions: RecentPositions, kind: str
) -> Response:
    """A 304, the kept feed, or one written in the threadpool (as api/routers/embeds.py)."""
    try:
        query, query_key = embed.parsed(request.url.query)
    except BadQuery as error:
        raise ApiProblem(400, "invalid_filter", str(error)) from None
    today = container.app.today()
    where = (container.database.safe_description, await positions.recent())
    etag = web.etag_for("feed", kind, web.BUILD, where, today, query_key)
    if web.matches(request, etag):
        return web.not_modified(etag)
    bodies = web.CACHE.get(etag)
    if bodies is None:
        base = container.settings.public_url.rstrip("/")
        queries = FeedQueries(container.queries)

        def write() -> bytes:
            return atom.document(
                feed_entries.feed(kind, base, query, today, container.app, queries)
            )

        bodies = web.CACHE.put(etag, await run_in_threadpool(write))
    response = web.respond(request, bodies, etag)
    response.headers["Content-Type"] = MEDIA_TYPE
    return response


@router.get("/pledges.atom", response_class=Response, summary="Atom feed of new pledges")
async def pledges_feed(
    request: Request, container: ContainerDep, positions: PositionsDep
) -> Response:
    """The newest published pledges; takes the list's filters (`objective`, `country`...)."""
    return await answer(request, container, positions, "pledges")


@router.get("/reports.atom", response_class=Response, summary="Atom feed of progress reports")
async def reports_feed(
    request: Request, container: ContainerDep, positions: PositionsDep
) -> Response:
    """The newest progress reports on published pledges; takes the list's filters."""
    return await answer(request, container, positions, "reports")


@router.get("/fulfilled.atom", response_class=Response, summary="Atom feed of fulfilled pledges")
async def fulfilled_feed(
    request: Request, container: ContainerDep, positions: PositionsDep
) -> Response:
    """Pledges reported fulfilled, the latest first; takes the list's filters."""
    return await answer(request, container, positions, "fulfilled")
