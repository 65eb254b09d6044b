"""The library's PostgreSQL recorder, with events inserted by one call of a function that
does what the library's transaction does, and its queries rendered once.

The library inserts events in a pipelined transaction of four statements (`SET LOCAL
lock_timeout`, `LOCK TABLE ... IN EXCLUSIVE MODE`, `NOTIFY`, `INSERT`), and psycopg's
Python work per statement is much of a command's cost. Its own database function
(`POSTGRES_ENABLE_DB_FUNCTIONS`) makes that one statement but leaves out the table lock, so
notification ids could commit out of order and a projection runner would pass over an
event for good. `pledges_events_insert` (made by the first migration,
infrastructure/migrations) is the library's transaction, lock included, as one statement:
the same order of events, one round trip. Since migration 0005 it also writes each row's
place in the hash chain (`previous_hash`, `hash`; infrastructure/chain.py) under that lock,
so the chain follows the log's order however many processes write. Those columns are NOT
NULL: the library's own insert (taken below only for a process's tracking, which the
service does not use) would fail rather than leave a row out of the chain. It also keeps
the statements psycopg would render again on every execute (the library composes them per
call) as SQL text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.utils import retry
from psycopg import InterfaceError, OperationalError
from psycopg.sql import SQL, Composable, Identifier

from infrastructure.eventsourcing_adapter import NotifyRendered


def render(statement: object) -> bytes:
    """The SQL text of a composed statement (identifiers quoted without a connection)."""
    if isinstance(statement, bytes):
        return statement
    if isinstance(statement, str):
        return statement.encode()
    if isinstance(statement, Composable):
        return statement.as_bytes(None)
    raise TypeError(f"not a statement: {statement!r}")


class PledgeRecorder(NotifyRendered):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        # The function is made by the schema's migrations (infrastructure/migrations).
        schema, function = Identifier(datastore.schema), Identifier(f"{events_table_name}_insert")
        self.insert_locked_sql = render(
            SQL("SELECT notification_id FROM {}.{}(%s) AS inserted(notification_id)").format(
                schema, function
            )
        )
        self.insert_events_statement = render(self.insert_events_statement)  # type: ignore[assignment]
        self.lock_table_statements = [render(s) for s in self.lock_table_statements]
        self.notify_statement = render(SQL("NOTIFY {0}").format(Identifier(self.channel_name)))
        self.select_statements: dict[tuple[bool, bool, bool, bool], bytes] = {}

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if any(v is not None for v in kwargs.values()):  # a process's tracking, say
            ids: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return ids
        if not stored_events:
            return None
        rows = [
            self.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored_events
        ]
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self.insert_locked_sql, (rows,), prepare=True)
            return [int(row["notification_id"]) for row in curs.fetchall()]

    def select_statement(self, gt: bool, lte: bool, desc: bool, limit: bool) -> bytes:
        key = (gt, lte, desc, limit)
        statement = self.select_statements.get(key)
        if statement is None:
            query = self.select_events_statement
            if gt:
                query += SQL(" AND originator_version > %s")
            if lte:
                query += SQL(" AND originator_version <= %s")
            query += SQL(" ORDER BY originator_version") + SQL(" DESC" if desc else " ASC")
            if limit:
                query += SQL(" LIMIT %s")
            statement = self.select_statements[key] = render(query)
        return statement

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        params: list[Any] = [originator_id]
        params += [p for p in (gt, lte) if p is not None]
        if limit is not None:
            params.append(limit)
        statement = self.select_statement(gt is not None, lte is not None, desc, limit is not None)
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, params, prepare=True)
            return [
                StoredEvent(
                    originator_id=row["originator_id"],
                    originator_version=row["originator_version"],
                    topic=row["topic"],
                    state=bytes(row["state"]),
                )
                for row in curs.fetchall()
            ]
