"""The order of the report, shared by the PDF and the DOCX: round tables 1 to 4, within each
its objectives in numeric order, within each objective first the pledges written out there (by
reference), then the pledges written out elsewhere that also address it (cross-references).

A pledge is written out once, under its main objective: the first one the pledger listed (the
form asks for the main ones first). Everywhere else it belongs, it is a one-line reference.
Objectives and round tables no pledge of the report addresses are left out of the body.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from api.documents.model import Pledge, Report
from domain.taxonomy import OBJECTIVES, ROUND_TABLES


@dataclass(frozen=True)
class Entry:
    pledge: Pledge
    anchor: str  # unique in the document: "p" and the pledge's place in the report

    @property
    def title(self) -> str:
        return f"{self.pledge.reference} {self.pledge.title}"


@dataclass(frozen=True)
class ObjectiveSection:
    number: int
    written: tuple[Entry, ...]  # written out here in full
    referenced: tuple[Entry, ...]  # written out under another objective

    @property
    def anchor(self) -> str:
        return f"objective-{self.number}"

    @property
    def heading(self) -> str:
        return f"Objective {self.number}: {OBJECTIVES[self.number][0]}"

    @property
    def short(self) -> str:
        return OBJECTIVES[self.number][1]

    @property
    def tally(self) -> str:
        written, referenced = len(self.written), len(self.referenced)
        here = (
            f"{written} {'pledge has' if written == 1 else 'pledges have'} this as their main "
            "objective, written out below"
            if written
            else "No pledge in this report has this as its main objective"
        )
        if not referenced:
            return here + "."
        return (
            f"{here}; {referenced} more {'addresses' if referenced == 1 else 'address'} it and "
            f"{'is' if referenced == 1 else 'are'} listed at the end."
        )


@dataclass(frozen=True)
class RoundTableSection:
    number: int
    objectives: tuple[ObjectiveSection, ...]

    @property
    def anchor(self) -> str:
        return f"round-table-{self.number}"

    @property
    def heading(self) -> str:
        return f"Round table {self.number}"

    @property
    def covers(self) -> str:
        names = [f"{n} ({OBJECTIVES[n][1]})" for n in sorted(ROUND_TABLES[self.number])]
        return "Objectives " + ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Part:
    """A heading of the front or back matter, listed in the contents like the sections."""

    anchor: str
    heading: str
    level: int = 1


SUMMARY = Part("summary", "Summary")
ANNEXES = (
    Part("annexes", "Annexes"),
    Part("annex-a", "Annex A: Pledges by pledger category", 2),
    Part("annex-b", "Annex B: Pledges by region", 2),
    Part("annex-c", "Annex C: Pledges by form", 2),
    Part("annex-d", "Annex D: Pledges by status", 2),
    Part("annex-e", "Annex E: Method note", 2),
)


def entries(pledges: Sequence[Pledge]) -> list[Entry]:
    return [Entry(p, f"p{i}") for i, p in enumerate(pledges)]


def sections(report: Report) -> tuple[RoundTableSection, ...]:
    by_objective: dict[int, list[Entry]] = defaultdict(list)
    for entry in sorted(entries(report.pledges), key=lambda e: e.pledge.reference):
        for number in entry.pledge.objectives:
            by_objective[number].append(entry)
    tables = []
    for rt in sorted(ROUND_TABLES):
        objectives = tuple(
            ObjectiveSection(
                n,
                tuple(e for e in by_objective[n] if e.pledge.main_objective == n),
                tuple(e for e in by_objective[n] if e.pledge.main_objective != n),
            )
            for n in sorted(ROUND_TABLES[rt])
            if by_objective[n]
        )
        if objectives:
            tables.append(RoundTableSection(rt, objectives))
    return tuple(tables)
