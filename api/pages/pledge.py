"""A pledge's page: what was pledged, by whom, with whom, targets against the latest reported
values, progress over time, and a public timeline of its events.

The timeline says what happened in words made from the events' public fields only: never who
(which token) recorded it, never a reminder's recipients or the Secretariat's notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from typing import Any
from uuid import UUID

from markupsafe import Markup

from api.pages import matching
from api.pages.amendments import amendments_shown
from api.pages.fulfilment import fulfilment
from api.pages.labels import label, money, number
from domain.application import PledgeTracker
from domain.errors import PledgerNotFoundError
from domain.pledge import Pledge
from domain.queries import HistoryEntry
from domain.taxonomy import OBJECTIVES, round_tables_for
from domain.values import IndicatorValue

PUBLIC_EVENTS = {
    "Submitted": "Pledged",
    "Amended": "Amended",
    "Matched": "Matched",
    "PartnerJoined": "Partner joined",
    "PartnerLeft": "Partner left",  # invitations, refusals and withdrawals stay private
    "ProgressReported": "Progress reported",
    "Fulfilled": "Fulfilled",
    "Lapsed": "Lapsed",
    "Reinstated": "Reinstated",
    "DeadlineExtended": "Deadline extended",
    "Withdrawn": "Withdrawn",
    "Published": "Published",  # a return for revision and its comments stay private
}
# The history's words for the Secretariat and the pledger (console, portal), besides its type.
REVIEW_EVENTS = {
    "Published": "Published after the Secretariat's review",
    "ReturnedForRevision": "Returned for revision by the Secretariat",
    "PartnerInvited": "Invited to partner; not public until it accepts",
    "PartnerJoined": "Partner joined (accepted, or recorded by the Secretariat)",
    "PartnerDeclined": "The invited organisation declined",
    "PartnerInvitationWithdrawn": "Invitation to partner withdrawn",
    "PartnerLeft": "Partner left, with a reason",
}


class Names:
    """Pledger names (public organisation data), each looked up once."""

    def __init__(self, app: PledgeTracker) -> None:
        self.app = app
        self.known: dict[UUID, tuple[str, str]] = {}

    def __call__(self, pledger_id: UUID) -> tuple[str, str]:
        if pledger_id not in self.known:
            try:
                p = self.app.get_pledger(pledger_id)
                self.known[pledger_id] = (p.name, label(p.category))
            except PledgerNotFoundError:
                self.known[pledger_id] = ("An unregistered pledger", "")
        return self.known[pledger_id]


def summary(entry: HistoryEntry, names: Names) -> tuple[date, str]:
    """The effective date of an event and one public sentence about it."""
    d, when = entry.data, entry.effective_on  # domain/effective.py: the same days
    match entry.type:
        case "Submitted":
            return d["pledged_on"], f"Pledged by {names(d['pledger_id'])[0]}."
        case "Matched":
            amount = d.get("amount")
            extra = f" of {money(amount.amount, amount.currency)}" if amount else ""
            name = names(d["pledger_id"])[0]
            return d[
                "matched_on"
            ], f"{name} matched it with {label(d['support']).lower()} support{extra}."
        case "PartnerJoined":
            return d["joined_on"], f"{names(d['pledger_id'])[0]} joined as a partner."
        case "PartnerLeft":
            return d["left_on"], f"{names(d['pledger_id'])[0]} no longer partners the pledge."
        case "ProgressReported":
            done = f"{d['percent_complete']}% complete as of {d['as_of'].isoformat()}."
            return d["as_of"], f"{done} {d['narrative']}"
        case "Fulfilled":
            why = d.get("explanation") and f" Targets not met: {d['explanation']}"
            return d["fulfilled_on"], f"Reported fulfilled. {d['narrative']}{why or ''}"
        case "Lapsed":
            return d["lapsed_on"], "Lapsed: the deadline and its grace period passed."
        case "Reinstated":
            return when, f"Reinstated with a new deadline of {d['deadline'].isoformat()}."
        case "DeadlineExtended":
            return when, f"Deadline extended to {d['deadline'].isoformat()}."
        case "Withdrawn":
            return d["withdrawn_on"], "Withdrawn by the pledger."
        case "Amended":
            return when, f"The pledge's content was amended: {d['reason']}".rstrip(": ")
        case "Published":
            return when, "Published after the Secretariat's review."
    return when, ""


@dataclass(frozen=True)
class Report:
    version: int
    as_of: date
    percent_complete: int
    indicators: tuple[IndicatorValue, ...]


def reports_in(history: list[HistoryEntry]) -> list[Report]:
    """The progress reports, oldest first (the pledge's state keeps only a summary)."""
    found = [
        Report(e.version, e.data["as_of"], e.data["percent_complete"], tuple(e.data["indicators"]))
        for e in history
        if e.type == "ProgressReported"
    ]
    return sorted(found, key=lambda r: (r.as_of, r.version))


def timeline(history: list[HistoryEntry], names: Names) -> list[dict[str, Any]]:
    # Amendments asked for in review are between the pledger and the Secretariat, as the
    # public page's "Amendments" (domain/amendments.py); a pledge recorded before review
    # existed has no Published event and shows them all.
    published = [e.version for e in history if e.type == "Published"]
    reviewed_until = published[-1] if published else 0
    items = []
    for entry in history:
        if entry.type not in PUBLIC_EVENTS:
            continue  # reminders and any future internal event stay private
        if entry.type == "Amended" and entry.version < reviewed_until:
            continue
        when, text = summary(entry, names)
        items.append(
            {
                "type": PUBLIC_EVENTS[entry.type],
                "code": entry.type,
                "on": when,
                "summary": text,
                "version": entry.version,
            }
        )
    return items


def targets(pledge: Pledge, reports: list[Report]) -> list[dict[str, Any]]:
    latest: dict[str, tuple[Decimal, date]] = {}
    for report in reports:
        for reported in report.indicators:
            latest[reported.indicator] = (reported.value, report.as_of)
    rows = []
    for t in pledge.content.targets:
        value: Decimal | None = None
        as_of: date | None = None
        if t.indicator in latest:
            value, as_of = latest[t.indicator]
        share = None if value is None else share_of(value, t.baseline, t.target)
        rows.append(
            {
                "indicator": t.indicator,
                "unit": t.unit,
                "baseline": number(t.baseline),
                "target": number(t.target),
                "latest": number(value),
                "as_of": as_of,
                "share": None if share is None else round(share, 1),
            }
        )
    return rows


def share_of(value: Decimal, baseline: Decimal, target: Decimal) -> float | None:
    """How far from baseline to target the value is, in percent, 0 to 100 (a bar's width).
    Computed with no trap set: stored values beyond today's bounds (1E+999999999) give an
    infinite or undefined share, which shows as none, instead of an error."""
    with localcontext() as context:
        context.traps = dict.fromkeys(context.traps, False)
        share = (value - baseline) / (target - baseline) * 100
    return max(0.0, min(100.0, float(share))) if share.is_finite() else None


def clamp(percent: float) -> float:
    return max(0.0, min(100.0, percent))


def progress_line(pledge: Pledge, reports: list[Report]) -> dict[str, Any]:
    """Percent complete at each report, as points of a 0..100 line from pledge to deadline
    (points kept inside the chart, whatever dates and percentages were stored)."""
    start, end = pledge.pledged_on, max([pledge.deadline, *(r.as_of for r in reports)])
    span = max((end - start).days, 1)
    points = [{"x": 0.0, "y": 100.0, "on": start, "percent": 0}]
    for r in reports:
        x = round(clamp((r.as_of - start).days / span * 100) * 3, 1)
        y = 100.0 - clamp(r.percent_complete)
        points.append({"x": x, "y": y, "on": r.as_of, "percent": r.percent_complete})
    return {
        "points": points,
        # Figures only: safe as it is, and never cut however many reports there are.
        "polyline": Markup.escape(" ".join(f"{p['x']},{p['y']}" for p in points)),
        "start": start,
        "end": end,
    }


def context(app: PledgeTracker, pledge: Pledge, today: date) -> dict[str, Any]:
    names = Names(app)
    c = pledge.content
    history = app.history(pledge.id)
    reports = reports_in(history)
    return {
        "pledge": pledge,
        "content": c,
        "status": pledge.status.value,
        "percent_bar": clamp(pledge.percent_complete),
        "overdue": pledge.is_overdue(today),
        "pledger": names(pledge.pledger_id),
        "objectives": [(n, OBJECTIVES[n][0], OBJECTIVES[n][1]) for n in c.objectives],
        "round_tables": round_tables_for(list(c.objectives)),
        "partners": [
            {
                "name": names(p.pledger_id)[0],
                "category": names(p.pledger_id)[1],
                "contribution": p.contribution,
                "on": p.joined_on,
            }
            for p in pledge.partners
        ],
        "matches": [
            {
                "name": names(m.pledger_id)[0],
                "support": label(m.support),
                "amount": money(m.amount.amount, m.amount.currency) if m.amount else "",
                "description": m.description,
                "on": m.matched_on,
                "from": matching.public_reference(app, m.pledge_id),
            }
            for m in pledge.matches
        ],
        **matching.context(pledge),
        "targets": targets(pledge, reports),
        "progress": progress_line(pledge, reports),
        "reports": reports,
        "timeline": timeline(history, names),
        "amendments": amendments_shown(app.amendments(pledge.id, public=True)),
        "fulfilment": fulfilment(pledge, history),
        "today": today,
    }
