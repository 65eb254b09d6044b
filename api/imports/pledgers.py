"""The pledgers a file names: found by their registered name (or an earlier import's), or
registered from the Pledgers sheet (or, in the exports' format, the pledge row's own
pledger, pledger_category and pledger_country)."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from api.imports.faults import Faults
from api.imports.rows import pledger_body
from api.imports.sheets import Row
from api.schemas.pledgers import PledgerCreate
from domain.application import PledgeTracker
from domain.pledger import Pledger, check_organisation
from domain.values import Actor

PLEDGER_NAMESPACE = uuid5(NAMESPACE_URL, "urn:gcm-pledges:imported-pledger")


def key(name: str) -> str:
    return " ".join(name.split()).casefold()


class PledgerBook:
    """Names to ids; the pledgers to register, made but not saved."""

    def __init__(
        self, app: PledgeTracker, registered: dict[str, UUID], faults: Faults, actor: Actor
    ) -> None:
        self.app, self.faults, self.actor = app, faults, actor
        self.ids = {key(name): pid for name, pid in registered.items()}
        self.new: dict[UUID, Pledger] = {}
        self.found: set[UUID] = set()
        self.seen_rows: set[str] = set()

    def add_row(self, row: Row, body: dict[str, Any] | None = None) -> UUID | None:
        """A pledger row (of the Pledgers sheet, or a pledge row's own columns)."""
        checked = self.faults.schema(row, PledgerCreate, body or pledger_body(row), {})
        if checked is None:
            return None
        name = key(checked.name)
        if body is None:
            if name in self.seen_rows:
                self.faults.add(row, "name", "this pledger is already on an earlier row")
                return None
            self.seen_rows.add(name)
        known = self.lookup(name)
        if known is not None:
            self.found.add(known)
            return known
        fields = (checked.name, checked.category, checked.country, checked.gcm_champion)
        if self.faults.rule(row, "name", lambda: check_organisation(*fields)) is None:
            return None
        # An imported pledger's id comes from its name, so a second import finds it.
        made: Pledger = Pledger._create(
            Pledger.Registered,  # type: ignore[attr-defined]
            id=uuid5(PLEDGER_NAMESPACE, name),
            name=checked.name.strip(),
            category=checked.category,
            country=checked.country,
            gcm_champion=checked.gcm_champion,
            actor=self.actor,
        )
        self.new[made.id] = made
        self.ids[name] = made.id
        return made.id

    def lookup(self, name: str) -> UUID | None:
        if name in self.ids:
            return self.ids[name]
        imported = uuid5(PLEDGER_NAMESPACE, name)
        if self.app.recorder.select_events(imported, limit=1):
            self.ids[name] = imported
            return imported
        return None

    def for_pledge(self, row: Row) -> UUID | None:
        """The pledge's pledger: by name, or made from the exports' pledger columns."""
        name = row.get("pledger")
        if not name:
            self.faults.add(row, "pledger", "name the pledger (its registered name)")
            return None
        known = self.lookup(key(name))
        if known is not None:
            self.found.add(known)
            return known
        if row.get("pledger_category"):
            body = {
                "name": name,
                "category": row.get("pledger_category"),
                "country": row.get("pledger_country") or None,
                "gcm_champion": False,
            }
            return self.add_row(row, body)
        self.faults.add(
            row, "pledger", f"no pledger is registered as “{name}”: add it to the Pledgers sheet"
        )
        return None

    def partner(self, row: Row) -> UUID | None:
        name = row.get("partner")
        known = self.lookup(key(name)) if name else None
        if known is None:
            self.faults.add(row, "partner", f"no pledger is registered as “{name}”")
        return known
