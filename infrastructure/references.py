"""Pledge numbers from a PostgreSQL sequence per year: unique and never reused, crash or not."""

from __future__ import annotations

import contextlib
import threading

import psycopg
from psycopg import sql


class SequenceNumbers:
    """One connection of its own, kept open with a prepared statement: checking a
    connection out of a pool and opening a cursor cost more than `nextval` itself, and a
    submission waits for its number (bench/README.md). Callers take turns; `nextval` does
    not wait for other transactions, so a turn lasts one round trip."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self._lock = threading.Lock()
        self._conn: psycopg.Connection[tuple[int]] | None = None
        self._curs: psycopg.Cursor[tuple[int]] | None = None
        self._known_years: set[int] = set()

    def next_number(self, year: int) -> int:
        if not 1900 <= year <= 2999:
            raise ValueError(f"year {year} is out of range")
        with self._lock:
            try:
                return self._next(year)
            except psycopg.OperationalError:
                # The server restarted or the connection broke: a new one, once. A number
                # the broken one took is lost, never given twice.
                self._close()
                return self._next(year)

    def reserve(self, year: int, number: int) -> None:
        """Numbers up to `number` are never handed out: an import kept such references."""
        if not 1900 <= year <= 2999:
            raise ValueError(f"year {year} is out of range")
        with self._lock:
            curs, name = self._sequence(year)
            # Only ever forward. A number a concurrent nextval takes in between could be
            # handed out again; its pledge's reference index would then refuse the save.
            query = sql.SQL("SELECT setval(%s::regclass, %s) FROM {} WHERE last_value < %s")
            curs.execute(query.format(sql.Identifier(name)), (name, number, number))

    def _sequence(self, year: int) -> tuple[psycopg.Cursor[tuple[int]], str]:
        name = f"pledge_reference_{year}_seq"
        if self._curs is None or self._curs.closed:
            self._conn = psycopg.connect(self.conninfo, autocommit=True)
            self._curs = self._conn.cursor()
        curs = self._curs
        if year not in self._known_years:
            # A year's first number makes its sequence. IF NOT EXISTS is no guard against
            # another process making it at the same moment: then the catalog refuses the
            # second (either error), and the sequence is there all the same.
            with contextlib.suppress(psycopg.errors.UniqueViolation, psycopg.errors.DuplicateTable):
                create = sql.SQL("CREATE SEQUENCE IF NOT EXISTS {}").format(sql.Identifier(name))
                curs.execute(create)
            self._known_years.add(year)
        return curs, name

    def _next(self, year: int) -> int:
        curs, name = self._sequence(year)
        row = curs.execute("SELECT nextval(%s::regclass)", (name,), prepare=True).fetchone()
        if row is None:
            raise RuntimeError(f"sequence {name} returned no value")
        return int(row[0])

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = self._curs = None

    def close(self) -> None:
        with self._lock:
            self._close()
