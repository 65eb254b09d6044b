"""The library's PostgreSQL recorder with its statements turned into SQL text once.

`PostgresApplicationRecorder` keeps its statements as composed SQL, which psycopg renders
again on every execute, and composes the NOTIFY and every event query anew per call: about
a tenth of a millisecond of CPU per command, a command's own work being about as much
again (bench/README.md). The statements, the transaction and the order of events are the
library's own; only their rendering is done once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg import Cursor, InterfaceError, OperationalError
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composable, Identifier


def render(statement: object) -> bytes:
    """The SQL text of a composed statement (identifiers quoted without a connection)."""
    if isinstance(statement, bytes):
        return statement
    if isinstance(statement, str):
        return statement.encode()
    if isinstance(statement, Composable):
        return statement.as_bytes(None)
    raise TypeError(f"not a statement: {statement!r}")


class PledgeRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.insert_events_statement = render(self.insert_events_statement)  # type: ignore[assignment]
        self.lock_table_statements = [render(s) for s in self.lock_table_statements]
        self.notify_statement = render(SQL("NOTIFY {0}").format(Identifier(self.channel_name)))
        self.select_statements: dict[tuple[bool, bool, bool, bool], bytes] = {}

    def _notify_channel(self, curs: Cursor[DictRow]) -> None:
        curs.execute(self.notify_statement)

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
