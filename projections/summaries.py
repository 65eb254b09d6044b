"""Pledge summaries: one row per pledge with every filterable field, and full-text search."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ClassVar

from psycopg import Cursor, sql
from psycopg.rows import DictRow

from projections.base import PledgeRowView
from projections.columns import COLUMNS
from projections.projection import PledgeRowProjection
from projections.state import Row

# Text search lives in its own table, written only when the words change (submission,
# amendment, a pledger's new name): a progress report then leaves its hundreds of
# full-text index entries alone (bench/README.md: the lag tail at 200 commands/s).
WORDS = ("reference", "title", "pledger_name", "description")
PREFILL_CONNECTIONS = 2
SEARCH_VECTOR = (
    "to_tsvector('english', coalesce(t.reference, '') || ' ' || coalesce(t.title, '') || ' '"
    " || coalesce(t.pledger_name, '') || ' ' || coalesce(t.description, ''))"
)


def words_of(row: Row) -> tuple[Any, ...]:
    return tuple(row[w] for w in WORDS)


class PledgeSummaryView(PledgeRowView):
    base_table = "pledge_summaries"
    columns: ClassVar[list[str]] = list(COLUMNS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.words_sql = (
            sql.SQL(
                "INSERT INTO {} (pledge_id, search) SELECT t.pledge_id, {} FROM unnest("
                "%s::uuid[], %s::text[], %s::text[], %s::text[], %s::text[]) AS"
                " t(pledge_id, reference, title, pledger_name, description)"
                " ON CONFLICT (pledge_id) DO UPDATE SET search = EXCLUDED.search"
            )
            .format(sql.Identifier(self.search_table), sql.SQL(SEARCH_VECTOR))
            .as_string()
        )
        # What a rebuild's prefill has written (or queued), by pledge: the rows hold the
        # same strings, so this costs a tuple a pledge.
        self.words_sent: dict[int, tuple[Any, ...]] = {}  # by the UUID's integer
        self._background: list[ThreadPoolExecutor] = []
        self._pending: list[Future[None]] = []

    @property
    def search_table(self) -> str:
        return f"{self.base_table}_words{self.suffix}"

    def tables(self) -> list[str]:
        return [*super().tables(), self.search_table]

    def rows_changed(
        self, curs: Cursor[DictRow], before: list[Row | None], after: list[Row]
    ) -> None:
        sent = self.words_sent
        changed = [
            new
            for old, new in zip(before, after, strict=True)
            if words_of(new)
            != (words_of(old) if old is not None else sent.get(new["pledge_id"].int))
        ]
        if changed:
            curs.execute(self.words_sql, self.words_params(changed))

    @staticmethod
    def words_params(rows: list[Row]) -> list[list[Any]]:
        return [[r["pledge_id"] for r in rows], *([r[w] for r in rows] for w in WORDS)]

    def prefill(self, events: list[Any], rows: dict[int, Row | None]) -> None:
        """The search vectors of the chunk's rows whose words are new or changed, computed
        by the server in the background while the rebuild goes on: stemming 100,000
        descriptions takes the server longer than the rest of a rebuild (bench/README.md).
        Two connections, each for its own half of the pledges, so a pledge's words are
        written in the order they changed."""
        sent = self.words_sent
        touched = {e.originator_id.int for e in events}
        fresh = [
            r for i in touched if (r := rows.get(i)) is not None and sent.get(i) != words_of(r)
        ]
        if not fresh:
            return
        for row in fresh:
            sent[row["pledge_id"].int] = words_of(row)
        if not self._background:
            self._background = [
                ThreadPoolExecutor(1, thread_name_prefix=f"prefill-words-{i}")
                for i in range(PREFILL_CONNECTIONS)
            ]
        for i, worker in enumerate(self._background):
            part = [r for r in fresh if r["pledge_id"].int % PREFILL_CONNECTIONS == i]
            if part:
                self._pending.append(worker.submit(self._write_words, self.words_params(part)))

    def _write_words(self, params: list[list[Any]]) -> None:
        with self.transaction() as curs:
            curs.execute(self.words_sql, params)

    def forget_prefilled(self) -> None:
        self.words_sent = {}  # it holds the rows' strings, which a write lets go

    def prefilled(self) -> None:
        pending, self._pending = self._pending, []
        try:
            for future in pending:
                future.result()
        finally:
            for worker in self._background:
                worker.shutdown(cancel_futures=True)
            self._background = []


class PledgeSummaries(PledgeRowProjection):
    name = "pledge_summaries"
