"""What the consolidated report and the exports show of a pledge beyond its summary: targets
with their latest reported values, partners, matches, and the latest report's narrative.

Kept in the summaries' `details` column (JSON), by the same events as the rest of the row.
Every value is JSON-native (dates, amounts and ids as text), so a row read back from the
table equals the row a rebuild keeps in memory. Partners and matches hold pledger ids, never
names: names are joined when read (a pledger may be renamed), and no contact ever enters.
Views without the column (the dashboard, the deadlines) skip all of this.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from domain.pledge import Pledge
from projections import bounded

Row = dict[str, Any]
COLUMN = "details"
DETAILS: dict[type, Callable[[Any, dict[str, Any]], None]] = {}


def figure(value: Decimal | None) -> str | None:
    """A figure as text, bounded as the amounts' text is (projections/bounded.py)."""
    return None if value is None else bounded.amount_text(value)


def text(value: Any, limit: int = bounded.LONG) -> Any:
    return bounded.text(value, limit)


def empty() -> dict[str, Any]:
    return {"targets": [], "latest": {}, "partners": [], "matches": [], "report": None,
            "closing": None}


def targets(content: Any) -> list[dict[str, Any]]:
    return [
        {
            "indicator": text(t.indicator, bounded.NAME),
            "baseline": figure(t.baseline),
            "target": figure(t.target),
            "unit": text(t.unit, bounded.NAME),
        }
        for t in content.targets
    ]


def submitted(event: Any) -> dict[str, Any]:
    found = empty()
    found["targets"] = targets(event.content)
    return found


def apply(event: Any, row: Row) -> None:
    """The row's details after the event (the row is the caller's to change)."""
    change = DETAILS.get(type(event))
    if change is None or COLUMN not in row:
        return
    details = dict(row[COLUMN] or empty())  # a row written before the column: from here on
    change(event, details)
    row[COLUMN] = details


def _on(event_class: Any) -> Callable[[Callable[[Any, dict[str, Any]], None]], None]:
    def register(change: Callable[[Any, dict[str, Any]], None]) -> None:
        DETAILS[event_class] = change

    return register


@_on(Pledge.Amended)  # type: ignore[attr-defined]
def _amended(event: Any, details: dict[str, Any]) -> None:
    details["targets"] = targets(event.content)


@_on(Pledge.Matched)
def _matched(event: Any, details: dict[str, Any]) -> None:
    amount = event.amount
    details["matches"] = [
        *details["matches"],
        {
            "pledger_id": str(event.pledger_id),
            "support": str(event.support),
            "description": text(event.description),
            "amount": figure(amount.amount) if amount else None,
            "currency": text(amount.currency, bounded.CODE) if amount else None,
            "matched_on": event.matched_on.isoformat(),
        },
    ]


@_on(Pledge.PartnerJoined)
def _partner_joined(event: Any, details: dict[str, Any]) -> None:
    details["partners"] = [
        *details["partners"],
        {
            "pledger_id": str(event.pledger_id),
            "contribution": text(event.contribution),
            "joined_on": event.joined_on.isoformat(),
        },
    ]


@_on(Pledge.PartnerLeft)  # type: ignore[attr-defined]
def _partner_left(event: Any, details: dict[str, Any]) -> None:
    # A partner that left is no longer one: the report and exports name current partners.
    left = str(event.pledger_id)
    details["partners"] = [p for p in details["partners"] if p["pledger_id"] != left]


@_on(Pledge.ProgressReported)  # type: ignore[attr-defined]
def _progress_reported(event: Any, details: dict[str, Any]) -> None:
    # As the pledge itself keeps them (domain/pledge.py): the last report recorded is the
    # latest, and each indicator's last reported value.
    latest = dict(details["latest"])
    for item in event.indicators:
        latest[text(item.indicator, bounded.NAME)] = figure(item.value)
    details["latest"] = latest
    details["report"] = {
        "as_of": event.as_of.isoformat(),
        "percent_complete": bounded.whole(event.percent_complete),
        "narrative": text(event.narrative),
    }


@_on(Pledge.Fulfilled)
def _fulfilled(event: Any, details: dict[str, Any]) -> None:
    details["closing"] = {
        "fulfilled_on": event.fulfilled_on.isoformat(),
        "narrative": text(event.narrative),
    }

