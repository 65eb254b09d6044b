"""How a fulfilled pledge stood when it was declared fulfilled: its percent complete, the
targets its latest reported values fell short of, and the pledger's explanation."""

from __future__ import annotations

from typing import Any

from api.pages.labels import number
from domain.pledge import Pledge
from domain.progress import unmet_targets
from domain.queries import HistoryEntry


def fulfilment(pledge: Pledge, history: list[HistoryEntry]) -> dict[str, Any] | None:
    """None unless fulfilled. Nothing follows `Fulfilled`, so the pledge's percent and latest
    values are those it was declared fulfilled with."""
    entry = next((e for e in reversed(history) if e.type == "Fulfilled"), None)
    if entry is None or pledge.fulfilled_on is None:
        return None
    latest = pledge.latest_values
    short = [
        f"{t.indicator} {number(latest[t.indicator])} of {number(t.target)}"
        + (f" {t.unit}" if t.unit else "")
        for t in unmet_targets(pledge.content.targets, latest)
    ]
    return {
        "on": pledge.fulfilled_on,
        "percent": pledge.percent_complete,
        "narrative": entry.data.get("narrative", ""),
        "explanation": entry.data.get("explanation", ""),
        "short": short,
    }
