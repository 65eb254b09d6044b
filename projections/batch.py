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
from projections.state import Row, evolve

if TYPE_CHECKING:
    from projections.base import PledgeRowView

PLEDGER_EVENTS = (Pledger.Registered, Pledger.Updated)  # type: ignore[attr-defined]


class Batch:
    def __init__(self, view: PledgeRowView, curs: Cursor[DictRow]) -> None:
        self.view, self.curs = view, curs
        self.rows: dict[UUID, Row | None] = {}
        self.before: dict[UUID, Row | None] = {}
        self.pledgers: dict[UUID, dict[str, Any]] = {}

    def load(self, pledge_ids: set[UUID]) -> None:
        wanted = [i for i in pledge_ids if i not in self.rows]
        if not wanted:
            return
        self.curs.execute(self.view.select_rows_sql, (wanted,), prepare=True)
        found = {r["pledge_id"]: dict(r) for r in self.curs.fetchall()}
        for pledge_id in wanted:
            self.rows[pledge_id] = self.before[pledge_id] = found.get(pledge_id)

    def apply(self, events: list[Any]) -> None:
        self.load({e.originator_id for e in events if isinstance(e, Pledge.Event)})
        for event in events:
            if isinstance(event, PLEDGER_EVENTS):
                self.pledger_changed(event)
            elif isinstance(event, Pledge.Event):
                self.pledge_changed(event)

    def pledge_changed(self, event: Any) -> None:
        before = self.rows.get(event.originator_id)
        after = evolve(event, before)
        if after is not None and before is None:
            after.update(self.pledger_columns(after["pledger_id"]))
        self.rows[event.originator_id] = after

    def pledger_changed(self, event: Any) -> None:
        pledger_id = event.originator_id
        self.pledgers[pledger_id] = {
            "pledger_id": pledger_id,
            "name": event.name,
            "category": str(event.category),
            "country": event.country,
            "gcm_champion": event.gcm_champion,
        }
        self.curs.execute(self.view.pledges_of_pledger_sql, (pledger_id,))
        self.load({r["pledge_id"] for r in self.curs.fetchall()})
        names = self.pledger_columns(pledger_id)
        for pledge_id, row in self.rows.items():
            if row is not None and row["pledger_id"] == pledger_id:
                self.rows[pledge_id] = {**row, **names}

    def pledger_columns(self, pledger_id: UUID) -> Row:
        pledger = self.pledgers.get(pledger_id)
        if pledger is None:
            self.curs.execute(self.view.pledger_sql, (pledger_id,), prepare=True)
            pledger = self.curs.fetchone() or {"name": None, "category": None}
        return {"pledger_name": pledger["name"], "category": pledger["category"]}

    def changes(self) -> tuple[list[Row | None], list[Row]]:
        changed = [
            i for i, row in self.rows.items() if row is not None and row is not self.before[i]
        ]
        return [self.before[i] for i in changed], [self.rows[i] for i in changed]  # type: ignore[misc]
