"""The consolidated report's document model (api/documents/model.py) from the read models.

The pledges are the public list's (`SummaryQueries.all`, the query GET /api/pledges runs), so
whatever that list leaves out of a public read is left out of the report too. Names of
partners and matchers are organisation names from the summaries' pledgers; no contact ever.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from api.documents import model
from api.documents.figures import report_of
from api.pages.labels import country_name, label
from domain.taxonomy import OBJECTIVES
from infrastructure.container import Container
from projections.listing import Filters

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
UNNAMED = "An unregistered pledger"
CODED_FILTERS = ("status", "category", "region", "type", "form", "level", "overdue")


def figure(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # a stored text that is no number: as nothing reported
        return None


def parse_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def targets(details: dict[str, Any]) -> tuple[model.Target, ...]:
    latest = details.get("latest") or {}
    return tuple(
        model.Target(
            t["indicator"],
            figure(t["baseline"]) or Decimal(0),
            figure(t["target"]) or Decimal(0),
            t["unit"] or "",
            figure(latest.get(t["indicator"])),
        )
        for t in details.get("targets") or ()
    )


def latest_report(details: dict[str, Any]) -> model.LatestReport | None:
    """The fulfilment's narrative when fulfilled (the last word), else the last report's."""
    closing, report = details.get("closing"), details.get("report")
    if closing:
        return model.LatestReport(date.fromisoformat(closing["fulfilled_on"]), closing["narrative"])
    if report:
        return model.LatestReport(date.fromisoformat(report["as_of"]), report["narrative"])
    return None


def amount(value: str | None, currency: str | None) -> model.Amount | None:
    found = figure(value)
    return model.Amount(found, currency or "") if found is not None else None


def pledge(item: dict[str, Any], names: dict[str, str]) -> model.Pledge | None:
    details = item.get("details") or {}
    objectives = tuple(dict.fromkeys(n for n in item["objectives"] if n in OBJECTIVES))
    if not objectives:  # only a pledge recorded before the rules could have none of the 23
        log.warning("left out of the report: no GCM objective", extra={"ref": item["reference"]})
        return None
    return model.Pledge(
        reference=item["reference"],
        title=item["title"],
        description=item.get("description") or "",
        pledger=item["pledger_name"] or UNNAMED,
        category=label(item["category"]) if item["category"] else "",
        type=label(item["type"]),
        objectives=objectives,
        status=label(item["status"]),
        deadline=item["deadline"],
        percent_complete=item["percent_complete"] if item["reports"] else None,
        partners=tuple(
            model.Partner(names.get(p["pledger_id"], UNNAMED), p["contribution"])
            for p in details.get("partners") or ()
        ),
        matches=tuple(
            model.Match(
                names.get(m["pledger_id"], UNNAMED),
                label(m["support"]),
                m["description"],
                amount(m["amount"], m["currency"]),
            )
            for m in details.get("matches") or ()
        ),
        targets=targets(details),
        latest_report=latest_report(details),
        region=label(item["region"]),
        forms=tuple(label(f) for f in item["forms"]),
        financial=amount(
            None if item["amount"] is None else str(item["amount"]), item["currency"]
        ),
    )


def pledger_ids(items: Iterable[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for item in items:
        details = item.get("details") or {}
        found.update(p["pledger_id"] for p in details.get("partners") or ())
        found.update(m["pledger_id"] for m in details.get("matches") or ())
    return found


def filter_words(filters: Filters, names: dict[str, str]) -> tuple[str, ...]:
    """The filters as a reader of the cover reads them: "Round table: 1, 2"; a pledger by
    its name (from `names`)."""
    out = []
    for name, value in vars(filters).items():
        values = value if isinstance(value, list) else [] if value is None else [value]
        if name == "pledger" and value:
            values = [names.get(str(value), str(value))]
        elif name == "country":
            values = [country_name(v) for v in values]
        elif name in CODED_FILTERS:
            values = [label(v) for v in values]
        if values:
            title = "Words" if name == "q" else label(name)
            out.append(f"{title}: {', '.join(map(str, values))}")
    return tuple(out)


def build(
    container: Container,
    filters: Filters,
    today: date,
    data_as_of: datetime,
    progress: Progress | None = None,
) -> model.Report:
    """Every public pledge that matches the filters, with what the document shows of it."""
    items = []
    for item in container.queries.all(filters, today, detailed=True):
        items.append(item)
        if progress:
            progress("Reading pledges", len(items), 0)
    wanted = pledger_ids(items) | ({filters.pledger} if filters.pledger else set())
    names = container.queries.pledger_names(wanted) if wanted else {}
    pledges = [p for item in items if (p := pledge(item, names)) is not None]
    meta = model.ReportMeta(
        data_as_of=data_as_of,
        base_url=container.settings.public_url,
        filters=filter_words(filters, names),
    )
    return report_of(meta, pledges)
