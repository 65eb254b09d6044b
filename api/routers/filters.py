"""The list filters, as query parameters shared by the list, the dashboard and the exports."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import ContainerDep, OptionalActorDep, PositionsDep, WatchDep
from api.problems import forbidden
from api.schemas.listing import ListFilters
from domain.taxonomy import Review, Role
from projections.listing import Filters

WAIT_LIMIT = 5.0  # seconds a read with min_position may wait (on the event loop: api/waiting.py)


async def list_filters(query: Annotated[ListFilters, Query()]) -> Filters:
    return query.filters()


FiltersDep = Annotated[Filters, Depends(list_filters)]


async def reviewed_filters(
    filters: FiltersDep,
    actor: OptionalActorDep,
    review: Annotated[
        list[Review] | None,
        Query(
            description="Secretariat only: any of these review states (without it, the "
            "Secretariat lists every state; everyone else sees published pledges only)"
        ),
    ] = None,
) -> Filters:
    """The list's filters: published pledges only, but for a Secretariat token."""
    if actor is not None and actor.role == Role.SECRETARIAT:
        filters.review = [r.value for r in review or []]
    elif review and set(review) != {Review.PUBLISHED}:
        raise forbidden("Only the Secretariat can list pledges that are not published.")
    return filters


ReviewedFiltersDep = Annotated[Filters, Depends(reviewed_filters)]


async def wait_for_position(
    container: ContainerDep,
    positions: PositionsDep,
    watch: WatchDep,
    response: Response,
    min_position: Annotated[
        int | None,
        Query(
            ge=0,
            description=(
                "A `position` a command returned: wait (up to 5 s) until the read model "
                "includes it, so a client sees its own write. After 5 s the answer comes "
                "anyway, with `X-Read-Model-Stale: true`."
            ),
        ),
    ] = None,
) -> int:
    if min_position is None:
        position = (await positions.recent())[0]
    else:
        if not await watch.wait_for(min_position, WAIT_LIMIT):
            response.headers["X-Read-Model-Stale"] = "true"
        position = await run_in_threadpool(container.queries.position)
    response.headers["X-Read-Model-Position"] = str(position)
    return position


PositionDep = Annotated[int, Depends(wait_for_position)]


def is_filtered(filters: Filters) -> bool:
    return filters != Filters()


__all__ = ["FiltersDep", "PositionDep", "ReviewedFiltersDep", "is_filtered"]
