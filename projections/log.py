"""The notification log as a rebuild reads it: rows in binary, decoded by the app's mapper.

The library's `select_notifications` returns text rows as dicts and builds a frozen
Notification for each: reading that way costs a rebuild more than decoding the events does
(bench/README.md). One query for a range of notification ids, in binary (bytea without hex
and UUIDs as 16 bytes), as tuples, each decoded straight from its columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from psycopg import sql
from psycopg.rows import tuple_row

from domain.application import PledgeTracker

Chunk = list[tuple[int, Any]]  # (notification id, domain event)


class LogReader:
    def __init__(self, app: PledgeTracker) -> None:
        recorder: Any = app.recorder
        self.datastore = recorder.datastore
        self.decode = app.mapper.decode  # type: ignore[attr-defined]
        self.query = (
            sql.SQL(
                "SELECT notification_id, originator_id, originator_version, topic, state"
                " FROM {}.{} WHERE notification_id > %s AND notification_id <= %s"
                " ORDER BY notification_id LIMIT %s"
            )
            .format(
                sql.Identifier(self.datastore.schema), sql.Identifier(recorder.events_table_name)
            )
            .as_string()
        )

    def events_after(self, position: int, stop: int, limit: int) -> Chunk:
        """Up to `limit` events after `position`, up to and with `stop`, in log order."""
        with (
            self.datastore.get_connection() as conn,
            conn.cursor(binary=True, row_factory=tuple_row) as curs,
        ):
            rows = curs.execute(self.query, (position, stop, limit), prepare=True).fetchall()
        decode = self.decode
        return [(n, decode(topic, oid, version, state)) for n, oid, version, topic, state in rows]

    def chunks(self, head: int, size: int) -> Iterator[Chunk]:
        """The log up to `head` in chunks, the next one read and decoded in a thread while
        the caller applies this one: the database sends rows while Python works."""
        with ThreadPoolExecutor(1, thread_name_prefix="rebuild-read") as pool:
            future = pool.submit(self.events_after, 0, head, size)
            while chunk := future.result():
                future = pool.submit(self.events_after, chunk[-1][0], head, size)
                yield chunk
