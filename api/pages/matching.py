"""What pages show of matching: what a pledge seeks against what is committed, per
currency, and the published pledges open for matching (/matching)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.pages.labels import label, money
from domain.application import PledgeTracker
from domain.errors import PledgeNotFoundError
from domain.matching import balances, still_sought
from domain.pledge import Pledge
from domain.taxonomy import FINAL_STATUSES, PledgeType, Review
from domain.values import Sought


def sought(item: Sought) -> dict[str, str]:
    return {
        "support": label(item.support),
        "description": item.description,
        "amount": money(item.amount.amount, item.amount.currency) if item.amount else "",
    }


def context(pledge: Pledge) -> dict[str, Any]:
    """A matching pledge's page: what it seeks, what is still sought, and per currency the
    amounts sought, committed and remaining; whether support may still be offered."""
    seeking, matches = pledge.content.seeking, pledge.matches
    return {
        "seeking": [sought(s) for s in seeking],
        "still_sought": [sought(s) for s in still_sought(seeking, matches)],
        "balances": [
            {
                "currency": b.currency,
                "sought": money(b.sought, b.currency),
                "committed": money(b.committed, b.currency),
                "remaining": money(b.remaining, b.currency),
            }
            for b in balances(seeking, matches)
        ],
        "open_for_matching": pledge.content.type == PledgeType.MATCHING
        and pledge.status not in FINAL_STATUSES,
    }


def public_reference(app: PledgeTracker, pledge_id: UUID | None) -> str | None:
    """The offering pledge's reference, if it is public (a pledge under review is not)."""
    if pledge_id is None:
        return None
    try:
        found = app.get_pledge(pledge_id)
    except PledgeNotFoundError:
        return None
    return found.reference if found.review == Review.PUBLISHED else None


def matching_item(row: dict[str, Any], pledge: Pledge) -> dict[str, Any]:
    """One pledge open for matching, as /matching lists it."""
    return {
        "reference": pledge.reference,
        "title": pledge.content.title,
        "pledger": row["pledger_name"] or "",
        "region": label(pledge.content.region),
        "objectives": list(pledge.content.objectives),
        **context(pledge),
        "matches": len(pledge.matches),
    }
