"""The columns of a pledge row, and how rows are read and written (the tables and their types:
infrastructure/migrations)."""

from __future__ import annotations

import msgspec
from psycopg import sql

from projections.state import Row

COLUMNS: tuple[str, ...] = (
    "pledge_id",
    "reference",
    "pledger_id",
    "pledger_name",
    "category",
    "title",
    "description",
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
    "amount_text",  # an amount numeric cannot hold, as stored (projections/bounded.py)
    "currency",
    "gcr_mirror",
    "target_count",
    "pledged_on",
    "deadline",
    "submitted_at",
    "final_status",
    "status",
    "percent_complete",
    "last_report_on",
    "reports",
    "matches",
    "partners",
    "partner_ids",
    "matched_amount",
    "fulfilled_on",
    "closed_on",
    "reminders",
    "seeking",  # the kinds of support a matching pledge seeks
    "match_pledge_ids",  # the pledges that matched it through accepted offers
    "matcher_ids",  # the pledgers that matched it
    "offerer_ids",  # the pledgers that offered it support
    "review",  # pending, returned, published: public reads show published rows only
    "details",  # targets, partners, matches, latest report (projections/details.py)
    "version",
    "updated_at",
    "last_effective_on",  # the latest day an event took effect (domain/effective.py)
)

# Columns a view may leave out; every other column is needed to apply events.
OPTIONAL = frozenset(
    {
        "description",
        "amount_text",
        "last_effective_on",
        "details",
        "seeking",
        "match_pledge_ids",
        "matcher_ids",
        "offerer_ids",
    }
)
ROWS_JSON = msgspec.json.Encoder()


def rows_json(rows: list[Row]) -> str:
    """Rows as one JSON document, encoded in C; the server turns it back into rows
    (`json_populate_recordset`, keys it has no column for ignored). COPY took as much CPU
    in all, but spent it formatting rows in Python, holding the interpreter that a
    rebuild's reading and applying wait for (bench/README.md)."""
    return ROWS_JSON.encode(rows).decode()


def write_json(table: str, columns: list[str], replace: bool) -> sql.Composed:
    """Rows given as JSON (`rows_json`) written by one statement; `replace`: rows the
    table may hold already are replaced."""
    names = sql.SQL(", ").join(map(sql.Identifier, columns))
    updates = sql.SQL(", ").join(
        sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in columns[1:]
    )
    conflict = sql.SQL(" ON CONFLICT (pledge_id) DO UPDATE SET {}").format(updates)
    return sql.SQL(
        "INSERT INTO {table} ({names}) SELECT {names}"
        " FROM json_populate_recordset(NULL::{table}, %s::json){conflict}"
    ).format(
        table=sql.Identifier(table),
        names=names,
        conflict=conflict if replace else sql.SQL(""),
    )
