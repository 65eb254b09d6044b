"""How each event changes a pledge's read-model row: pure functions, shared by every view.

A row is a plain dict of column values. The live runner applies one event to the row it
loads; a rebuild applies thousands to rows it keeps in memory. Both give the same rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from domain.effective import effective_on
from domain.pledge import Pledge, derive_status
from domain.taxonomy import FINAL_STATUSES, round_tables_for
from projections import bounded, details

Row = dict[str, Any]
Evolve = Callable[[Any, Row | None, bool], Row | None]
EVOLVE: dict[type, Evolve] = {}

# The domain's derive_status for every combination a row can hold, worked out once: a
# rebuild asks for it once per event.
STATUSES: dict[tuple[str | None, bool, bool, bool], str] = {
    (final, *flags): derive_status(final, *flags).value  # type: ignore[misc]
    for final in [None, *(s.value for s in FINAL_STATUSES)]
    for flags in itertools.product((False, True), repeat=3)
}


def status_of(row: Row) -> str:
    return STATUSES[
        row["final_status"], row["reports"] > 0, row["partners"] > 0, row["matches"] > 0
    ]


@lru_cache(maxsize=4096)
def round_tables(objectives: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(round_tables_for(objectives))


def content_columns(content: Any) -> Row:
    """The content as the columns hold it: every value as stored, where a column can hold
    it (projections/bounded.py)."""
    financial = content.financial
    amount, amount_text = bounded.amount(financial.amount if financial else None)
    return {
        "title": bounded.text(content.title, bounded.TITLE),
        "description": bounded.text(content.description, bounded.LONG),
        "type": str(content.type),
        "forms": [str(f) for f in content.forms],
        "objectives": bounded.wholes(content.objectives),
        "round_tables": list(round_tables(tuple(content.objectives))),
        "principles": [str(p) for p in content.principles],
        "levels": [str(v) for v in content.levels],
        "countries": bounded.codes(content.countries),
        "region": str(content.region),
        "language": bounded.text(content.language, bounded.CODE),
        "amount": amount,
        "amount_text": amount_text,
        "currency": bounded.text(financial.currency, bounded.CODE) if financial else None,
        "gcr_mirror": content.gcr_mirror,
        "target_count": len(content.targets),
        # Contents stored before matching had no `seeking` (infrastructure/schemas.py
        # restores it as ()); sorted and unique, so the column compares as a set.
        "seeking": sorted({str(s.support) for s in getattr(content, "seeking", ())}),
    }


def evolve(event: Any, row: Row | None, owned: bool = False) -> Row | None:
    """The row after the event; events a view does not show leave it as it was. `owned`:
    the caller's own copy, which may be changed in place (else the row is copied first,
    since the caller may still compare it with what it read)."""
    apply = EVOLVE.get(type(event))
    return row if apply is None else apply(event, row, owned)


def latest(day: date | None, other: date) -> date:
    """The later day: what "recently active" sorts on (events recorded late keep theirs)."""
    return other if day is None or other > day else day


def _on(event_class: type) -> Callable[[Callable[[Any, Row], None]], None]:
    """Register a mutation of an existing row; version and time follow every event."""

    def register(mutate: Callable[[Any, Row], None]) -> None:
        def apply(event: Any, row: Row | None, owned: bool) -> Row | None:
            if row is None:  # an event of a pledge this view never saw submitted
                return None
            if not owned:
                row = dict(row)
            mutate(event, row)
            details.apply(event, row)
            row["version"] = event.originator_version
            row["updated_at"] = event.timestamp
            row["last_effective_on"] = latest(row.get("last_effective_on"), effective_on(event))
            row["status"] = status_of(row)
            return row

        EVOLVE[event_class] = apply

    return register


def _submitted(event: Any, _row: Row | None, _owned: bool) -> Row:
    row: Row = {
        "pledge_id": event.originator_id,
        "reference": bounded.text(event.reference, bounded.CODE),
        "pledger_id": event.pledger_id,
        **content_columns(event.content),
        "pledged_on": event.pledged_on,
        "deadline": event.deadline,
        "submitted_at": event.timestamp,
        "final_status": None,
        "percent_complete": 0,
        "last_report_on": None,
        "reports": 0,
        "matches": 0,
        "match_pledge_ids": [],
        "matcher_ids": [],
        "offerer_ids": [],
        "partners": 0,
        "partner_ids": [],
        "matched_amount": Decimal(0),
        "fulfilled_on": None,
        "closed_on": None,
        "reminders": [],
        "review": str(event.review),
        "details": details.submitted(event),
        "version": event.originator_version,
        "updated_at": event.timestamp,
        "last_effective_on": event.pledged_on,
    }
    row["status"] = status_of(row)
    return row


EVOLVE[Pledge.Submitted] = _submitted


@_on(Pledge.Amended)  # type: ignore[attr-defined]
def _amended(event: Any, row: Row) -> None:
    row.update(content_columns(event.content))
    if row["review"] == "returned":  # as the domain: revised, so back in the queue
        row["review"] = "pending"


@_on(Pledge.Published)  # type: ignore[attr-defined]
def _published(_event: Any, row: Row) -> None:
    row["review"] = "published"


@_on(Pledge.ReturnedForRevision)  # type: ignore[attr-defined]
def _returned_for_revision(_event: Any, row: Row) -> None:
    row["review"] = "returned"


@_on(Pledge.Matched)
def _matched(event: Any, row: Row) -> None:
    row["matches"] += 1
    # Views without these columns (projections/columns.py OPTIONAL) never read them back.
    row["matcher_ids"] = [*row.get("matcher_ids", []), event.pledger_id]
    offering = getattr(event, "pledge_id", None)
    if offering is not None:
        row["match_pledge_ids"] = [*row.get("match_pledge_ids", []), offering]
    amount = event.amount
    if (
        amount is not None
        and amount.currency == row["currency"]
        and bounded.summable(amount.amount)
    ):
        row["matched_amount"] = row["matched_amount"] + amount.amount


@_on(Pledge.MatchOffered)  # type: ignore[attr-defined]
def _match_offered(event: Any, row: Row) -> None:
    row["offerer_ids"] = [*row.get("offerer_ids", []), event.offer.pledger_id]


# An offer's answer changes no column but the row's version, which follows every event.
_on(Pledge.MatchDeclined)(lambda _event, _row: None)  # type: ignore[attr-defined]
_on(Pledge.MatchOfferWithdrawn)(lambda _event, _row: None)  # type: ignore[attr-defined]


@_on(Pledge.PartnerJoined)
def _partner_joined(event: Any, row: Row) -> None:
    row["partners"] += 1
    row["partner_ids"] = [*row["partner_ids"], event.pledger_id]


@_on(Pledge.PartnerLeft)  # type: ignore[attr-defined]
def _partner_left(event: Any, row: Row) -> None:
    # Invitations (PartnerInvited, PartnerDeclined, ...InvitationWithdrawn) change no row:
    # an invited pledger is no partner, and nothing public shows it until it joins.
    kept = [i for i in row["partner_ids"] if i != event.pledger_id]
    row["partners"] = max(0, row["partners"] - (len(row["partner_ids"]) - len(kept)))
    row["partner_ids"] = kept


@_on(Pledge.ProgressReported)  # type: ignore[attr-defined]
def _progress_reported(event: Any, row: Row) -> None:
    row["reports"] += 1
    row["percent_complete"] = bounded.whole(event.percent_complete)
    last: date | None = row["last_report_on"]
    row["last_report_on"] = event.as_of if last is None else max(last, event.as_of)


@_on(Pledge.Fulfilled)
def _fulfilled(event: Any, row: Row) -> None:
    row["final_status"] = "fulfilled"
    row["fulfilled_on"] = event.fulfilled_on
    row["closed_on"] = event.fulfilled_on


@_on(Pledge.Lapsed)  # type: ignore[attr-defined]
def _lapsed(event: Any, row: Row) -> None:
    row["final_status"] = "lapsed"
    row["closed_on"] = event.lapsed_on


@_on(Pledge.Withdrawn)  # type: ignore[attr-defined]
def _withdrawn(event: Any, row: Row) -> None:
    row["final_status"] = "withdrawn"
    row["closed_on"] = event.withdrawn_on


@_on(Pledge.Reinstated)  # type: ignore[attr-defined]
def _reinstated(event: Any, row: Row) -> None:
    row["final_status"] = None
    row["closed_on"] = None
    row["deadline"] = event.deadline


@_on(Pledge.DeadlineExtended)  # type: ignore[attr-defined]
def _deadline_extended(event: Any, row: Row) -> None:
    row["deadline"] = event.deadline


@_on(Pledge.ReminderSent)  # type: ignore[attr-defined]
def _reminder_sent(event: Any, row: Row) -> None:
    row["reminders"] = [*row["reminders"], f"{event.kind}:{event.due_on.isoformat()}"]
