"""The feeds' queries on the pledge summaries (the list's read model): no table of their own.

The feed of new pledges and the feed of fulfilled pledges are pages of the list itself
(`SummaryQueries.list`: the same filters, the same public pledges); the feed of progress
reports needs the pledges most recently reported on, which the list cannot sort by, so it
is asked here with the list's own filter clause.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from psycopg import sql

from projections.listing import ITEM_COLUMNS, Filters
from projections.queries import Page, SummaryQueries, as_item

FULFILLED = "fulfilled"


class FeedQueries:
    def __init__(self, queries: SummaryQueries) -> None:
        self.queries = queries

    def pledges(self, filters: Filters, today: date, limit: int) -> list[dict[str, Any]]:
        """The newest pledges first, as the list gives them."""
        return self.queries.list(filters, today, "-submitted_at", limit, count=False).items

    def fulfilled(self, filters: Filters, today: date, limit: int) -> list[dict[str, Any]]:
        """Fulfilled pledges, the most recently recorded first: nothing follows a fulfilment,
        so a fulfilled pledge's last change is its fulfilment."""
        if filters.status and FULFILLED not in filters.status:
            return []  # a status filter that leaves fulfilled pledges out: none to show
        only = replace(filters, status=[FULFILLED])
        page: Page = self.queries.list(only, today, "-updated_at", limit, count=False)
        return page.items

    def reported(self, filters: Filters, today: date, limit: int) -> list[dict[str, Any]]:
        """Pledges with a progress report, the latest report's date first."""
        view = self.queries.view
        where, params = filters.where(today)
        query = sql.SQL(
            "SELECT {} FROM {} WHERE {} AND reports > 0"
            " ORDER BY last_report_on DESC, updated_at DESC, pledge_id DESC LIMIT %(limit)s"
        ).format(
            sql.SQL(", ").join(map(sql.Identifier, ITEM_COLUMNS)),
            sql.Identifier(view.table),
            where,
        )
        with view.datastore.transaction(commit=False) as curs:
            rows = curs.execute(query, {**params, "limit": limit}).fetchall()
        return [as_item(dict(r), today) for r in rows]
