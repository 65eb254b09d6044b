"""Reading pledge summaries for the list, the exports and the filtered dashboard."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from psycopg import sql

from projections import paging
from projections.listing import FINAL, ITEM_COLUMNS, Filters
from projections.partnerships import partnerships
from projections.registry import APPLICATION
from projections.summaries import PledgeSummaryView

# The consolidated report: its columns, and the column each grouping reads.
REPORT_COLUMNS = [
    "reference",
    "title",
    "pledger_name",
    "category",
    "type",
    "status",
    "deadline",
    "percent_complete",
    "final_status",
]
REPORT_GROUPS = {"objective": "objectives", "round_table": "round_tables"}
# What the exports and the consolidated document read besides the list's columns.
DETAILED = ("description", "details")
Rows = list[dict[str, Any]]  # named here: inside SummaryQueries, `list` is its method


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None
    total: int


def as_item(row: dict[str, Any], today: date) -> dict[str, Any]:
    item = dict(row)
    item["overdue"] = row["deadline"] < today and row["status"] not in FINAL
    # An amount numeric cannot hold is listed as stored, as text (projections/bounded.py).
    shown = item.pop("amount_text", None)
    if item["amount"] is None and shown is not None:
        item["amount"] = shown
    return item


class SummaryQueries:
    def __init__(self, view: PledgeSummaryView) -> None:
        self.view = view

    def position(self) -> int:
        return self.view.max_tracking_id(APPLICATION) or 0

    def wait_for(self, position: int, timeout: float) -> bool:
        """Until the summaries include the event at `position`, or the timeout passes."""
        deadline, pause = time.monotonic() + timeout, 0.005
        while self.position() < position:
            if time.monotonic() >= deadline:
                return False
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
        return True

    def list(
        self,
        filters: Filters,
        today: date,
        sort: str = "-pledged_on",
        limit: int = 20,
        cursor: str | None = None,
        count: bool = True,
        detailed: bool = False,
    ) -> Page:
        """Raises ValueError for an unknown sort, BadCursorError for a cursor not ours.
        Without `count`, total is -1: the dashboard page knows it from its figures already.
        `detailed`: each item also has its description and details (projections/details.py)."""
        where, params = filters.where(today)
        page_where, page_params = paging.after(where, params, sort, cursor)
        extra = DETAILED if detailed else ()
        query = paging.statement(self.view.table, page_where, sort, extra)
        counting = sql.SQL("SELECT count(*) AS n FROM {} WHERE {}").format(
            sql.Identifier(self.view.table), where
        )
        with self.view.datastore.transaction(commit=False) as curs:
            rows = curs.execute(query, {**page_params, "limit": limit + 1}).fetchall()
            total_row = curs.execute(counting, params).fetchone() if count else {"n": -1}
        items = [as_item(dict(r), today) for r in rows[:limit]]
        next_cursor = paging.next_cursor(items, len(rows) > limit, sort)
        return Page(items, next_cursor, int(total_row["n"]) if total_row else 0)

    def in_group(self, filters: Filters, today: date, group: str, key: int) -> Rows:
        """The consolidated report's rows of one group (`objectives` or `round_tables` holds
        `key`) among the pledges that match, in reference order."""
        where, params = filters.where(today)
        query = sql.SQL(
            "SELECT {} FROM {} WHERE {} AND %(group_key)s = ANY({}) ORDER BY reference"
        ).format(
            sql.SQL(", ").join(map(sql.Identifier, REPORT_COLUMNS)),
            sql.Identifier(self.view.table),
            where,
            sql.Identifier(REPORT_GROUPS[group]),
        )
        with self.view.datastore.transaction(commit=False) as curs:
            found = curs.execute(query, {**params, "group_key": key}).fetchall()
        rows = [dict(row) for row in found]
        for row in rows:
            row["overdue"] = row["final_status"] is None and row["deadline"] < today
        return rows

    def pledgers(self) -> Rows:
        """Every pledger the summaries know (public organisation data), by name."""
        query = sql.SQL(
            "SELECT pledger_id, name, category, country, gcm_champion FROM {} ORDER BY name"
        ).format(sql.Identifier(self.view.pledgers_table))
        with self.view.datastore.transaction(commit=False) as curs:
            return [dict(r) for r in curs.execute(query).fetchall()]

    def pledger_names(self, ids: set[str]) -> dict[str, str]:
        """Names of pledgers by id (public organisation data): partners' and matchers'."""
        query = sql.SQL("SELECT pledger_id, name FROM {} WHERE pledger_id = ANY(%s::uuid[])")
        with self.view.datastore.transaction(commit=False) as curs:
            found = curs.execute(
                query.format(sql.Identifier(self.view.pledgers_table)), (sorted(ids),)
            ).fetchall()
        return {str(r["pledger_id"]): r["name"] for r in found}

    def partnerships(self, filters: Filters, today: date) -> dict[str, Any]:
        """Who pledges with whom, over the pledges the filters select (projections/
        partnerships.py)."""
        where, params = filters.where(today)
        with self.view.datastore.transaction(commit=False) as curs:
            return partnerships(curs, self.view.table, self.view.pledgers_table, where, params)

    def search_pledgers(self, q: str, limit: int = 20) -> Rows:
        """Registered pledgers whose name contains `q` (organisation data only), by name."""
        q = q.replace("\x00", "")  # PostgreSQL text holds no NUL: a name never has one
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = sql.SQL(
            "SELECT pledger_id AS id, name, category, country FROM {}"
            " WHERE name ILIKE %s ORDER BY name LIMIT %s"
        ).format(sql.Identifier(self.view.pledgers_table))
        with self.view.datastore.transaction(commit=False) as curs:
            return [dict(r) for r in curs.execute(query, (pattern, limit)).fetchall()]

    def get(self, pledge_id: Any, today: date) -> dict[str, Any] | None:
        query = sql.SQL("SELECT {} FROM {} WHERE pledge_id = %s").format(
            sql.SQL(", ").join(map(sql.Identifier, [*ITEM_COLUMNS, "description"])),
            sql.Identifier(self.view.table),
        )
        with self.view.datastore.transaction(commit=False) as curs:
            row = curs.execute(query, (pledge_id,)).fetchone()
        return as_item(dict(row), today) if row else None

    def all(
        self, filters: Filters, today: date, batch: int = 2000, detailed: bool = False
    ) -> Iterator[dict[str, Any]]:
        """Every matching pledge, in reference order, for exports (streamed in batches);
        `detailed` as for `list`."""
        cursor: str | None = None
        while True:
            page = self.list(
                filters, today, "reference", batch, cursor, count=False, detailed=detailed
            )
            yield from page.items
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def counts(self, filters: Filters, today: date) -> dict[str, Any]:
        """The dashboard's figures over the pledges that match the filters."""
        from projections.aggregates import counts_query

        where, params = filters.where(today)
        with self.view.datastore.transaction(commit=False) as curs:
            return counts_query(curs, self.view.table, self.view.pledgers_table, where, params)
