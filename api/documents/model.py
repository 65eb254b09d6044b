"""What a consolidated report holds, as plain frozen data: no I/O, no codes to look up.

Whoever builds a report (from the read models, a filter, a test) hands over labels as people
read them ("Civil society", "In progress"); the documents only lay them out. Objectives are GCM
numbers; the round tables follow from them (domain/taxonomy.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from domain.taxonomy import OBJECTIVES, round_tables_for

Number = Decimal | int | float
# progress(stage, done, total): called as a document is made, for a progress bar.
Progress = Callable[[str, int, int], None]

# The public page of a pledge on the site (api/routers/pages.py).
PLEDGE_PATH = "/pledges/{reference}"
TITLE = "Consolidated report of pledges"
FORUM = "International Migration Review Forum 2026"


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str


@dataclass(frozen=True)
class Partner:
    name: str
    contribution: str


@dataclass(frozen=True)
class Match:
    pledger: str
    support: str  # label: "Financial", "Technical", "Material"
    description: str
    amount: Amount | None = None


@dataclass(frozen=True)
class Target:
    indicator: str
    baseline: Number
    target: Number
    unit: str
    latest: Number | None = None  # the latest reported value, if any report gave one


@dataclass(frozen=True)
class LatestReport:
    as_of: date
    narrative: str


@dataclass(frozen=True)
class Pledge:
    """One pledge as the report writes it out. `objectives` keeps the pledger's order: the
    first is the one the pledger put first (the form asks for the main ones)."""

    reference: str
    title: str
    description: str
    pledger: str
    category: str
    type: str
    objectives: tuple[int, ...]
    status: str
    deadline: date | None = None
    percent_complete: int | None = None
    partners: tuple[Partner, ...] = ()
    matches: tuple[Match, ...] = ()
    targets: tuple[Target, ...] = ()
    latest_report: LatestReport | None = None
    region: str = ""
    forms: tuple[str, ...] = ()
    financial: Amount | None = None

    def __post_init__(self) -> None:
        # A pledge the report cannot place would silently go missing: refuse it instead.
        if not self.objectives:
            raise ValueError(f"{self.reference}: a pledge needs at least one objective")
        unknown = [n for n in self.objectives if n not in OBJECTIVES]
        if unknown:
            raise ValueError(f"{self.reference}: {unknown} are not GCM objectives (1 to 23)")
        if len(set(self.objectives)) != len(self.objectives):
            raise ValueError(f"{self.reference}: an objective is listed twice")

    @property
    def main_objective(self) -> int:
        return self.objectives[0]

    @property
    def round_tables(self) -> tuple[int, ...]:
        return tuple(round_tables_for(self.objectives))

    def address(self, base_url: str) -> str:
        path = PLEDGE_PATH.format(reference=quote(self.reference, safe=""))
        return base_url.rstrip("/") + path


@dataclass(frozen=True)
class ReportMeta:
    data_as_of: datetime  # when the read models stood where the data was read
    base_url: str  # the site, for each pledge's live address
    filters: tuple[str, ...] = ()  # as people read them: "Round table: 1", "Status: Fulfilled"
    language: str = "en"
    title: str = TITLE
    forum: str = FORUM


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True)
class Summary:
    """Figures for the summary and the annexes. A pledge counts once in each of `by_status`,
    `by_category` and `by_region`, and under each of its forms, objectives and round tables."""

    totals: tuple[Count, ...]
    by_status: tuple[Count, ...]
    by_category: tuple[Count, ...]
    by_region: tuple[Count, ...]
    by_form: tuple[Count, ...]
    by_objective: tuple[Count, ...]
    by_round_table: tuple[Count, ...]


@dataclass(frozen=True)
class Report:
    meta: ReportMeta
    pledges: Sequence[Pledge]
    summary: Summary
