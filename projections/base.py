"""A view of one row per pledge, written with its tracking position in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore
from psycopg import Cursor, sql
from psycopg.rows import DictRow

from projections import columns as cols
from projections.batch import Batch
from projections.state import Row
from projections.tracking import TrackedView

SYNC_OFF = "SET LOCAL synchronous_commit = off"
PLEDGER_COLUMNS = ["pledger_id", "name", "category", "country", "gcm_champion"]


class PledgeRowView(TrackedView):
    base_table: ClassVar[str]
    columns: ClassVar[list[str]]

    def __init__(
        self, datastore: PostgresDatastore, *, tracking_table_name: str, suffix: str = ""
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name)
        self.suffix = suffix
        self.table = self.base_table + suffix
        self.pledgers_table = f"{self.base_table}_pledgers{suffix}"
        self.prepare_statements()

    def prepare_statements(self) -> None:
        """Composed once: composing SQL for every event costs more than running it."""
        columns = sql.SQL(", ").join(map(sql.Identifier, self.columns))
        self.select_rows_sql = (
            sql.SQL("SELECT {} FROM {} WHERE pledge_id = ANY(%s) ORDER BY pledge_id FOR UPDATE")
            .format(columns, sql.Identifier(self.table))
            .as_string()
        )
        self.insert_sql = cols.write_json(self.table, self.columns, replace=False).as_string()
        self.upsert_sql = cols.write_json(self.table, self.columns, replace=True).as_string()
        self.pledges_of_pledgers_sql = (
            sql.SQL("SELECT pledge_id FROM {} WHERE pledger_id = ANY(%s)")
            .format(sql.Identifier(self.table))
            .as_string()
        )
        self.pledgers_sql = (
            sql.SQL("SELECT pledger_id, name, category FROM {} WHERE pledger_id = ANY(%s)")
            .format(sql.Identifier(self.pledgers_table))
            .as_string()
        )
        self.upsert_pledger_sql = (
            sql.SQL(
                "INSERT INTO {} (pledger_id, name, category, country, gcm_champion) SELECT *"
                " FROM unnest(%s::uuid[], %s::text[], %s::text[], %s::text[], %s::bool[])"
                " ON CONFLICT (pledger_id) DO UPDATE SET name = EXCLUDED.name, category = "
                "EXCLUDED.category, country = EXCLUDED.country,"
                " gcm_champion = EXCLUDED.gcm_champion"
            )
            .format(sql.Identifier(self.pledgers_table))
            .as_string()
        )

    def reference_of(self, event: Any) -> str | None:
        """The pledge reference of an event, as the view holds it (None: not a pledge's,
        or the database cannot say)."""
        query = sql.SQL("SELECT reference FROM {} WHERE pledge_id = %s").format(
            sql.Identifier(self.table)
        )
        try:
            with self.datastore.transaction(commit=False) as curs:
                row = curs.execute(query, (getattr(event, "originator_id", None),)).fetchone()
        except Exception:  # the failure is reported all the same, without it
            return None
        return None if row is None else str(row["reference"])

    def tables(self) -> list[str]:
        return [self.table, self.pledgers_table]

    def apply(self, events: list[Any], tracking: Tracking) -> None:
        """Events in notification order, then the position of the last, in one transaction:
        its reads, then its writes sent together (pipelined) with the commit setting, so a
        runner's batch costs the server two round trips, not one per statement."""
        with self.datastore.transaction(commit=True) as curs:
            batch = Batch(self, curs)
            batch.apply(events)
            with curs.connection.pipeline():
                curs.execute(SYNC_OFF)
                self.write(curs, batch)
                self.track(curs, tracking)

    def apply_in(self, curs: Cursor[DictRow], events: list[Any]) -> None:
        batch = Batch(self, curs)
        batch.apply(events)
        self.write(curs, batch)

    def write(self, curs: Cursor[DictRow], batch: Batch) -> None:
        """What a batch changed: its pledgers, then its rows."""
        if batch.pledgers:
            self.write_pledgers(curs, batch.pledgers.values())
        self.write_rows(curs, *batch.changes())

    @contextmanager
    def transaction(self) -> Iterator[Cursor[DictRow]]:
        """A view and its tracking commit together, so a crash loses both or neither; the
        view can always be rebuilt, so it need not wait for the disk (synchronous_commit)."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(SYNC_OFF)
            yield curs

    # ---- shared writes -----------------------------------------------------------------
    def write_rows(
        self,
        curs: Cursor[DictRow],
        before: list[Row | None],
        after: list[Row],
        fresh: bool = False,
    ) -> None:
        """All in one statement; `fresh`: rows the table has never held (a rebuild's
        first write), inserted without looking for rows to replace."""
        if after:
            statement = self.insert_sql if fresh else self.upsert_sql
            curs.execute(statement, (cols.rows_json(after),), prepare=not fresh)
            self.rows_changed(curs, before, after)

    def rows_changed(
        self, curs: Cursor[DictRow], before: list[Row | None], after: list[Row]
    ) -> None:
        """Views with aggregates override this to apply the difference."""

    def prefill(self, events: list[Any], rows: dict[int, Row | None]) -> None:
        """A rebuild's chunk of events and its rows as they stand after it (by the UUID's
        integer): a view may start writing what depends only on what rarely changes, in
        the background (see PledgeSummaryView)."""

    def prefilled(self) -> None:
        """Wait for what `prefill` started, raising what it met."""

    def forget_prefilled(self) -> None:
        """The rows are in the tables: what `prefill` remembered of them is not needed."""

    def write_pledgers(self, curs: Cursor[DictRow], pledgers: Iterable[dict[str, Any]]) -> None:
        """One statement for the batch (a batch holds each pledger once)."""
        rows = list(pledgers)
        curs.execute(self.upsert_pledger_sql, [[r[c] for r in rows] for c in PLEDGER_COLUMNS])
