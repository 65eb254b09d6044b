"""Queries for matching: published pledges open for matching, and who matched what.

They read the pledge summaries (projections/summaries.py): a matching pledge's row holds the
kinds of support it seeks (`seeking`), the pledgers that matched it (`matcher_ids`) and the
pledges they matched it from (`match_pledge_ids`), all from its own events.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from psycopg import sql

from projections.listing import Filters
from projections.queries import SummaryQueries

LINK_COLUMNS = sql.SQL("pledge_id, reference, title, pledger_id, pledger_name")
OPEN_COLUMNS = sql.SQL(
    "pledge_id, reference, title, pledger_id, pledger_name, region, objectives, seeking,"
    " deadline, status"
)
MAX_OPEN = 200


def open_for_matching(
    queries: SummaryQueries,
    today: date,
    objective: list[int],
    region: list[str],
    support: list[str],
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Published, open matching pledges (every filter given; several values: any), newest
    first, and how many there are in all."""
    filters = Filters(objective=objective, region=region, type=["matching"])
    where, params = filters.where(today)
    where = sql.SQL("{} AND NOT status = ANY(%(final)s)").format(where)
    if support:
        where = sql.SQL("{} AND seeking && %(support)s::text[]").format(where)
        params["support"] = support
    table = sql.Identifier(queries.view.table)
    query = sql.SQL(
        "SELECT {} FROM {} WHERE {} ORDER BY submitted_at DESC, pledge_id"
        " LIMIT %(limit)s OFFSET %(offset)s"
    ).format(OPEN_COLUMNS, table, where)
    counting = sql.SQL("SELECT count(*) AS n FROM {} WHERE {}").format(table, where)
    page = {**params, "limit": min(limit, MAX_OPEN), "offset": offset}
    with queries.view.datastore.transaction(commit=False) as curs:
        rows = [dict(r) for r in curs.execute(query, page).fetchall()]
        total = curs.execute(counting, params).fetchone()
    return rows, int(total["n"]) if total else 0


def matched_from(queries: SummaryQueries, pledge_id: UUID) -> list[dict[str, Any]]:
    """The published pledges that `pledge_id` matches (accepted offers that named it)."""
    return _links(queries, sql.SQL("%(id)s = ANY(match_pledge_ids)"), pledge_id)


def matched_by(queries: SummaryQueries, pledger_id: UUID) -> list[dict[str, Any]]:
    """The pledges (any review state: for the pledger's own portal) it has matched."""
    return _links(queries, sql.SQL("%(id)s = ANY(matcher_ids)"), pledger_id, published=False)


def offered_by(queries: SummaryQueries, pledger_id: UUID) -> list[dict[str, Any]]:
    """The pledges (published: one cannot offer to another) the pledger offered support to."""
    return _links(queries, sql.SQL("%(id)s = ANY(offerer_ids)"), pledger_id)


def _links(
    queries: SummaryQueries, condition: sql.Composable, key: UUID, published: bool = True
) -> list[dict[str, Any]]:
    review = sql.SQL(" AND review = 'published'") if published else sql.SQL("")
    query = sql.SQL("SELECT {} FROM {} WHERE {}{} ORDER BY reference").format(
        LINK_COLUMNS, sql.Identifier(queries.view.table), condition, review
    )
    with queries.view.datastore.transaction(commit=False) as curs:
        return [dict(r) for r in curs.execute(query, {"id": key}).fetchall()]
