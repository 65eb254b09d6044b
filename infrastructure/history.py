"""A pledge's history as people and programs read it, for the Secretariat only: each event
with its effective day and recorded time, its actor by name and its data as plain JSON
(domain/plain.py: dates ISO, decimals as strings, codes as codes), pledgers by name.

Events carry ids only (`staff:3`, `token:7`, a pledger's UUID): names come from the stores at
read time, so erasing or renaming changes no event. One serialiser for the API, the console
and the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.application import PledgeTracker
from domain.errors import PledgerNotFoundError
from domain.plain import to_plain
from domain.queries import HistoryEntry
from domain.taxonomy import Role
from domain.values import Actor
from infrastructure.staff import StaffStore
from infrastructure.tokens import TokenStore

# Actors that are neither a pledger, a staff member nor a token: (kind, name).
OTHER_ACTORS = {
    "scheduler": ("system", "the scheduler"),
    "sample-data": ("sample_data", "sample data"),
}


@dataclass
class Histories:
    app: PledgeTracker
    staff: StaffStore
    tokens: TokenStore

    def entries(self, pledge: UUID | str) -> list[dict[str, Any]]:
        """Every event in version order, as plain JSON."""
        history = self.app.history(pledge)
        names = Names(self, history)
        return [names.entry(e) for e in history]


class Names:
    """The names of the actors and pledgers a history mentions, each looked up once."""

    def __init__(self, histories: Histories, history: list[HistoryEntry]) -> None:
        self.app = histories.app
        # An import names who ran it after " by ": a staff member's id among the others.
        actors = [e.actor.id.rpartition(" by ")[2] for e in history if e.actor is not None]
        self.staff = histories.staff.emails(numbered(actors, "staff:"))
        self.tokens = histories.tokens.names(numbered(actors, "token:"))
        self.pledgers: dict[str, str] = {}

    def pledger(self, pledger_id: str) -> str:
        if pledger_id not in self.pledgers:
            try:
                self.pledgers[pledger_id] = self.app.get_pledger(UUID(pledger_id)).name
            except (PledgerNotFoundError, ValueError):
                self.pledgers[pledger_id] = "an unknown pledger"
        return self.pledgers[pledger_id]

    def actor(self, actor: Actor) -> dict[str, Any]:
        kind, _, rest = actor.id.partition(":")
        if actor.role == Role.PLEDGER:
            return described("pledger", actor, self.pledger(actor.id), actor.id)
        if kind == "staff" and rest.isdigit():
            email = self.staff.get(int(rest), f"staff member {rest} (no longer on file)")
            return described("staff", actor, email, int(rest))
        if kind == "token" and rest.isdigit():
            name = self.tokens.get(int(rest))
            return described("token", actor, f"API token “{name or rest}”", int(rest))
        if kind == "cli":
            return described("command_line", actor, f"the command line ({rest})", None)
        if kind == "import":
            what, by, who = rest.rpartition(" by ")
            if by and who.startswith(("staff:", "cli:")):
                person = self.actor(Actor(who, actor.role))["name"]
                return described("import", actor, f"import {what} by {person}", None)
            return described("import", actor, f"import {rest}", None)
        other, name = OTHER_ACTORS.get(actor.id, ("other", actor.id))
        return described(other, actor, name, None)

    def entry(self, e: HistoryEntry) -> dict[str, Any]:
        data = to_plain(e.data)
        if isinstance(data.get("pledger_id"), str):
            data["pledger_name"] = self.pledger(data["pledger_id"])
        return {
            "version": e.version,
            "type": e.type,
            "effective_on": e.effective_on.isoformat(),
            "recorded_at": e.recorded_at.isoformat(),
            "actor": self.actor(e.actor) if e.actor else None,
            "data": data,
        }


def numbered(actor_ids: list[str], prefix: str) -> list[int]:
    """The numbers of the actor ids that are `prefix` and a number."""
    rest = (a[len(prefix) :] for a in actor_ids if a.startswith(prefix))
    return sorted({int(r) for r in rest if r.isdigit()})


def described(kind: str, actor: Actor, name: str, ident: object) -> dict[str, Any]:
    return {"kind": kind, "id": ident, "role": actor.role.value, "name": name}
