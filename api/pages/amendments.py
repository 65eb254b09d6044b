"""What an amendment changed, in words: "target 'Migrants advised' 500 → 300"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from api.pages.labels import country_name, label, money, number
from domain.amendments import Amendment, Change
from domain.values import Money, Target

LONG_TEXT = 120  # a longer text (a description) is said to be rewritten, not quoted whole
NAMES = {
    "title": "title",
    "description": "description",
    "type": "type",
    "forms": "forms",
    "objectives": "GCM objectives",
    "principles": "guiding principles",
    "levels": "levels",
    "countries": "countries",
    "region": "region",
    "language": "language",
    "financial": "financial amount",
    "gcr_mirror": "mirrors a Global Compact on Refugees pledge",
    "baseline": "baseline",
    "target": "target",
    "unit": "unit",
}


@dataclass(frozen=True)
class AmendmentShown:
    version: int
    on: date
    reason: str
    changes: tuple[str, ...]


def shown(value: Any, field: str) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Money):
        return money(value.amount, value.currency)
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, tuple):
        items = [country_name(v) if field == "countries" else shown(v, field) for v in value]
        return ", ".join(items) or "none"
    if isinstance(value, str) and field in ("title", "unit"):
        return f"'{value}'"
    return str(value) if field in ("objectives", "language") else label(value)


def target_words(target: Target) -> str:
    unit = f" {target.unit}" if target.unit else ""
    return f"{number(target.baseline)} → {number(target.target)}{unit}"


def describe(change: Change) -> str:
    if change.field == "targets":
        if change.before is None:
            return f"target '{change.indicator}' added: {target_words(change.after)}"
        return f"target '{change.indicator}' removed (was {target_words(change.before)})"
    name = NAMES.get(change.field, change.field)
    if change.indicator is not None:
        name = f"{name} '{change.indicator}'"
    if change.field == "description" and max(len(change.before), len(change.after)) > LONG_TEXT:
        return f"description rewritten ({len(change.before):,} → {len(change.after):,} characters)"
    return f"{name} {shown(change.before, change.field)} → {shown(change.after, change.field)}"


def amendments_shown(amendments: list[Amendment]) -> list[AmendmentShown]:
    return [
        AmendmentShown(
            a.version, a.recorded_at.date(), a.reason, tuple(describe(c) for c in a.changes)
        )
        for a in amendments
    ]
