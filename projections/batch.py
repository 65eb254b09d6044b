"""Applies a run of events to a view in one transaction, ending with their tracking position.

Rows are read once per batch, changed in memory by `evolve`, and written once: the live
runner's batches are small and frequent, a rebuild's large; both give the same rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from psycopg import Cursor
from psycopg.rows import DictRow

from domain.pledge import Pledge
from domain.pledger import Pledger
from projections import bounded, details
from projections.state import Row, evolve

if TYPE_CHECKING:
    from projections.base import PledgeRowView

PLEDGER_EVENTS = (Pledger.Registered, Pledger.Updated)  # type: ignore[attr-defined]
SUBMITTED = Pledge.Submitted


class Batch:
    """`stored`: whether the view's tables may hold rows this batch has not read. A rebuild
    that keeps its rows in memory starts from empty tables, so until it first writes them
    it has nothing to look up."""

    def __init__(
        self, view: PledgeRowView, curs: Cursor[DictRow] | None, stored: bool = True
    ) -> None:
        self.view, self.curs, self.stored = view, curs, stored
        # Keyed by the UUIDs' integers: a UUID hashes and compares in Python, four times
        # an event, which cost a rebuild a third of its time applying events.
        self.rows: dict[int, Row | None] = {}
        self.before: dict[int, Row | None] = {}
        self.of_pledger: dict[int, list[int]] = {}  # the rows of each pledger
        self.pledgers: dict[int, dict[str, Any]] = {}
        self.stored_pledgers: dict[int, Row] = {}  # names as the view held them before

    @property
    def cursor(self) -> Cursor[DictRow]:
        if self.curs is None:
            raise RuntimeError("a batch that reads stored rows needs a transaction's cursor")
        return self.curs

    def load(self, pledge_ids: set[UUID]) -> None:
        wanted = [i for i in pledge_ids if i.int not in self.rows]
        if not wanted:
            return
        self.cursor.execute(self.view.select_rows_sql, (wanted,), prepare=True)
        found = {r["pledge_id"].int: dict(r) for r in self.cursor.fetchall()}
        for pledge_id in wanted:
            key = pledge_id.int
            row = self.rows[key] = self.before[key] = found.get(key)
            if row is not None:
                self.of_pledger.setdefault(row["pledger_id"].int, []).append(key)

    def prefetch(self, events: list[Any]) -> None:
        """Read up front, in one query each, what the events would otherwise look up one by
        one: the rows of the pledges, the rows of the pledges of every pledger that changes,
        and the stored names of the pledgers of new pledges. The view's tables do not change
        until the batch is written, so this reads the same as lookups during the batch."""
        if not self.stored:
            return
        pledge_ids = {e.originator_id for e in events if isinstance(e, Pledge.Event)}
        changed = list({e.originator_id for e in events if isinstance(e, PLEDGER_EVENTS)})
        if changed:
            self.cursor.execute(self.view.pledges_of_pledgers_sql, (changed,), prepare=True)
            pledge_ids.update(r["pledge_id"] for r in self.cursor.fetchall())
        self.load(pledge_ids)
        submitters = list({e.pledger_id for e in events if isinstance(e, SUBMITTED)})
        if submitters:
            self.cursor.execute(self.view.pledgers_sql, (submitters,), prepare=True)
            for r in self.cursor.fetchall():
                self.stored_pledgers[r["pledger_id"].int] = {
                    "name": r["name"],
                    "category": r["category"],
                }

    def apply(self, events: list[Any]) -> None:
        self.prefetch(events)
        for event in events:
            if isinstance(event, PLEDGER_EVENTS):
                self.pledger_changed(event)
            elif isinstance(event, Pledge.Event):
                self.pledge_changed(event)

    def pledge_changed(self, event: Any) -> None:
        key = event.originator_id.int
        before = self.rows.get(key)
        # The batch's own copy, once it has made one, is changed in place.
        owned = before is not None and before is not self.before.get(key)
        after = evolve(event, before, owned)
        if after is not None and before is None:
            if details.COLUMN not in self.view.columns:  # the dashboard's, the deadlines'
                del after[details.COLUMN]
            pledger = after["pledger_id"].int
            after.update(self.pledger_columns(pledger))
            self.of_pledger.setdefault(pledger, []).append(key)
        self.rows[key] = after

    def pledger_changed(self, event: Any) -> None:
        pledger_id = event.originator_id
        self.pledgers[pledger_id.int] = {
            "pledger_id": pledger_id,
            "name": bounded.text(event.name, bounded.NAME),
            "category": str(event.category),
            "country": bounded.text(event.country, bounded.CODE),
            "gcm_champion": event.gcm_champion,
        }
        names = self.pledger_columns(pledger_id.int)
        for key in self.of_pledger.get(pledger_id.int, ()):
            row = self.rows.get(key)
            if row is not None:
                self.rows[key] = {**row, **names}

    def pledger_columns(self, pledger: int) -> Row:
        found = self.pledgers.get(pledger) or self.stored_pledgers.get(pledger)
        if found is None:
            found = {"name": None, "category": None}
        return {"pledger_name": found["name"], "category": found["category"]}

    def written(self) -> None:
        """The changes are in the tables now: forget the rows (what the view reads back is
        the same), keep the pledgers' names (few, and needed for every new pledge)."""
        self.stored_pledgers.update(
            {i: {"name": p["name"], "category": p["category"]} for i, p in self.pledgers.items()}
        )
        self.rows, self.before, self.of_pledger, self.pledgers = {}, {}, {}, {}
        self.stored = True

    def changes(self) -> tuple[list[Row | None], list[Row]]:
        """Rows as the tables held them (None: not there) and as they are now."""
        before = self.before
        changed = [
            (before.get(i), row)
            for i, row in self.rows.items()
            if row is not None and row is not before.get(i)
        ]
        return [b for b, _ in changed], [a for _, a in changed]
