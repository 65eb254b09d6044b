"""Rows as the API's bodies: a pledger as PledgerCreate, a pledge as PledgeCreate (targets
from the Targets sheet), a report as ProgressReportCreate, a partner as PartnerCreate, a
fulfilment as FulfilmentCreate. Lists are written `a; b`, indicator values `name: value; …`."""

from __future__ import annotations

import re
from typing import Any

from api.imports.sheets import Row

# Pledge fields whose column has another name (a schema fault is shown under the column).
PLEDGE_COLUMNS = {"financial": "amount", "pledger_id": "pledger", "targets": "Targets"}
LISTS = ("forms", "objectives", "principles", "levels", "countries")
TRUE, FALSE = {"true", "yes", "1", "x"}, {"false", "no", "0", ""}


def items(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,\n]", text) if part.strip()]


def number_or_text(text: str) -> Any:
    """A whole number as int (the schemas take no numeric strings), anything else as written."""
    return int(text) if re.fullmatch(r"-?\d{1,9}", text) else text


def flag(text: str) -> Any:
    low = text.strip().lower()
    return True if low in TRUE else False if low in FALSE else text


def optional(text: str) -> str | None:
    return text or None


def pledger_body(row: Row) -> dict[str, Any]:
    return {
        "name": row.get("name"),
        "category": row.get("category"),
        "country": optional(row.get("country")),
        "gcm_champion": flag(row.get("gcm_champion")),
    }


def pledge_body(row: Row, pledger_id: str, targets: list[dict[str, Any]]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "pledger_id": pledger_id,
        "title": row.get("title"),
        "description": row.get("description"),
        "type": row.get("type"),
        "region": row.get("region") or "global",
        "pledged_on": row.get("pledged_on"),
        "deadline": row.get("deadline"),
        "language": row.get("language") or "en",
        "targets": targets,
        "gcr_mirror": flag(row.get("gcr_mirror")),
    }
    for name in LISTS:
        body[name] = [
            number_or_text(v) if name == "objectives" else v for v in items(row.get(name))
        ]
    if row.get("amount") or row.get("currency"):
        body["financial"] = {"amount": row.get("amount"), "currency": row.get("currency")}
    return body


def target_body(row: Row) -> dict[str, Any]:
    return {
        "indicator": row.get("indicator"),
        "baseline": row.get("baseline") or "0",
        "target": row.get("target"),
        "unit": row.get("unit"),
    }


def indicator_values(text: str) -> list[dict[str, str]]:
    out = []
    for part in [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]:
        indicator, _, value = part.rpartition(":")
        out.append({"indicator": indicator.strip(), "value": value.strip()})
    return out


def report_body(row: Row) -> dict[str, Any]:
    return {
        "as_of": row.get("as_of"),
        "percent_complete": number_or_text(row.get("percent_complete")),
        "narrative": row.get("narrative"),
        "indicators": indicator_values(row.get("indicators")),
    }


def fulfilment_body(row: Row, reported: Row | None = None) -> dict[str, Any] | None:
    """From the pledge row's fulfilment columns (the template), or from the exports' report
    of fulfilment (a Reports row of kind `fulfilment`)."""
    if not (row.get("fulfilled_on") or row.get("fulfilment_narrative") or reported):
        return None
    return {
        "fulfilled_on": row.get("fulfilled_on") or (reported.get("as_of") if reported else ""),
        "narrative": row.get("fulfilment_narrative")
        or (reported.get("narrative") if reported else ""),
        "explanation": row.get("fulfilment_explanation"),
    }
