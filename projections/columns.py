"""The columns of a pledge row, as PostgreSQL types, and how rows are read and written."""

from __future__ import annotations

import re
from typing import Any

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
OPTIONAL = frozenset({"description"})
ARRAYS = frozenset(c for c, kind in COLUMNS.items() if kind.split()[0].endswith("[]"))
QUOTED = re.compile(r'[{},"\\\s]|^$|^null$', re.IGNORECASE)


def array_literal(values: list[Any]) -> str:
    """An array in PostgreSQL's text form, which COPY parses in the server: psycopg's own
    array dumper, in Python, cost a rebuild more than the rest of its writing."""
    items = []
    for value in values:
        text = str(value)
        if QUOTED.search(text):
            text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        items.append(text)
    return "{" + ",".join(items) + "}"


def copy_row(row: Row, columns: list[str]) -> list[Any]:
    """A row's values for COPY, arrays as their text form."""
    return [
        (array_literal(row[c]) if c in ARRAYS and row[c] is not None else row.get(c))
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


def upsert(table: str, columns: list[str]) -> sql.Composed:
    names = sql.SQL(", ").join(map(sql.Identifier, columns))
    values = sql.SQL(", ").join(sql.Placeholder(c) for c in columns)
    updates = sql.SQL(", ").join(
        sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in columns[1:]
    )
    return sql.SQL(
        "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT (pledge_id) DO UPDATE SET {}"
    ).format(sql.Identifier(table), names, values, updates)


def select_row(table: str, columns: list[str]) -> sql.Composed:
    return sql.SQL("SELECT {} FROM {} WHERE pledge_id = %s FOR UPDATE").format(
        sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)
    )


def params(row: Row, columns: list[str]) -> dict[str, Any]:
    return {c: row.get(c) for c in columns}


def staging(table: str, columns: list[str]) -> tuple[str, str, str]:
    """Writing many rows at once: a session's temporary table emptied at each commit, COPY
    into it, and one INSERT ... ON CONFLICT from it. For a rebuild's batches of thousands
    of rows this is several times faster than a statement per row."""
    stage = sql.Identifier(f"{table}_staging")
    names = sql.SQL(", ").join(map(sql.Identifier, columns))
    updates = sql.SQL(", ").join(
        sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in columns[1:]
    )
    create = sql.SQL(
        "CREATE TEMPORARY TABLE IF NOT EXISTS {} (LIKE {}) ON COMMIT DELETE ROWS"
    ).format(stage, sql.Identifier(table))
    copy = sql.SQL("COPY {} ({}) FROM STDIN").format(stage, names)
    merge = sql.SQL(
        "INSERT INTO {} ({}) SELECT {} FROM {} ON CONFLICT (pledge_id) DO UPDATE SET {}"
    ).format(sql.Identifier(table), names, names, stage, updates)
    return create.as_string(), copy.as_string(), merge.as_string()
