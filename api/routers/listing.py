"""GET /api/pledges: the list, from the pledge summaries projection."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from fastapi import APIRouter, Query, Request, Response

from api.cache import cached_json
from api.deps import ContainerDep
from api.openapi import OPTIONAL_AUTH
from api.problems import bad_cursor
from api.routers.filters import PositionDep, ReviewedFiltersDep
from api.schemas.common import Problem
from api.schemas.listing import PledgeList, summary
from projections import paging
from projections.listing import SORTS

router = APIRouter(prefix="/api", tags=["pledges"])
SortKey = Literal[
    "submitted_at",
    "updated_at",
    "deadline",
    "pledged_on",
    "last_effective_on",
    "title",
    "percent_complete",
    "reference",
    "-submitted_at",
    "-updated_at",
    "-deadline",
    "-pledged_on",
    "-last_effective_on",
    "-title",
    "-percent_complete",
    "-reference",
]
assert {k.lstrip("-") for k in get_args(SortKey)} == set(SORTS)  # noqa: S101 (kept in step)


@router.get(
    "/pledges",
    response_model=PledgeList,
    responses={
        400: {"model": Problem, "content": {"application/problem+json": {}}},
        401: {"model": Problem, "content": {"application/problem+json": {}}},
        403: {"model": Problem, "content": {"application/problem+json": {}}},
        422: {"model": Problem, "content": {"application/problem+json": {}}},
    },
    openapi_extra=OPTIONAL_AUTH,
)
async def list_pledges(
    request: Request,
    response: Response,
    container: ContainerDep,
    filters: ReviewedFiltersDep,
    position: PositionDep,
    sort: Annotated[
        SortKey, Query(description="A field; prefix `-` for descending")
    ] = "-pledged_on",
    limit: Annotated[int, Query(ge=1, le=200, description="Pledges per page")] = 20,
    cursor: Annotated[
        str | None,
        Query(description="`next_cursor` of the previous page, as given; any other is a 400"),
    ] = None,
) -> Response:
    """Published pledges (with a Secretariat token: every review state, or those of
    `review`) matching every filter given (several values of one filter: any of them).
    The answer carries an ETag; send it back in `If-None-Match` for a 304 while nothing has
    changed."""
    today = container.app.today()
    if cursor:
        check_cursor(cursor, sort)

    def compute() -> PledgeList:
        page = container.queries.list(filters, today, sort, limit, cursor)
        return PledgeList(
            items=[summary(i) for i in page.items],
            next_cursor=page.next_cursor,
            total=page.total,
            position=position,
        )

    where = container.database.safe_description
    key = ("api-pledges", where, position, today, filters, sort, limit, cursor)
    return await cached_json(request, response, key, compute)


def check_cursor(cursor: str, sort: str) -> None:
    """Before the cache and the database: a forged cursor is the client's error, a 400."""
    try:
        paging.decode(cursor, sort)
    except paging.BadCursorError as error:
        raise bad_cursor(str(error)) from None
