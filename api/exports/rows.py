"""One export row per pledge: public fields only (the summaries hold no personal data)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from api.exports.fields import LIST, PLEDGES, Field
from api.pages.labels import WORDS, label
from domain.taxonomy import (
    COUNTRIES,
    OBJECTIVES,
    ROUND_TABLES,
    Category,
    Form,
    Level,
    PledgeType,
    Principle,
    Region,
    Status,
    Support,
)

# (header, item key); the same order in CSV and XLSX (api/exports/fields.py).
COLUMNS: list[tuple[str, str]] = [(f.name, f.source) for f in PLEDGES]
HEADERS = [h for h, _ in COLUMNS]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """A spreadsheet must not run a cell as a formula: `=1+1` becomes `'=1+1`."""
    return "'" + value if value.startswith(DANGEROUS) else value


def typed(item: dict[str, Any], columns: list[tuple[str, str]] = COLUMNS) -> list[Any]:
    """Values as Python types (dates, Decimals, ints, bools); lists joined by '; '."""
    out: list[Any] = []
    for _header, column in columns:
        value = item.get(column)
        if isinstance(value, list):
            value = LIST.join(str(v) for v in value)
        elif isinstance(value, datetime):
            value = value.astimezone(UTC).replace(tzinfo=None)
        elif column == "pledge_id":
            value = str(value)
        out.append(safe_text(value) if isinstance(value, str) else value)
    return out


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | Decimal):
        return str(value) if not isinstance(value, Decimal) else format(value, "f")
    return str(value)


def objective_rows(item: dict[str, Any]) -> list[list[Any]]:
    """An objective recorded before the rules that is none of the 23 is listed unnamed."""
    return [
        [safe_text(item["reference"]), n, *reversed(OBJECTIVES.get(n, ("", "")))]
        for n in item["objectives"]
    ]


def country_rows(item: dict[str, Any]) -> list[list[Any]]:
    return [[safe_text(item["reference"]), c, COUNTRIES.get(c, c)] for c in item["countries"]]


def form_rows(item: dict[str, Any]) -> list[list[Any]]:
    return [[safe_text(item["reference"]), f] for f in item["forms"]]


def figure_rows(figures: dict[str, Any]) -> list[list[Any]]:
    """The dashboard figures as (section, key, label, value) rows."""
    rows: list[list[Any]] = [["totals", k, k, v] for k, v in figures["totals"].items()]
    rows += [["rates", k, k, v] for k, v in figures["rates"].items()]
    rows += [
        ["financial", m["currency"], m["pledges"], Decimal(m["amount"])]
        for m in figures["financial"]
    ]
    rows += [
        ["objective", o["objective"], o["label"], o["pledges"]] for o in figures["by_objective"]
    ]
    for name in ("status", "category", "region", "type", "form", "level", "round_table"):
        rows += [[name, k, k, v] for k, v in figures[f"by_{name}"].items()]
    rows += [
        ["submitted_month", m["month"], m["month"], m["submitted"]] for m in figures["over_time"]
    ]
    rows += [
        ["fulfilled_month", m["month"], m["month"], m["fulfilled"]] for m in figures["over_time"]
    ]
    return rows


def columns_of(fields: tuple[Field, ...]) -> list[tuple[str, str]]:
    return [(f.name, f.source) for f in fields]


CODED: dict[str, list[Any]] = {
    "status": list(Status),
    "pledger_category": list(Category),
    "type": list(PledgeType),
    "forms": list(Form),
    "principles": list(Principle),
    "levels": list(Level),
    "region": list(Region),
    "support": list(Support),
}


def code_rows() -> list[dict[str, Any]]:
    """Every code of the files with its label: the codes file and sheet."""
    rows = [
        {"field": name, "code": str(c.value), "label": WORDS.get(c.value, label(c))}
        for name, kinds in CODED.items()
        for c in kinds
    ]
    rows += [{"field": "objectives", "code": str(n), "label": f"{t[1]}: {t[0]}"}
             for n, t in OBJECTIVES.items()]
    rows += [{"field": "round_tables", "code": str(n),
              "label": "Objectives " + ", ".join(map(str, sorted(objs)))}
             for n, objs in ROUND_TABLES.items()]
    rows += [{"field": "kind", "code": k, "label": k.capitalize()}
             for k in ("progress", "fulfilment")]
    rows += [{"field": "countries", "code": c, "label": n} for c, n in sorted(COUNTRIES.items())]
    return rows
