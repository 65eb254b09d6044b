"""A rebuild's new tables, made from the live ones: the migrated schema is the one source of
every read-model table's columns, constraints and indexes, so a rebuilt table is the table
it replaces (infrastructure/migrations makes them; nothing here names a column type)."""

from __future__ import annotations

from psycopg import Cursor, sql
from psycopg.rows import DictRow

INDEXES = """SELECT c.relname AS name, i.indisunique AS is_unique,
        pg_get_indexdef(i.indexrelid) AS definition, pg_get_constraintdef(k.oid) AS constraint
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid
    WHERE i.indrelid = %s::regclass ORDER BY c.relname"""


def shadow_index(index: str, live: str, shadow: str) -> str:
    """`pledge_summaries_status` of `pledge_summaries` -> `pledge_summaries_rebuild_status`:
    the swap gives it its name back (projections/rebuild.py)."""
    if not index.startswith(live):
        raise ValueError(f"index {index} of {live} must be named after its table")
    return shadow + index[len(live) :]


def copy_tables(
    curs: Cursor[DictRow], tables: list[tuple[str, str]], eager: set[str]
) -> list[sql.Composed]:
    """Make each shadow table like its live one, with its constraints (an upsert needs them)
    and the live indexes named in `eager`; returns the other indexes, for the rebuild to make
    once its tables are filled: one sort per index instead of upkeep on every write."""
    deferred = []
    for live, shadow in tables:
        curs.execute(
            sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING ALL EXCLUDING INDEXES)").format(
                sql.Identifier(shadow), sql.Identifier(live)
            )
        )
        for index in curs.execute(INDEXES, (live,)).fetchall():
            name = sql.Identifier(shadow_index(index["name"], live, shadow))
            if index["constraint"] is not None:
                curs.execute(
                    sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                        sql.Identifier(shadow), name, sql.SQL(index["constraint"])
                    )
                )
                continue
            # The catalog's own text after USING: method, keys and any WHERE.
            method_and_keys = index["definition"].split(" USING ", 1)[1]
            statement = sql.SQL("CREATE {}INDEX {} ON {} USING {}").format(
                sql.SQL("UNIQUE " if index["is_unique"] else ""),
                name,
                sql.Identifier(shadow),
                sql.SQL(method_and_keys),
            )
            if index["name"] in eager:
                curs.execute(statement)
            else:
                deferred.append(statement)
    return deferred
