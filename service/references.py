"""Pledge numbers from a PostgreSQL sequence per year: unique and never reused, crash or not."""

from __future__ import annotations

from psycopg import sql
from psycopg_pool import ConnectionPool


class SequenceNumbers:
    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool
        self._known_years: set[int] = set()

    def next_number(self, year: int) -> int:
        if not 1900 <= year <= 2999:
            raise ValueError(f"year {year} is out of range")
        name = f"pledge_reference_{year}_seq"
        with self.pool.connection() as conn:
            if year not in self._known_years:
                conn.execute(
                    sql.SQL("CREATE SEQUENCE IF NOT EXISTS {}").format(sql.Identifier(name))
                )
                self._known_years.add(year)
            row = conn.execute("SELECT nextval(%s::regclass)", (name,)).fetchone()
        if row is None:
            raise RuntimeError(f"sequence {name} returned no value")
        return int(row[0])
