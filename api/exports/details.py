"""Export items with everything a reader needs: the list's columns (the public list's query,
so its public-only rule holds), the description, labels beside the codes, and the details
(targets with their latest values, partners and matches by organisation name, the latest
report's narrative). Names come from the summaries' pledgers: never a contact."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import islice
from typing import Any

from api.pages.labels import country_name, label, objective_label
from api.reports.source import UNNAMED, pledger_ids
from domain.taxonomy import OBJECTIVES
from infrastructure.container import Container
from projections.listing import Filters

BATCH = 500


def figure(text: str | None) -> Decimal | str | None:
    """A stored figure as a number where it is one, else as stored."""
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def labelled(item: dict[str, Any]) -> None:
    item["status_label"] = label(item["status"])
    item["category_label"] = label(item["category"]) if item["category"] else None
    item["type_label"] = label(item["type"])
    item["region_label"] = label(item["region"])
    item["forms_labels"] = [label(f) for f in item["forms"]]
    item["principles_labels"] = [label(p) for p in item["principles"]]
    item["levels_labels"] = [label(v) for v in item["levels"]]
    item["objectives_labels"] = [
        objective_label(n) if n in OBJECTIVES else str(n) for n in item["objectives"]
    ]
    item["countries_names"] = [country_name(c) for c in item["countries"]]


def detailed(item: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    details = item.pop("details", None) or {}
    latest = details.get("latest") or {}
    item["target_list"] = [
        {**t, "baseline": figure(t["baseline"]), "target": figure(t["target"]),
         "latest": figure(latest.get(t["indicator"]))}
        for t in details.get("targets") or ()
    ]
    item["partner_list"] = [
        {"partner": names.get(p["pledger_id"], UNNAMED), "contribution": p["contribution"],
         "joined_on": date.fromisoformat(p["joined_on"])}
        for p in details.get("partners") or ()
    ]
    item["match_list"] = [
        {"matched_by": names.get(m["pledger_id"], UNNAMED), "support": m["support"],
         "support_label": label(m["support"]), "description": m["description"],
         "amount": figure(m["amount"]), "currency": m["currency"],
         "matched_on": date.fromisoformat(m["matched_on"])}
        for m in details.get("matches") or ()
    ]
    item["report_list"] = reports(details)
    labelled(item)
    item["partner_names"] = [p["partner"] for p in item["partner_list"]]
    item["matched_by"] = [m["matched_by"] for m in item["match_list"]]
    item["targets_text"] = [target_text(t) for t in item["target_list"]]
    last = item["report_list"][-1] if item["report_list"] else None
    item["latest_narrative"] = last["narrative"] if last else None
    return item


def reports(details: dict[str, Any]) -> list[dict[str, Any]]:
    """The latest progress report, then the fulfilment's, if any (the latest word last)."""
    found = []
    if report := details.get("report"):
        found.append({"kind": "progress", "as_of": date.fromisoformat(report["as_of"]),
                      "percent_complete": report["percent_complete"],
                      "narrative": report["narrative"]})
    if closing := details.get("closing"):
        found.append({"kind": "fulfilment", "as_of": date.fromisoformat(closing["fulfilled_on"]),
                      "percent_complete": 100, "narrative": closing["narrative"]})
    return found


def target_text(t: dict[str, Any]) -> str:
    unit = f" ({t['unit']})" if t["unit"] else ""
    latest = "none reported" if t["latest"] is None else t["latest"]
    return f"{t['indicator']}{unit}: {t['baseline']} -> {t['target']}, latest {latest}"


def items(container: Container, filters: Filters, today: date) -> Iterator[dict[str, Any]]:
    """Every public pledge that matches, in reference order, with everything; streamed."""
    rows = container.queries.all(filters, today, detailed=True)
    while batch := list(islice(rows, BATCH)):
        ids = pledger_ids(batch)
        names = container.queries.pledger_names(ids) if ids else {}
        yield from (detailed(item, names) for item in batch)


def each(items: Iterable[dict[str, Any]], part: str) -> Iterator[dict[str, Any]]:
    """The rows of one part (target_list, partner_list, ...), each with its pledge's reference."""
    for item in items:
        for row in item[part]:
            yield {"reference": item["reference"], **row}
