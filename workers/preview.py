"""What a scan would mail, for its dry run: the digests of the notices waiting in the outbox
and of those the scan would make, grouped by address as the day's digests would be."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from infrastructure.container import Container
from workers.digests import by_address, holding
from workers.scan import ScanResult


@dataclass(frozen=True)
class WouldMail:
    name: str
    address: str
    pledgers: tuple[str, ...]
    pledges: tuple[tuple[str, tuple[str, ...]], ...]  # (reference, kinds)


def would_mail(c: Container, result: ScanResult) -> list[WouldMail]:
    waiting, pledges = holding(c, c.digests.pending(), result.today)
    items: list[tuple[tuple[str, str], UUID]] = [
        ((pledges[n.pledge_id].reference, n.kind), pledges[n.pledge_id].pledger_id) for n in waiting
    ]
    rows = [(row, row["kind"]) for row in result.due_rows]
    rows += [(row, "lapsed") for row in result.lapsing_rows]
    items += [((row["reference"], kind), row["pledger_id"]) for row, kind in rows]
    names = {row["pledger_id"]: row["pledger_name"] for row, _kind in rows}
    names.update({p.pledger_id: "" for p in pledges.values() if p.pledger_id not in names})
    for pledger_id, name in names.items():
        names[pledger_id] = name or c.app.get_pledger(pledger_id).name
    contacts = c.contacts.of_pledgers(list(names))
    owner = dict(items)
    found = []
    for recipients, keys in by_address(items, contacts):
        kinds: dict[str, list[str]] = {}
        for reference, kind in keys:
            kinds.setdefault(reference, []).append(kind)
        found.append(
            WouldMail(
                name=recipients[0].name,
                address=recipients[0].email,
                pledgers=tuple(dict.fromkeys(names[owner[k]] for k in keys)),
                pledges=tuple((ref, tuple(k)) for ref, k in kinds.items()),
            )
        )
    return found
