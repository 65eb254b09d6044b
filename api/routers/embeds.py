"""The embeds: small pages that the IMRF and Network websites frame (EMBED_ORIGINS may; see
api/cross_site.py), each taking the dashboard's filters and `lang` (en, fr, es).

Cached as the dashboard is: the ETag names the read models' positions, the day, the filters
and the language, so a website's visitors cost one render per change of the pledges. The
endpoints are `async def`, as GET /api/dashboard is: a kept page is answered on the event loop
without a thread or the database; only a render goes to the threadpool.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.cache import RecentPositions
from api.deps import ContainerDep, PositionsDep
from api.pages import embed, web
from api.pages.embed_words import LANGUAGES, Words
from api.pages.query import BadQuery, PageQuery
from infrastructure.container import Container

router = APIRouter(prefix="/embed", include_in_schema=False)
# What a page shows, from the container, the query, the day and the words of its language.
Build = Callable[[Container, PageQuery, date, Words], dict[str, Any] | None]


def words_of(request: Request) -> Words:
    lang = request.query_params.get("lang") or "en"
    if lang not in LANGUAGES:
        raise BadQuery(f"lang: one of {', '.join(LANGUAGES)}", "That language is not offered")
    return Words(lang)


async def answer(
    request: Request,
    container: Container,
    positions: RecentPositions,
    template: str,
    build: Build,
    *key: object,
) -> Response:
    """The embed for the request's filters and language: a 304, the kept body, or a render."""
    try:
        (query, query_key), words = embed.parsed(request.url.query), words_of(request)
    except BadQuery as error:
        return web.error_page(request, 400, error.title, str(error))
    today = container.app.today()
    where = (container.database.safe_description, await positions.recent())
    etag = web.etag_for(template, web.BUILD, where, today, query_key, words.lang, *key)
    if web.matches(request, etag):
        return web.not_modified(etag)
    if (hit := web.cached(request, etag)) is not None:
        return hit
    context = await run_in_threadpool(build, container, query, today, words)
    if context is None:
        detail = "No published pledge has this reference."
        return web.error_page(request, 404, "Pledge not found", detail)
    return await run_in_threadpool(web.render_cached, request, template, context, etag)


@router.get("/figures")
async def figures(request: Request, container: ContainerDep, positions: PositionsDep) -> Response:
    return await answer(request, container, positions, "embed_figures.html", embed.figures)


@router.get("/objectives")
async def objectives(
    request: Request, container: ContainerDep, positions: PositionsDep
) -> Response:
    group = request.query_params.get("by") or "objective"
    if group not in embed.GROUPS:
        return web.error_page(request, 400, "That grouping is not valid", "by: round_table")
    build = partial(embed.chart, group=group)
    return await answer(request, container, positions, "embed_chart.html", build, group)


@router.get("/list")
async def pledge_list(
    request: Request, container: ContainerDep, positions: PositionsDep
) -> Response:
    return await answer(request, container, positions, "embed_list.html", embed.latest)


@router.get("/pledges/{reference}")
async def pledge_card(
    request: Request, reference: str, container: ContainerDep, positions: PositionsDep
) -> Response:
    wanted = reference[:100]
    build = partial(embed.card, reference=wanted)
    return await answer(request, container, positions, "embed_pledge.html", build, wanted)
