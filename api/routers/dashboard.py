"""GET /api/dashboard: aggregates from the dashboard projection (or, filtered, the summaries)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ContainerDep
from api.routers.filters import FiltersDep, PositionDep, is_filtered
from api.schemas.listing import Dashboard

router = APIRouter(prefix="/api", tags=["dashboard"])


@router.get("/dashboard", response_model=Dashboard)
def dashboard(container: ContainerDep, filters: FiltersDep, position: PositionDep) -> Dashboard:
    """Counts by objective, status, category, region, type, form, level and round table;
    financial totals per currency; pledges and fulfilments per month; fulfilment and overdue
    rates; the least-pledged objectives. Filters narrow every figure."""
    today = container.app.today()
    if is_filtered(filters):
        figures = container.queries.counts(filters, today)
    else:
        figures = container.views.dashboard.dashboard(today)
    return Dashboard(**figures, position=position, filtered=is_filtered(filters))
