"""One page of the dashboard's list, without counting: the page already knows how many
pledges match (the figures' total), so it skips the count that GET /api/pledges runs."""

from __future__ import annotations

from datetime import date
from typing import Any

from psycopg import sql

from projections.listing import ITEM_COLUMNS, SORTS, Filters, decode_cursor, encode_cursor
from projections.queries import Page, SummaryQueries, as_item


def page(
    queries: SummaryQueries,
    filters: Filters,
    today: date,
    sort: str,
    limit: int,
    cursor: str | None,
) -> Page:
    """As SummaryQueries.list, with total = -1 (not counted). Raises ValueError for a bad cursor."""
    where, params = filters.where(today)
    key, descending = sort.lstrip("-"), sort.startswith("-")
    if key not in SORTS:
        raise ValueError(f"cannot sort by {key!r}")
    if cursor:
        c_sort, c_value, c_id = decode_cursor(cursor)
        if c_sort != sort:
            raise ValueError("the cursor belongs to another sort order")
        where = sql.SQL("{} AND ({}, pledge_id) {} (%(c_value)s::{}, %(c_id)s::uuid)").format(
            where, sql.Identifier(key), sql.SQL("<" if descending else ">"), sql.SQL(SORTS[key])
        )
        params = {**params, "c_value": c_value, "c_id": c_id}
    direction = sql.SQL("DESC" if descending else "ASC")
    query = sql.SQL(
        "SELECT {} FROM {} WHERE {} ORDER BY {} {}, pledge_id {} LIMIT %(limit)s"
    ).format(
        sql.SQL(", ").join(map(sql.Identifier, ITEM_COLUMNS)),
        sql.Identifier(queries.view.table),
        where,
        sql.Identifier(key),
        direction,
        direction,
    )
    with queries.view.datastore.transaction(commit=False) as curs:
        rows = curs.execute(query, {**params, "limit": limit + 1}).fetchall()
    items: list[dict[str, Any]] = [as_item(dict(r), today) for r in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor(sort, items[-1][key], items[-1]["pledge_id"])
    return Page(items, next_cursor, -1)
