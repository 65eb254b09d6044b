"""The list filters, as query parameters shared by the list, the dashboard and the exports."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import ContainerDep, PositionsDep, WatchDep
from api.schemas.listing import ListFilters
from projections.listing import Filters

WAIT_LIMIT = 5.0  # seconds a read with min_position may wait (on the event loop: api/waiting.py)


async def list_filters(query: Annotated[ListFilters, Query()]) -> Filters:
    return query.filters()


FiltersDep = Annotated[Filters, Depends(list_filters)]


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


__all__ = ["FiltersDep", "PositionDep", "is_filtered"]
