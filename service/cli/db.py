"""The database: where it is and what it holds."""

from __future__ import annotations

import typer

from service.cli.common import console, container

db_app = typer.Typer(help="The database.", no_args_is_help=True)


@db_app.command("status")
def status() -> None:
    """Where the database is, whether it answers, and how many events it holds."""
    with container() as c:
        with c.database.pool().connection() as conn:
            version = conn.execute("SHOW server_version").fetchone()
        head = c.app.recorder.max_notification_id() or 0
        console.print(f"database: {c.database.safe_description}")
        console.print(f"server:   PostgreSQL {version[0] if version else '?'}")
        console.print(f"events:   {head} (event store head position)")
