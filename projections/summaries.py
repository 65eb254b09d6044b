"""Pledge summaries: one row per pledge with every filterable field, and full-text search."""

from __future__ import annotations

from typing import Any, ClassVar

from projections.base import PledgeRowProjection, PledgeRowView
from projections.columns import COLUMNS

SEARCH = (
    ", search tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(reference, '')"
    " || ' ' || coalesce(title, '') || ' ' || coalesce(pledger_name, '') || ' '"
    " || coalesce(description, ''))) STORED"
)


class PledgeSummaryView(PledgeRowView):
    base_table = "pledge_summaries"
    columns: ClassVar[list[str]] = list(COLUMNS)

    def ddl(self) -> list[Any]:
        from projections.columns import create_table

        statements = super().ddl()
        statements[0] = create_table(self.table, self.columns, SEARCH)
        for name in (
            "status",
            "category",
            "region",
            "type",
            "deadline",
            "submitted_at",
            "updated_at",
            "pledged_on",
            "percent_complete",
            "title",
        ):
            statements.append(self.index(name, f"({name}, pledge_id)"))
        for name in (
            "objectives",
            "forms",
            "countries",
            "levels",
            "round_tables",
            "partner_ids",
            "search",
        ):
            statements.append(self.index(name, f"({name})", using="gin"))
        statements.append(self.index("reference", "(upper(reference))"))
        return statements


class PledgeSummaries(PledgeRowProjection):
    name = "pledge_summaries"
