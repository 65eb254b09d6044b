"""The columns of a pledge row, as PostgreSQL types, and how rows are read and written."""

from __future__ import annotations

import msgspec
from psycopg import sql

from projections.state import Row

COLUMNS: dict[str, str] = {
    "pledge_id": "uuid PRIMARY KEY",
    "reference": "text NOT NULL",
    "pledger_id": "uuid NOT NULL",
    "pledger_name": "text",
    "category": "text",
    "title": "text NOT NULL",
    "description": "text",
    "type": "text NOT NULL",
    "forms": "text[] NOT NULL",
    "objectives": "int[] NOT NULL",
    "round_tables": "int[] NOT NULL",
    "principles": "text[] NOT NULL",
    "levels": "text[] NOT NULL",
    "countries": "text[] NOT NULL",
    "region": "text NOT NULL",
    "language": "text NOT NULL",
    "amount": "numeric",
    "amount_text": "text",  # an amount numeric cannot hold, as stored (projections/bounded.py)
    "currency": "text",
    "gcr_mirror": "boolean NOT NULL",
    "target_count": "int NOT NULL",
    "pledged_on": "date NOT NULL",
    "deadline": "date NOT NULL",
    "submitted_at": "timestamptz NOT NULL",
    "final_status": "text",
    "status": "text NOT NULL",
    "percent_complete": "int NOT NULL",
    "last_report_on": "date",
    "reports": "int NOT NULL",
    "matches": "int NOT NULL",
    "partners": "int NOT NULL",
    "partner_ids": "uuid[] NOT NULL",
    "matched_amount": "numeric NOT NULL",
    "fulfilled_on": "date",
    "closed_on": "date",
    "reminders": "text[] NOT NULL",
    "version": "int NOT NULL",
    "updated_at": "timestamptz NOT NULL",
}

# Columns a view may leave out; every other column is needed to apply events.
OPTIONAL = frozenset({"description", "amount_text"})
ROWS_JSON = msgspec.json.Encoder()


def rows_json(rows: list[Row]) -> str:
    """Rows as one JSON document, encoded in C; the server turns it back into rows
    (`json_populate_recordset`, keys it has no column for ignored). COPY took as much CPU
    in all, but spent it formatting rows in Python, holding the interpreter that a
    rebuild's reading and applying wait for (bench/README.md)."""
    return ROWS_JSON.encode(rows).decode()


def add_columns(table: str, columns: list[str]) -> list[sql.Composed]:
    """Columns added since the table was first made: a rebuild is not needed for them."""
    return [
        sql.SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} {}").format(
            sql.Identifier(table), sql.Identifier(c), sql.SQL(COLUMNS[c])
        )
        for c in columns
    ]


def create_table(table: str, columns: list[str], extra: str = "") -> sql.Composed:
    body = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(COLUMNS[c])) for c in columns
    )
    return sql.SQL("CREATE TABLE IF NOT EXISTS {} ({}{})").format(
        sql.Identifier(table),
        body,
        sql.SQL(extra),
    )


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
