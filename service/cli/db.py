"""The database: where it is, what it holds, and its schema's version."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from infrastructure.database import Database, open_database
from infrastructure.migrations import SchemaError, SchemaStatus, migrate, status
from service.cli.common import console, container, errors, settings_or_exit

db_app = typer.Typer(help="The database and its schema.", no_args_is_help=True)


@contextmanager
def database() -> Iterator[Database]:
    """The database alone, without the application (which would migrate it first)."""
    opened = open_database(settings_or_exit())
    try:
        yield opened
    except SchemaError as error:
        errors.print(f"[red]The schema cannot be migrated:[/red] {error}")
        raise typer.Exit(1) from None
    finally:
        opened.close()


def describe(schema: SchemaStatus) -> None:
    for applied in schema.applied:
        when = applied.applied_at.isoformat(timespec="seconds")
        console.print(f"  {applied.version:04d} {applied.name}  applied {when}")
    for pending in schema.pending:
        console.print(f"  {pending.version:04d} {pending.name}  pending")


@db_app.command("migrate")
def migrate_command() -> None:
    """Apply the schema's pending migrations (every start does it too; this does it alone)."""
    with database() as db:
        applied = migrate(db.conninfo)
        schema = status(db.conninfo)
    console.print(f"database: {db.safe_description}")
    console.print(f"schema:   version {schema.version}, applied {len(applied)} now")
    describe(schema)


@db_app.command("status")
def status_command() -> None:
    """Where the database is, its schema version (applied and pending), how many events."""
    with database() as db:
        with db.pool(1).connection() as conn:
            version = conn.execute("SHOW server_version").fetchone()
        schema = status(db.conninfo)
    console.print(f"database: {db.safe_description}")
    console.print(f"server:   PostgreSQL {version[0] if version else '?'}")
    pending = f"{len(schema.pending)} pending" if schema.pending else "up to date"
    console.print(f"schema:   version {schema.version}, {pending}")
    describe(schema)
    if schema.pending:
        console.print("events:   unknown until migrated (`pledges db migrate`)")
        return
    with container() as c:
        head = c.app.recorder.max_notification_id() or 0
    console.print(f"events:   {head} (event store head position)")
