"""GET /api/dashboard: aggregates from the dashboard projection (or, filtered, the summaries)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.cache import cached_json
from api.deps import ContainerDep, PositionsDep
from api.routers.filters import FiltersDep, PositionDep, is_filtered
from api.schemas.listing import Dashboard

router = APIRouter(prefix="/api", tags=["dashboard"])


@router.get("/dashboard", response_model=Dashboard)
async def dashboard(
    request: Request,
    response: Response,
    container: ContainerDep,
    positions: PositionsDep,
    filters: FiltersDep,
    position: PositionDep,
) -> Response:
    """Counts by objective, status, category, region, type, form, level and round table;
    financial totals per currency; pledges and fulfilments per month; fulfilment and overdue
    rates; the least-pledged objectives; who pledges with whom (joint pledges, the pledgers
    in the most of them). Filters narrow every figure. The answer carries an
    ETag; send it back in `If-None-Match` for a 304 while nothing has changed."""
    today = container.app.today()
    filtered = is_filtered(filters)
    # Unfiltered figures come from the dashboard view, which may lag the summaries.
    figures_position = 0 if filtered else (await positions.recent())[1]

    def compute() -> Dashboard:
        if filtered:
            figures = container.queries.counts(filters, today)
        else:
            figures = container.views.dashboard.dashboard(today)
        joint = container.queries.partnerships(filters, today)
        return Dashboard(**figures, partnerships=joint, position=position, filtered=filtered)

    key = (
        "api-dashboard",
        container.database.safe_description,
        position,
        figures_position,
        today,
        filters,
    )
    return await cached_json(request, response, key, compute)
