"""One page of the dashboard's list, without counting: the page already knows how many
pledges match (the figures' total), so it skips the count that GET /api/pledges runs."""

from __future__ import annotations

from datetime import date
from typing import Any

from projections import paging
from projections.listing import Filters
from projections.queries import Page, SummaryQueries, as_item


def page(
    queries: SummaryQueries,
    filters: Filters,
    today: date,
    sort: str,
    limit: int,
    cursor: str | None,
) -> Page:
    """As SummaryQueries.list, with total = -1 (not counted). Raises BadCursorError for a
    cursor that is not ours."""
    where, params = paging.after(*filters.where(today), sort, cursor)
    with queries.view.datastore.transaction(commit=False) as curs:
        query = paging.statement(queries.view.table, where, sort)
        rows = curs.execute(query, {**params, "limit": limit + 1}).fetchall()
    items: list[dict[str, Any]] = [as_item(dict(r), today) for r in rows[:limit]]
    return Page(items, paging.next_cursor(items, len(rows) > limit, sort), -1)
