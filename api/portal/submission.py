"""The submission form: its choices, and the posted form turned into a wire-format pledge.

The server checks everything again (the API's PledgeCreate schema, then the domain's rules);
an error names the wire field, which `field_of` maps to the input it is shown next to.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from api.pages.labels import label
from api.portal.auth import Visitor
from domain.errors import InvalidPledgeError
from domain.taxonomy import (
    COUNTRIES,
    CURRENCIES,
    LANGUAGES,
    OBJECTIVES,
    Form,
    Level,
    PledgeType,
    Principle,
    Region,
)
from domain.values import DESCRIPTION_MAX, DESCRIPTION_MIN

TARGET_ROWS = 3


def choices() -> dict[str, Any]:
    def coded(enum: Any) -> list[tuple[str, str]]:
        return [(e.value, label(e.value)) for e in enum]

    return {
        "types": coded(PledgeType),
        "forms": coded(Form),
        "levels": coded(Level),
        "principles": coded(Principle),
        "regions": coded(Region),
        "objectives": [(n, title) for n, (title, _short) in OBJECTIVES.items()],
        "countries": sorted(COUNTRIES.items(), key=lambda item: item[1]),
        "currencies": sorted(CURRENCIES.items()),
        "languages": sorted(LANGUAGES.items(), key=lambda item: item[1]),
        "target_rows": range(TARGET_ROWS),
        "description_min": DESCRIPTION_MIN,
        "description_max": DESCRIPTION_MAX,
    }


def field_of(error: InvalidPledgeError) -> str:
    """`targets[1].target` -> `targets`, `financial.currency` -> `financial`."""
    return error.field.split("[")[0].split(".")[0]


def targets_of(visitor: Visitor) -> list[dict[str, str]]:
    rows = []
    for i in range(TARGET_ROWS):
        row = {k: visitor.value(f"target_{k}_{i}") for k in ("indicator", "baseline", "target")}
        row["unit"] = visitor.value(f"target_unit_{i}")
        if any(row.values()):
            rows.append(row)
    return rows


def wire_from(visitor: Visitor, pledger_id: str, today: date) -> dict[str, Any]:
    objectives = []
    for value in visitor.values("objectives"):
        if not value.isdigit():
            raise InvalidPledgeError("objectives", f"{value!r} is not an objective number")
        objectives.append(int(value))
    wire: dict[str, Any] = {
        "pledger_id": pledger_id,
        "title": visitor.value("title"),
        "description": visitor.value("description"),
        "type": visitor.value("type"),
        "forms": visitor.values("forms"),
        "objectives": objectives,
        "principles": visitor.values("principles"),
        "levels": visitor.values("levels"),
        "countries": visitor.values("countries"),
        "region": visitor.value("region", "global"),
        "language": visitor.value("language", "en"),
        "pledged_on": visitor.value("pledged_on") or today.isoformat(),
        "deadline": visitor.value("deadline"),
        "gcr_mirror": visitor.value("gcr_mirror") == "yes",
        "targets": [{**row, "baseline": row["baseline"] or "0"} for row in targets_of(visitor)],
    }
    amount, currency = visitor.value("amount"), visitor.value("currency")
    if amount or currency:
        wire["financial"] = {"amount": amount, "currency": currency}
    if not wire["deadline"]:
        raise InvalidPledgeError("deadline", "give the date by which the pledge is fulfilled")
    return wire


def form_values(visitor: Visitor) -> dict[str, Any]:
    """What the person typed, to fill the form again after an error."""
    return {
        "single": {
            k: visitor.value(k)
            for k in (
                "title",
                "description",
                "type",
                "region",
                "language",
                "pledged_on",
                "deadline",
                "amount",
                "currency",
                "gcr_mirror",
            )
        },
        "multi": {
            k: visitor.values(k)
            for k in (
                "forms",
                "objectives",
                "principles",
                "levels",
                "countries",
            )
        },
        "targets": [
            {
                k: visitor.value(f"target_{k}_{i}")
                for k in ("indicator", "baseline", "target", "unit")
            }
            for i in range(TARGET_ROWS)
        ],
    }
