"""What a database's schema is, as the catalog says, to compare two databases: columns (by
name, not position), constraints, indexes, storage options, composite types, functions,
triggers and sequences."""

from __future__ import annotations

from typing import Any

import psycopg

QUERIES = {
    "columns": """SELECT table_name, column_name, data_type, udt_name, is_nullable,
        column_default FROM information_schema.columns WHERE table_schema = 'public'""",
    "constraints": """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid <> 0""",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "options": """SELECT relname, reloptions FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'""",
    "types": """SELECT t.typname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod)
        FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
        WHERE c.relkind = 'c' AND t.typnamespace = 'public'::regnamespace""",
    "functions": """SELECT proname, pg_get_functiondef(oid) FROM pg_proc
        WHERE pronamespace = 'public'::regnamespace""",
    "triggers": "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal",
    # Pledge reference sequences are numbers made per year, not a shape of the schema.
    "sequences": """SELECT sequencename, data_type, start_value, increment_by FROM pg_sequences
        WHERE schemaname = 'public' AND sequencename NOT LIKE 'pledge\\_reference\\_%'""",
}
TABLE_OF = {"columns": 0, "constraints": 0, "indexes": 0, "options": 0}


def schema_of(conninfo: str, tables: set[str] | None = None) -> dict[str, set[tuple[Any, ...]]]:
    """Each part of the schema as a set of catalog rows; `tables`: only those tables' rows
    (types, functions, triggers and sequences are then left out)."""
    found: dict[str, set[tuple[Any, ...]]] = {}
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for part, query in QUERIES.items():
            if tables is not None and part not in TABLE_OF:
                continue
            rows = {
                tuple(tuple(v) if isinstance(v, list) else v for v in r)  # reloptions
                for r in conn.execute(query.encode()).fetchall()
            }
            if tables is not None:
                rows = {r for r in rows if r[TABLE_OF[part]] in tables}
            found[part] = rows
    return found


def differences(
    one: dict[str, set[tuple[Any, ...]]], other: dict[str, set[tuple[Any, ...]]]
) -> dict[str, tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]]:
    """Per part, the rows only the first has and those only the second has."""
    return {
        part: (one[part] - other[part], other[part] - one[part])
        for part in one
        if one[part] != other[part]
    }
