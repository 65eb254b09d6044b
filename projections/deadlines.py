"""Deadlines: what the scheduler needs to find due pledges without scanning every pledge."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from psycopg import sql

from projections.base import PledgeRowProjection, PledgeRowView
from projections.columns import COLUMNS, OPTIONAL

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

    def ddl(self) -> list[Any]:
        return [
            *super().ddl(),
            self.index("open_deadline", "(deadline) WHERE final_status IS NULL"),
            self.index("open_report", "(last_report_on) WHERE final_status IS NULL"),
        ]

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
