"""The body of the report cut into parts that WeasyPrint lays out one at a time.

WeasyPrint keeps every laid-out page in memory until it writes the PDF (about 0.6 MiB a page;
3,500 pledges make some 2,500 pages), and lays out at about 30 pages a second on one core. So
the body is laid out in parts of a bounded number of pledges, each its own document, on as many
processes as asked, and the parts are joined afterwards (stamp.py). A part always starts on a
new page: at a round table, at an objective (each objective starts on a new page anyway), or,
for an objective longer than a part, between two pledges. Page numbers that depend on other
parts (the footer, "see page N") are stamped after the join, so no part waits for another.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from api.documents.outline import Entry, ObjectiveSection, RoundTableSection

PART_PLEDGES = 60  # pledges written out per part: about 40 pages and 120 MiB of layout
REFERENCE_WEIGHT = 0.1  # a one-line reference costs about a tenth of a pledge


@dataclass(frozen=True)
class Piece:
    """An objective's section, or a run of it, as one part lays it out."""

    table: RoundTableSection
    objective: ObjectiveSection
    written: tuple[Entry, ...]
    referenced: tuple[Entry, ...]
    opens_table: bool
    opens_objective: bool


def slot_id(objective: ObjectiveSection, entry: Entry) -> str:
    """The anchor of the empty slot after "see page" that the page number is stamped into."""
    return f"x{objective.number}-{entry.anchor}"


def pieces(tables: tuple[RoundTableSection, ...], size: int) -> Iterator[Piece]:
    for table in tables:
        for i, objective in enumerate(table.objectives):
            runs = [objective.written[k : k + size] for k in range(0, len(objective.written), size)]
            runs = runs or [()]
            for k, run in enumerate(runs):
                last = k == len(runs) - 1
                yield Piece(
                    table,
                    objective,
                    run,
                    objective.referenced if last else (),
                    opens_table=i == 0 and k == 0,
                    opens_objective=k == 0,
                )


def parts(tables: tuple[RoundTableSection, ...], size: int = PART_PLEDGES) -> list[list[Piece]]:
    """Pieces grouped into parts of at most about `size` pledges. Every piece starts on a new
    page (a round table's heading, an objective, or the run of a long objective after its first
    `size` pledges), so a part may end after any piece and joining the parts moves nothing."""
    found: list[list[Piece]] = []
    current: list[Piece] = []
    weight = 0.0
    for piece in pieces(tables, size):
        cost = len(piece.written) + REFERENCE_WEIGHT * len(piece.referenced)
        if current and weight + cost > size:
            found.append(current)
            current, weight = [], 0.0
        current.append(piece)
        weight += cost
    return [*found, current] if current else found
