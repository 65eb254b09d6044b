"""What the projections should say, recomputed from the event store through the aggregates
(not through the projections' own code)."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from domain.pledge import Pledge
from domain.pledger import Pledger
from domain.taxonomy import FINAL_STATUSES, Review, round_tables_for
from infrastructure.container import Container


def all_aggregates(c: Container) -> tuple[list[Pledge], dict[Any, Pledger]]:
    ids = {n.originator_id for n in c.app.recorder.select_notifications(start=1, limit=10**6)}
    pledges, pledgers = [], {}
    for aggregate_id in ids:
        aggregate = c.app.repository.get(aggregate_id)
        if isinstance(aggregate, Pledge):
            pledges.append(aggregate)
        elif isinstance(aggregate, Pledger):
            pledgers[aggregate.id] = aggregate
    return pledges, pledgers


def wait_caught_up(c: Container, timeout: float = 30) -> None:
    head = c.app.recorder.max_notification_id() or 0
    deadline = time.monotonic() + timeout
    while min(c.views.positions().values()) < head:
        assert time.monotonic() < deadline, f"projections stuck at {c.views.positions()} < {head}"
        time.sleep(0.02)


def expected_summary(p: Pledge, pledger: Pledger) -> dict[str, Any]:
    return {
        "pledge_id": p.id,
        "reference": p.reference,
        "status": p.status.value,
        "review": p.review.value,
        "version": p.version,
        "deadline": p.deadline,
        "percent_complete": p.percent_complete,
        "last_report_on": p.last_report_on,
        "reports": p.report_count,
        "partners": len(p.partners),
        "matches": len(p.matches),
        "pledger_name": pledger.name,
        "category": pledger.category.value,
        "objectives": list(p.content.objectives),
        "forms": [f.value for f in p.content.forms],
        "title": p.content.title,
    }


def expected_counts(
    pledges: list[Pledge], pledgers: dict[Any, Pledger], today: date
) -> dict[str, Any]:
    by: dict[str, Counter[str]] = {
        k: Counter()
        for k in (
            "status",
            "objective",
            "form",
            "level",
            "type",
            "region",
            "category",
            "round_table",
        )
    }
    money: dict[str, Decimal] = {}
    overdue = 0
    pledges = [p for p in pledges if p.review == Review.PUBLISHED]  # the public's figures
    for p in pledges:
        by["status"][p.status.value] += 1
        by["type"][p.content.type.value] += 1
        by["region"][p.content.region.value] += 1
        by["category"][pledgers[p.pledger_id].category.value] += 1
        by["objective"].update(str(o) for o in p.content.objectives)
        by["round_table"].update(str(r) for r in round_tables_for(list(p.content.objectives)))
        by["form"].update(f.value for f in p.content.forms)
        by["level"].update(v.value for v in p.content.levels)
        if p.content.financial:
            c = p.content.financial.currency
            money[c] = money.get(c, Decimal(0)) + p.content.financial.amount
        overdue += p.status not in FINAL_STATUSES and p.deadline < today
    return {
        "by": by,
        "money": money,
        "overdue": overdue,
        "pledges": len(pledges),
        "pledgers": len({p.pledger_id for p in pledges}),
    }


def assert_dashboard_matches(dashboard: dict[str, Any], expected: dict[str, Any]) -> None:
    totals = dashboard["totals"]
    assert (totals["pledges"], totals["pledgers"], totals["overdue"]) == (
        expected["pledges"],
        expected["pledgers"],
        expected["overdue"],
    )
    for name in ("status", "form", "level", "type", "region", "category", "round_table"):
        shown = {k: v for k, v in dashboard[f"by_{name}"].items() if v}
        assert shown == dict(expected["by"][name]), name
    objectives = {
        str(o["objective"]): o["pledges"] for o in dashboard["by_objective"] if o["pledges"]
    }
    assert objectives == dict(expected["by"]["objective"])
    money = {m["currency"]: Decimal(m["amount"]) for m in dashboard["financial"]}
    assert money == expected["money"]


def expected_details(c: Container, p: Pledge) -> dict[str, Any]:
    """What the report and the exports read of a pledge (projections/details.py), from the
    aggregate and its history: figures, dates and ids as text."""
    reports = c.app.progress_reports(p.id)
    last = reports[-1] if reports else None
    fulfilled = p.status.value == "fulfilled"
    return {
        "targets": [
            {"indicator": t.indicator, "baseline": str(t.baseline), "target": str(t.target),
             "unit": t.unit}
            for t in p.content.targets
        ],
        "latest": {k: str(v) for k, v in p.latest_values.items()},
        "partners": [
            {"pledger_id": str(x.pledger_id), "contribution": x.contribution,
             "joined_on": x.joined_on.isoformat()}
            for x in p.partners
        ],
        "matches": [
            {"pledger_id": str(m.pledger_id), "support": m.support.value,
             "description": m.description,
             "amount": str(m.amount.amount) if m.amount else None,
             "currency": m.amount.currency if m.amount else None,
             "matched_on": m.matched_on.isoformat()}
            for m in p.matches
        ],
        "report": None if last is None else {
            "as_of": last.as_of.isoformat(), "percent_complete": last.percent_complete,
            "narrative": last.narrative,
        },
        "closing": {"fulfilled_on": p.fulfilled_on.isoformat(), "narrative": p.closing_note}
        if fulfilled and p.fulfilled_on else None,
    }
