"""Deadlines: what the scheduler needs to find due pledges without scanning every pledge."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

from psycopg import sql

from projections.base import PledgeRowView
from projections.columns import COLUMNS, OPTIONAL
from projections.projection import PledgeRowProjection

DUE_COLUMNS = [
    "pledge_id",
    "reference",
    "pledger_id",
    "pledger_name",
    "title",
    "language",
    "status",
    "deadline",
    "last_report_on",
    "pledged_on",
    "reminders",
]


class DeadlineView(PledgeRowView):
    base_table = "deadline_rows"
    columns: ClassVar[list[str]] = [c for c in COLUMNS if c not in OPTIONAL]

    def _select(self, condition: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        query = sql.SQL(
            "SELECT {} FROM {} WHERE final_status IS NULL AND {} ORDER BY deadline, reference"
        ).format(
            sql.SQL(", ").join(map(sql.Identifier, DUE_COLUMNS)),
            sql.Identifier(self.table),
            sql.SQL(condition),
        )
        with self.datastore.transaction(commit=False) as curs:
            return [dict(r) for r in curs.execute(query, params).fetchall()]

    def deadline_between(self, first: date, last: date) -> list[dict[str, Any]]:
        """Open pledges whose deadline falls on a day in [first, last]."""
        return self._select(
            "deadline BETWEEN %(first)s AND %(last)s", {"first": first, "last": last}
        )

    def deadline_before(self, day: date) -> list[dict[str, Any]]:
        """Open pledges whose deadline is before the day: overdue, maybe lapsing."""
        return self._select("deadline < %(day)s", {"day": day})

    def reports_older_than(self, day: date) -> list[dict[str, Any]]:
        """Pledges in progress whose last report is dated before the day."""
        return self._select("status = 'in_progress' AND last_report_on < %(day)s", {"day": day})


class Deadlines(PledgeRowProjection):
    name = "deadlines"


# Each query finds the pledges whose most recent reminder of a kind is due on or before
# `today` and not yet sent, computing that due date in SQL, so a day the worker missed is
# caught up by the next scan and the cost follows the due pledges, not all pledges.
APPROACHING = """
    SELECT {columns}, 'deadline_approaching' AS kind, deadline - offset_days AS due_on FROM (
        SELECT *, (SELECT min(d) FROM unnest(%(offsets)s::int[]) d
                   WHERE d >= deadline - %(today)s) AS offset_days
        FROM {table} WHERE final_status IS NULL
          AND deadline BETWEEN %(today)s AND %(today)s + %(max_offset)s) due
    WHERE offset_days IS NOT NULL
      AND NOT ('deadline_approaching:' || (deadline - offset_days)::text) = ANY(reminders)"""
OVERDUE = """
    SELECT {columns}, 'overdue' AS kind, due_on FROM (
        SELECT *, deadline + 1 + %(every)s * ((%(today)s - deadline - 1) / %(every)s) AS due_on
        FROM {table} WHERE final_status IS NULL
          AND deadline < %(today)s AND deadline >= %(today)s - %(grace)s) due
    WHERE NOT ('overdue:' || due_on::text) = ANY(reminders)"""
REPORT_DUE = """
    SELECT {columns}, 'report_due' AS kind, due_on FROM (
        SELECT *, last_report_on + %(report_days)s * ((%(today)s - last_report_on)
                  / %(report_days)s) AS due_on
        FROM {table} WHERE final_status IS NULL AND status = 'in_progress'
          AND last_report_on <= %(today)s - %(report_days)s) due
    WHERE NOT ('report_due:' || due_on::text) = ANY(reminders)"""
LAPSING = "SELECT {columns} FROM {table} WHERE final_status IS NULL AND deadline < %(cutoff)s"


def due_query(template: str, table: str) -> sql.Composed:
    return sql.SQL(template).format(
        columns=sql.SQL(", ").join(map(sql.Identifier, DUE_COLUMNS)), table=sql.Identifier(table)
    )


def due_reminders(
    view: DeadlineView, today: date, offsets: list[int], every: int, grace: int, report_days: int
) -> list[dict[str, Any]]:
    params = {
        "today": today,
        "offsets": offsets,
        "max_offset": max(offsets, default=0),
        "every": every,
        "grace": grace,
        "report_days": report_days,
    }
    templates = [OVERDUE, REPORT_DUE] + ([APPROACHING] if offsets else [])
    with view.datastore.transaction(commit=False) as curs:
        rows = []
        for template in templates:
            rows += [dict(r) for r in curs.execute(due_query(template, view.table), params)]
    return sorted(rows, key=lambda r: (r["reference"], r["kind"]))


def lapsing(view: DeadlineView, today: date, grace: int) -> list[dict[str, Any]]:
    """Open pledges whose deadline plus the grace period has passed."""
    cutoff = today - timedelta(days=grace)
    with view.datastore.transaction(commit=False) as curs:
        return [dict(r) for r in curs.execute(due_query(LAPSING, view.table), {"cutoff": cutoff})]
