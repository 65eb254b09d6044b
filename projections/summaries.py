"""Pledge summaries: one row per pledge with every filterable field, and full-text search."""

from __future__ import annotations

from typing import Any, ClassVar

from psycopg import Cursor, sql
from psycopg.rows import DictRow

from projections.base import PledgeRowView
from projections.columns import COLUMNS
from projections.projection import PledgeRowProjection
from projections.state import Row

# Text search lives in its own table, written only when the words change (submission,
# amendment, a pledger's new name): a progress report then leaves its hundreds of
# full-text index entries alone (bench/README.md: the lag tail at 200 commands/s).
WORDS = ("reference", "title", "pledger_name", "description")
SEARCH_VECTOR = (
    "to_tsvector('english', coalesce(t.reference, '') || ' ' || coalesce(t.title, '') || ' '"
    " || coalesce(t.pledger_name, '') || ' ' || coalesce(t.description, ''))"
)


class PledgeSummaryView(PledgeRowView):
    base_table = "pledge_summaries"
    columns: ClassVar[list[str]] = list(COLUMNS)

    @property
    def search_table(self) -> str:
        return f"{self.base_table}_words{self.suffix}"

    def tables(self) -> list[str]:
        return [*super().tables(), self.search_table]

    def rows_changed(
        self, curs: Cursor[DictRow], before: list[Row | None], after: list[Row]
    ) -> None:
        changed = [
            new
            for old, new in zip(before, after, strict=True)
            if old is None or any(old[w] != new[w] for w in WORDS)
        ]
        if changed:
            curs.execute(
                sql.SQL(
                    "INSERT INTO {} (pledge_id, search) SELECT t.pledge_id, {} FROM unnest("
                    "%s::uuid[], %s::text[], %s::text[], %s::text[], %s::text[]) AS"
                    " t(pledge_id, reference, title, pledger_name, description)"
                    " ON CONFLICT (pledge_id) DO UPDATE SET search = EXCLUDED.search"
                ).format(sql.Identifier(self.search_table), sql.SQL(SEARCH_VECTOR)),
                [[r["pledge_id"] for r in changed], *([r[w] for r in changed] for w in WORDS)],
            )

    def ddl(self) -> list[Any]:
        statements = super().ddl()
        search = sql.Identifier(self.search_table)
        statements.append(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {}"
                " (pledge_id uuid PRIMARY KEY, search tsvector NOT NULL)"
            ).format(search)
        )
        statements.append(migrate_search_column(self.table, self.search_table))
        statements.append(
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} USING gin (search)").format(
                sql.Identifier(f"{self.search_table}_gin"), search
            )
        )
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
        ):
            statements.append(self.index(name, f"({name})", using="gin"))
        statements.append(self.index("reference", "(upper(reference))"))
        return statements


class PledgeSummaries(PledgeRowProjection):
    name = "pledge_summaries"


def migrate_search_column(table: str, search_table: str) -> sql.Composed:
    """Tables made before the search table had a generated `search` column: move it over."""
    return sql.SQL(
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns WHERE"
        " table_schema = current_schema() AND table_name = {} AND column_name = 'search') THEN"
        " INSERT INTO {} (pledge_id, search) SELECT pledge_id, search FROM {}"
        " ON CONFLICT (pledge_id) DO NOTHING; ALTER TABLE {} DROP COLUMN search; END IF; END $$"
    ).format(
        sql.Literal(table),
        sql.Identifier(search_table),
        sql.Identifier(table),
        sql.Identifier(table),
    )
