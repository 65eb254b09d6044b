"""The submission form: its choices, and the posted form turned into a wire-format pledge.

The same form amends a pledge (api/portal/amend.py), filled with its content. The server
checks everything again (the API's schema, then the domain's rules); each fault names the wire
field, which `key_of` maps to the input it is shown next to (api/portal/forms.py).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from api.pages.labels import label
from api.portal.auth import Visitor
from api.portal.forms import FormReader
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
    Support,
)
from domain.values import DESCRIPTION_MAX, DESCRIPTION_MIN, PledgeContent
from domain.written import written

TARGET_ROWS = 3
MAX_ROWS = 50  # as many targets as a pledge may have
TARGET_PARTS = ("indicator", "baseline", "target", "unit")
TARGET_INPUT = re.compile(r"target_(indicator|baseline|target|unit)_\d{1,2}")
LISTS = ("forms", "objectives", "principles", "levels", "countries")
SEEK_ROWS = 3  # what a matching pledge seeks: rows of support, description, amount, currency
SEEK_PARTS = ("support", "description", "amount", "currency")


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
        "blank_rows": [{}] * TARGET_ROWS,
        "blank_seeking": [{}] * SEEK_ROWS,
        "supports": coded(Support),
        "description_min": DESCRIPTION_MIN,
        "description_max": DESCRIPTION_MAX,
    }


NEEDS = {
    "title": "Give the pledge a title",
    "description": f"Describe the pledge in {DESCRIPTION_MIN} to {DESCRIPTION_MAX:,} characters",
    "type": "Choose the type of pledge",
    "forms": "Choose at least one form",
    "objectives": "Choose at least one GCM objective",
    "deadline": "Give the date by which the pledge is fulfilled (YYYY-MM-DD)",
    "reason": "Say why the pledge changes",
}


PARTNER_ROWS = 2  # partners named on the form; more are invited from the pledge's page
PARTNER_INPUTS = tuple(
    f"partner_{part}_{i}"
    for i in range(PARTNER_ROWS)
    for part in ("name", "org", "email", "contribution")
)


def key_of(field: str) -> str:
    """`targets[1].target` -> `targets`, `changes.financial.currency` -> `financial`: the
    input (or fieldset) a fault is shown beside."""
    return field.removeprefix("changes.").split("[")[0].split(".")[0]


def rows_posted(visitor: Visitor) -> int:
    """How many target rows the form had (the amendment form has one per target, and more)."""
    rows = [int(k.rsplit("_", 1)[1]) for k in visitor.form if TARGET_INPUT.fullmatch(k)]
    return min(max([TARGET_ROWS - 1, *rows]) + 1, MAX_ROWS)


def targets_of(form: FormReader) -> list[dict[str, Any]]:
    rows = []
    for i in range(rows_posted(form.visitor)):
        row: dict[str, Any] = {k: form.value(f"target_{k}_{i}") for k in TARGET_PARTS}
        if any(row.values()):
            for k in ("baseline", "target"):
                row[k] = form.number(f"target_{k}_{i}", "targets", f"row {i + 1}, {k}: ")
            row["baseline"] = Decimal(0) if row["baseline"] is None else row["baseline"]
            rows.append({k: v for k, v in row.items() if v is not None})
    return rows


def seeking_of(form: FormReader) -> list[dict[str, Any]]:
    """The rows of what a matching pledge seeks that say anything, in the wire format."""
    rows = []
    for i in range(SEEK_ROWS):
        support, description = form.value(f"seek_support_{i}"), form.value(f"seek_description_{i}")
        amount = form.number(f"seek_amount_{i}", "seeking", f"row {i + 1}, amount: ")
        currency = form.value(f"seek_currency_{i}")
        if not (support or description or amount is not None or currency):
            continue
        row: dict[str, Any] = {"support": support, "description": description}
        if amount is not None or currency:
            row["amount"] = {"amount": amount, "currency": currency}
        rows.append(row)
    return rows


def content_from(form: FormReader) -> dict[str, Any]:
    """The content fields as the wire format has them (`financial` None when left empty)."""
    objectives = []
    for value in form.visitor.values("objectives"):
        if value.isdigit():
            objectives.append(int(value))
        else:
            form.add("objectives", f"{value[:20]!r} is not an objective number")
    wire: dict[str, Any] = {
        **{k: form.value(k) for k in ("title", "description", "type")},
        **{k: form.visitor.values(k) for k in ("forms", "principles", "levels", "countries")},
        "objectives": objectives,
        "region": form.value("region") or "global",
        "language": form.value("language") or "en",
        "gcr_mirror": form.value("gcr_mirror") == "yes",
        "targets": targets_of(form),
        "financial": None,
        "seeking": seeking_of(form),
    }
    amount, currency = form.number("amount", "financial"), form.value("currency")
    if form.value("amount") and not currency:  # else the schema's "not written as expected"
        form.add("financial", "Choose the currency of the amount")
    if amount is not None or currency:
        wire["financial"] = {"amount": amount, "currency": currency}
    return wire  # an input left empty stays: the schema says what it needs


def wire_from(form: FormReader, pledger_id: str, today: date) -> dict[str, Any]:
    wire = content_from(form)
    if wire["financial"] is None:
        del wire["financial"]
    wire.update(pledger_id=pledger_id, pledged_on=form.value("pledged_on") or today.isoformat())
    return wire | ({"deadline": form.value("deadline")} if form.value("deadline") else {})


def form_values(visitor: Visitor) -> dict[str, Any]:
    """What the person typed, to fill the form again after an error."""
    single = ("title", "description", "type", "region", "language", "pledged_on", "deadline")
    extra = ("amount", "currency", "gcr_mirror", "reason", *PARTNER_INPUTS)
    return {
        "single": {k: visitor.value(k) for k in (*single, *extra)},
        "multi": {k: visitor.values(k) for k in LISTS},
        "targets": [
            {k: visitor.value(f"target_{k}_{i}") for k in TARGET_PARTS}
            for i in range(rows_posted(visitor))
        ],
        "seeking": [
            {k: visitor.value(f"seek_{k}_{i}") for k in SEEK_PARTS} for i in range(SEEK_ROWS)
        ],
    }


def values_of(content: PledgeContent, language: str) -> dict[str, Any]:
    """A pledge's content as the form shows it, its numbers written for `language`."""
    money = content.financial
    rows = [
        {
            "indicator": t.indicator,
            "baseline": written(t.baseline, language),
            "target": written(t.target, language),
            "unit": t.unit,
        }
        for t in content.targets
    ]
    blank = dict.fromkeys(TARGET_PARTS, "")
    return {
        "single": {
            "title": content.title,
            "description": content.description,
            "type": content.type.value,
            "region": content.region.value,
            "language": content.language,
            "amount": written(money.amount, language) if money else "",
            "currency": money.currency if money else "",
            "gcr_mirror": "yes" if content.gcr_mirror else "",
        },
        "multi": {k: [str(getattr(v, "value", v)) for v in getattr(content, k)] for k in LISTS},
        "targets": rows + [blank] * max(TARGET_ROWS - len(rows), 1),
        "seeking": [
            {
                "support": s.support.value,
                "description": s.description,
                "amount": written(s.amount.amount, language) if s.amount else "",
                "currency": s.amount.currency if s.amount else "",
            }
            for s in content.seeking
        ]
        + [dict.fromkeys(SEEK_PARTS, "")] * max(SEEK_ROWS - len(content.seeking), 0),
    }
