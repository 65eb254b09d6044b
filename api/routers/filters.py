"""The list filters, as query parameters shared by the list, the dashboard and the exports."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Query, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import ContainerDep, PositionsDep, WatchDep
from domain.taxonomy import Category, Form, Level, PledgeType, Region, Status
from projections.listing import Filters

WAIT_LIMIT = 5.0  # seconds a read with min_position may wait (on the event loop: api/waiting.py)


async def list_filters(
    status: Annotated[list[Status] | None, Query(description="Any of these statuses")] = None,
    objective: Annotated[
        list[Annotated[int, Query(ge=1, le=23)]] | None,
        Query(description="Any of these GCM objectives (1 to 23)"),
    ] = None,
    category: Annotated[list[Category] | None, Query(description="Pledger category")] = None,
    region: Annotated[list[Region] | None, Query()] = None,
    country: Annotated[
        list[Annotated[str, Query(pattern=r"^[A-Za-z]{3}$")]] | None,
        Query(description="ISO 3166-1 alpha-3 country of implementation"),
    ] = None,
    type: Annotated[list[PledgeType] | None, Query()] = None,
    form: Annotated[list[Form] | None, Query()] = None,
    level: Annotated[list[Level] | None, Query()] = None,
    round_table: Annotated[
        list[Annotated[int, Query(ge=1, le=4)]] | None,
        Query(description="IMRF round table (1 to 4)"),
    ] = None,
    pledger: Annotated[UUID | None, Query(description="Pledges it made or partners")] = None,
    overdue: Annotated[bool | None, Query(description="Only overdue (true) or not (false)")] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=r"^[^\x00]*$",
            description="Words in the title, description, pledger or reference",
        ),
    ] = None,
) -> Filters:
    return Filters(
        status=[s.value for s in status or []],
        objective=objective or [],
        category=[c.value for c in category or []],
        region=[r.value for r in region or []],
        country=[c.upper() for c in country or []],
        type=[t.value for t in type or []],
        form=[f.value for f in form or []],
        level=[v.value for v in level or []],
        round_table=round_table or [],
        pledger=str(pledger) if pledger else None,
        overdue=overdue,
        q=q.strip() or None if q else None,
    )


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
