"""The schema: numbered SQL files in this folder, each applied once, in order.

`migrate` runs at every start (and alone as `pledges db migrate`). It holds a PostgreSQL
advisory lock while it looks and applies, so of processes that start together the first
migrates and the others wait, then find nothing left to do; the lock goes with the
connection, so a process killed half-way leaves no stale lock. Each migration runs in a
transaction of its own and is recorded in `schema_migrations` with a checksum of its text:
a database whose applied migrations differ from these files (an edited migration, or one
from newer code) is refused with a message that says which.

A new table or column is a new file, `NNNN_what.sql`, numbered after the last; an applied
migration is never edited.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psycopg

log = logging.getLogger(__name__)
FOLDER = Path(__file__).parent
NAME = re.compile(r"(\d{4})_(\w+)\.sql")
LOCK_KEY = 7_262_001  # the advisory lock every process takes to look at the schema
TABLE = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())"""


class SchemaError(Exception):
    """The database's schema is not one this code can bring up to date."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        # Line endings as git may check them out, so a Windows clone is the same migration.
        return hashlib.sha256(self.sql.replace("\r\n", "\n").encode()).hexdigest()


@dataclass(frozen=True)
class Applied:
    version: int
    name: str
    checksum: str
    applied_at: datetime


@dataclass(frozen=True)
class SchemaStatus:
    applied: list[Applied]
    pending: list[Migration]

    @property
    def version(self) -> int:
        return max((a.version for a in self.applied), default=0)


def available(folder: Path = FOLDER) -> list[Migration]:
    """The migrations in the folder, numbered 1, 2, 3... with no gap."""
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = NAME.fullmatch(path.name)
        if match is None:
            raise SchemaError(f"{path.name}: a migration is named NNNN_name.sql")
        found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise SchemaError(f"migration {expected:04d} is missing (found {migration.version})")
    return found


def compare(applied: list[Applied], known: list[Migration]) -> list[Migration]:
    """The migrations still to apply; a SchemaError if the applied ones are not these."""
    by_version = {m.version: m for m in known}
    for row in applied:
        migration = by_version.get(row.version)
        if migration is None:
            raise SchemaError(
                f"the database has migration {row.version:04d} ({row.name}), which this code"
                f" does not know (it knows up to {len(known):04d}): it was migrated by newer code"
            )
        if row.checksum != migration.checksum:
            raise SchemaError(
                f"migration {row.version:04d} ({row.name}) was applied with other contents than"
                f" {row.version:04d}_{migration.name}.sql has now: an applied migration is never"
                " edited; add a new one"
            )
    done = {row.version for row in applied}
    return [m for m in known if m.version not in done]


def read_applied(conn: psycopg.Connection[tuple[object, ...]]) -> list[Applied]:
    exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return []
    rows = conn.execute(
        "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version"
    ).fetchall()
    return [Applied(*row) for row in rows]  # type: ignore[arg-type]


def status(conninfo: str, known: list[Migration] | None = None) -> SchemaStatus:
    """What is applied and what is pending, changing nothing."""
    known = available() if known is None else known
    with psycopg.connect(conninfo, autocommit=True) as conn:
        applied = read_applied(conn)
    return SchemaStatus(applied, compare(applied, known))


def migrate(conninfo: str, known: list[Migration] | None = None) -> list[Migration]:
    """Apply what is pending, under the lock; returns what this call applied."""
    known = available() if known is None else known
    with psycopg.connect(conninfo, autocommit=True) as conn:
        got = conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
        if not got or not got[0]:
            log.info("waiting for another process to finish migrating the schema")
            conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        # Held until the connection closes, which releases it whatever happens.
        conn.execute(TABLE)
        pending = compare(read_applied(conn), known)
        for migration in pending:
            apply(conn, migration)
    return pending


def apply(conn: psycopg.Connection[tuple[object, ...]], migration: Migration) -> None:
    # DEBUG: each command of the command line migrates a new database first, and its output
    # is its answer (`pledges db migrate` says what it applied).
    log.debug(
        "applying schema migration",
        extra={"version": migration.version, "migration": migration.name},
    )
    with conn.transaction():
        # No parameters: sent as a simple query, so a file holds many statements.
        conn.execute(migration.sql.encode())
        conn.execute(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
            (migration.version, migration.name, migration.checksum),
        )
