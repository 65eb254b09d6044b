"""Summary figures worked out from the pledges a report holds, so the counts always match the
pledges written out (the dashboard's figures can be passed instead, as a `Summary`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from api.documents.model import Count, Pledge, Report, ReportMeta, Summary
from domain.taxonomy import OBJECTIVES, ROUND_TABLES


def counts(values: Iterable[str]) -> tuple[Count, ...]:
    """Largest first, then by label, so the annex tables read the same in every run."""
    tally = Counter(v for v in values if v)
    return tuple(Count(k, n) for k, n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0])))


def objective_label(number: int) -> str:
    return f"{number}. {OBJECTIVES[number][1]}"


def summarise(pledges: Sequence[Pledge]) -> Summary:
    by_objective = Counter(n for p in pledges for n in p.objectives)
    by_round_table = Counter(rt for p in pledges for rt in p.round_tables)
    pledgers = {p.pledger for p in pledges}
    reported = sum(1 for p in pledges if p.latest_report is not None)
    totals = (
        Count("Pledges", len(pledges)),
        Count("Pledgers", len(pledgers)),
        Count("Pledges with a progress report", reported),
        Count("Partners named", sum(len(p.partners) for p in pledges)),
        Count("Matches", sum(len(p.matches) for p in pledges)),
    )
    return Summary(
        totals=totals,
        by_status=counts(p.status for p in pledges),
        by_category=counts(p.category for p in pledges),
        by_region=counts(p.region for p in pledges),
        by_form=counts(f for p in pledges for f in p.forms),
        # Every objective and round table, zeros included: the gaps are what the Forum asks about.
        by_objective=tuple(Count(objective_label(n), by_objective[n]) for n in OBJECTIVES),
        by_round_table=tuple(Count(f"Round table {rt}", by_round_table[rt]) for rt in ROUND_TABLES),
    )


def report_of(meta: ReportMeta, pledges: Sequence[Pledge]) -> Report:
    return Report(meta=meta, pledges=tuple(pledges), summary=summarise(pledges))
