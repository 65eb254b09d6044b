"""Queries on pledge summaries: filters, sorting, cursor pagination and text search."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from psycopg import sql

FINAL = ["fulfilled", "lapsed", "withdrawn"]
PUBLISHED = ["published"]
REVIEW_STATES = ["pending", "returned", "published"]
SORTS: dict[str, str] = {  # key -> PostgreSQL type, for decoding cursors (paging.py)
    "submitted_at": "timestamptz",
    "updated_at": "timestamptz",
    "deadline": "date",
    "pledged_on": "date",
    "last_effective_on": "date",
    "title": "text",
    "percent_complete": "int",
    "reference": "text",
}
ITEM_COLUMNS = [
    "pledge_id",
    "reference",
    "title",
    "status",
    "pledger_id",
    "pledger_name",
    "category",
    "type",
    "forms",
    "objectives",
    "round_tables",
    "principles",
    "levels",
    "countries",
    "region",
    "language",
    "amount",
    "amount_text",
    "currency",
    "gcr_mirror",
    "pledged_on",
    "deadline",
    "percent_complete",
    "last_report_on",
    "reports",
    "matches",
    "partners",
    "fulfilled_on",
    "version",
    "updated_at",
    "submitted_at",
    "review",
    "last_effective_on",
]


@dataclass
class Filters:
    status: list[str] = field(default_factory=list)
    objective: list[int] = field(default_factory=list)
    category: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    form: list[str] = field(default_factory=list)
    level: list[str] = field(default_factory=list)
    round_table: list[int] = field(default_factory=list)
    pledger: str | None = None
    overdue: bool | None = None
    q: str | None = None
    # Every read is public unless its caller says otherwise: only published pledges. The
    # Secretariat's reads and a pledger's own portal ask for other states (an empty list:
    # every state), so a new public read needs nothing to leave unpublished pledges out.
    review: list[str] = field(default_factory=lambda: list(PUBLISHED))

    def where(self, today: date) -> tuple[sql.Composable, dict[str, Any]]:
        parts: list[sql.Composable] = [sql.SQL("TRUE")]
        params: dict[str, Any] = {"today": today, "final": FINAL}
        if len(self.review) == 1:  # the public's: an equality, which an index orders by
            parts.append(sql.SQL("review = %(review)s"))
            params["review"] = self.review[0]
        elif self.review:
            parts.append(sql.SQL("review = ANY(%(review)s)"))
            params["review"] = self.review
        for name in ("status", "category", "region", "type"):
            if getattr(self, name):
                parts.append(
                    sql.SQL("{} = ANY(%({})s)").format(sql.Identifier(name), sql.SQL(name))
                )
                params[name] = getattr(self, name)
        arrays = {
            "objective": ("objectives", "int[]"),
            "country": ("countries", "text[]"),
            "form": ("forms", "text[]"),
            "level": ("levels", "text[]"),
            "round_table": ("round_tables", "int[]"),
        }
        for name, (column, kind) in arrays.items():
            if getattr(self, name):
                parts.append(
                    sql.SQL("{} && %({})s::{}").format(
                        sql.Identifier(column), sql.SQL(name), sql.SQL(kind)
                    )
                )
                params[name] = getattr(self, name)
        if self.pledger:
            parts.append(sql.SQL("(pledger_id = %(pledger)s OR %(pledger)s = ANY(partner_ids))"))
            params["pledger"] = self.pledger
        if self.overdue is not None:
            overdue = sql.SQL("(deadline < %(today)s AND NOT status = ANY(%(final)s))")
            parts.append(overdue if self.overdue else sql.SQL("NOT ") + overdue)
        if self.q:
            parts.append(
                sql.SQL(
                    "(pledge_id IN (SELECT pledge_id FROM pledge_summaries_words"
                    " WHERE search @@ websearch_to_tsquery('english', %(q)s))"
                    " OR upper(reference) = upper(%(q)s))"
                )
            )
            params["q"] = self.q
        return sql.SQL(" AND ").join(parts), params
