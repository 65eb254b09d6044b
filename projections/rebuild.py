"""Rebuild a projection from the first event into shadow tables (made like the live ones,
projections/shadow.py) while the old ones keep serving, then swap them in one transaction
that first catches up with the live runner."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore
from psycopg import Cursor, sql
from psycopg.rows import DictRow

from domain.application import PledgeTracker
from projections.base import PledgeRowView
from projections.batch import Batch
from projections.failures import FailureLog
from projections.log import LogReader
from projections.registry import APPLICATION, PROJECTIONS, build_view, tracking_table
from projections.shadow import copy_tables

log = logging.getLogger(__name__)
SUFFIX = "_rebuild"
# About 2.5 KiB a pledge summary row in memory: 200,000 rows hold some 500 MiB.
ROWS_IN_MEMORY = 200_000
WRITE_SLICE = 2_000  # rows a statement: its JSON is some 3 MB (10,000: +230 MiB peak, no faster)
FINISHING_CONNECTIONS = WRITING_CONNECTIONS = 2


@dataclass
class RebuildResult:
    name: str
    events: int
    position: int


def drop_tables(curs: Cursor[DictRow], tables: list[str]) -> None:
    for table in tables:
        curs.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(table)))


def rebuild(
    name: str,
    app: PledgeTracker,
    datastore: PostgresDatastore,
    progress: Callable[[int, int], None],
    batch: int = 2000,
    rows_in_memory: int = ROWS_IN_MEMORY,
) -> RebuildResult:
    """`progress(done, head)` is called after every batch."""
    live = build_view(name, datastore)
    _projection_class, view_class = PROJECTIONS[name]
    shadow = view_class(datastore, tracking_table_name=tracking_table(name + SUFFIX), suffix=SUFFIX)
    tables = [
        *zip(live.tables(), shadow.tables(), strict=True),
        (live.tracking_table_name, shadow.tracking_table_name),
    ]
    with datastore.transaction(commit=True) as curs:
        drop_tables(curs, [s for _, s in tables])
        # The pledger index stays: a batch with a pledger's change looks up its pledges.
        deferred = copy_tables(curs, tables, eager={f"{live.table}_pledger"})
    head = app.recorder.max_notification_id() or 0
    reader = LogReader(app)
    with cycles_uncollected():
        position, count = fill(shadow, reader.chunks(head, batch), rows_in_memory, head, progress)
    finish_tables(shadow, deferred, datastore)
    count += swap(live, shadow, reader, position, batch)
    FailureLog(datastore).clear_passed(name, position)  # a failing event the rebuild got past
    log.info("projection rebuilt", extra={"projection": name, "events": count})
    return RebuildResult(name, count, position)


@contextmanager
def cycles_uncollected() -> Iterator[None]:
    """Python's cycle collector off while a rebuild fills its tables. Every pass walks
    every object alive, and a rebuild keeps some ten per pledge while it makes millions
    more: the passes cost more than decoding (bench/README.md). Events and rows hold no
    reference cycles, so reference counting frees them as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def finish_tables(
    shadow: PledgeRowView, deferred: list[sql.Composed], datastore: PostgresDatastore
) -> None:
    """The indexes the rebuild left out, then statistics: new tables have none until
    autovacuum gets to them, and without them the planner guesses a handful of rows and,
    at 100,000 pledges, picks plans 100x slower for the list and the dashboard
    (bench/README.md). Statements run two at a time, each on its own connection: one
    index build keeps one server process busy, and Python has nothing else to do."""

    def run(statement: sql.Composed) -> None:
        with datastore.transaction(commit=True) as curs:
            curs.execute(statement)

    analyse = [sql.SQL("ANALYZE {}").format(sql.Identifier(t)) for t in shadow.tables()]
    with ThreadPoolExecutor(FINISHING_CONNECTIONS, thread_name_prefix="rebuild-index") as pool:
        for done in [pool.submit(run, s) for s in deferred]:
            done.result()
        for done in [pool.submit(run, s) for s in analyse]:
            done.result()


def fill(
    shadow: PledgeRowView,
    chunks: Iterator[list[Any]],
    rows_in_memory: int,
    head: int,
    progress: Callable[[int, int], None],
) -> tuple[int, int]:
    """Apply the log to the shadow tables. Rows stay in memory from chunk to chunk and
    are written when there are `rows_in_memory` of them, and at the end: a pledge's
    row is written once, not once per chunk that has one of its events. After a write,
    chunks read the rows they need back from the tables, as the live runner does."""
    rows = Batch(shadow, None, stored=False)
    position, count, written_at = 0, 0, -1
    for chunk in chunks:
        events = [e for _, e in chunk]
        if rows.stored:
            with shadow.transaction() as curs:
                rows.curs = curs
                rows.apply(events)
            rows.curs = None
        else:
            rows.apply(events)
        shadow.prefill(events, rows.rows)
        position, count = chunk[-1][0], count + len(chunk)
        if len(rows.rows) >= rows_in_memory:
            write(shadow, rows, position)
            written_at = position
        progress(position, head)
    if written_at != position:  # not when the last chunk was just written: tracked once
        write(shadow, rows, position)
    return position, count


def write(shadow: PledgeRowView, rows: Batch, position: int) -> None:
    """The rows in slices, two at a time, each in a transaction of its own: the server
    parses and stores one slice while Python encodes the next, and the library's
    connections end a transaction that waits five seconds on its client (summing the
    dashboard's counters for 100,000 rows in one takes longer). Only the last transaction
    moves the shadow tracking position; a rebuild that stops half-way leaves shadow
    tables the next one drops."""
    shadow.prefilled()
    before, after = rows.changes()
    fresh = not rows.stored

    def write_slice(start: int) -> None:
        end = start + WRITE_SLICE
        with shadow.transaction() as curs:
            shadow.write_rows(curs, before[start:end], after[start:end], fresh)

    with ThreadPoolExecutor(WRITING_CONNECTIONS, thread_name_prefix="rebuild-write") as pool:
        for done in [pool.submit(write_slice, i) for i in range(0, len(after), WRITE_SLICE)]:
            done.result()
    with shadow.transaction() as curs:
        if rows.pledgers:
            shadow.write_pledgers(curs, rows.pledgers.values())
        if position:
            shadow.track(curs, Tracking(APPLICATION, position))
    rows.written()
    shadow.forget_prefilled()


def swap(
    live: PledgeRowView, shadow: PledgeRowView, reader: LogReader, position: int, batch: int
) -> int:
    """Catch up with the live runner under a lock, then put the shadow tables in place."""
    caught_up = 0
    with live.transaction() as curs:
        curs.execute("SET LOCAL lock_timeout = '60s'")
        for table in live.tables():
            curs.execute(
                sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(sql.Identifier(table))
            )
        live_position = live.position_in(curs, APPLICATION) or 0
        while position < live_position:
            chunk = reader.events_after(position, live_position, batch)
            shadow.apply_in(curs, [e for _, e in chunk])
            position, caught_up = chunk[-1][0], caught_up + len(chunk)
        for table in live.tables():
            rename(curs, table)
        if position > live_position:
            live.track(curs, Tracking(APPLICATION, position))
        drop_tables(curs, [shadow.tracking_table_name])
    return caught_up


def rename(curs: Cursor[DictRow], table: str) -> None:
    shadow = table + SUFFIX
    curs.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(table)))
    curs.execute(
        sql.SQL("ALTER TABLE {} RENAME TO {}").format(sql.Identifier(shadow), sql.Identifier(table))
    )
    curs.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", (table,))
    for (index,) in [(r["indexname"],) for r in curs.fetchall()]:
        if index.startswith(shadow):
            curs.execute(
                sql.SQL("ALTER INDEX {} RENAME TO {}").format(
                    sql.Identifier(index), sql.Identifier(table + index[len(shadow) :])
                )
            )
