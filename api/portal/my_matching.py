"""What "My pledges" shows of matching: offers waiting for the pledger's answer, matches its
pledges received, and the matches it made to others' pledges."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.pages.labels import label, money
from domain.pledge import Pledge
from domain.taxonomy import FINAL_STATUSES, PledgeType
from domain.values import Match, MatchOffer
from infrastructure.container import Container
from projections.matching import matched_by, offered_by


def what(item: Match | MatchOffer) -> str:
    amount = f" ({money(item.amount.amount, item.amount.currency)})" if item.amount else ""
    return f"{label(item.support)} support{amount}: {item.description}"


def my_matching(c: Container, subject: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    app = c.app
    me = UUID(subject)
    waiting, received = [], []
    for item in items:
        if item["type"] != PledgeType.MATCHING.value or str(item["pledger_id"]) != subject:
            continue
        pledge = app.get_pledge(item["pledge_id"])
        received += [matched(app, pledge, m) for m in pledge.matches]
        if pledge.status in FINAL_STATUSES:
            continue
        waiting += [
            {
                "reference": pledge.reference,
                "id": str(o.id),
                "by": app.get_pledger(o.pledger_id).name,
                "what": what(o),
                "from": app.get_pledge(o.pledge_id).reference if o.pledge_id else None,
                "on": o.offered_on,
            }
            for o in pledge.match_offers
            if o.state == "pending"
        ]
    made = []
    for row in matched_by(c.queries, me):
        pledge = app.get_pledge(row["pledge_id"])
        made += [matched(app, pledge, m) for m in pledge.matches if m.pledger_id == me]
    return {
        "offers_waiting": waiting,
        "matches_received": received,
        "matches_made": made,
        "offers_made": offers_made(c, me),
    }


def offers_made(c: Container, me: UUID) -> list[dict[str, Any]]:
    """This pledger's offers not (yet) accepted: waiting, refused (with the reason) or
    withdrawn; an accepted one is among the matches it made."""
    found = []
    for row in offered_by(c.queries, me):
        pledge = c.app.get_pledge(row["pledge_id"])
        found += [
            {
                "reference": pledge.reference,
                "title": pledge.content.title,
                "id": str(o.id),
                "what": what(o),
                "state": o.state,
                "reason": o.reason,
                "on": o.offered_on,
            }
            for o in pledge.match_offers
            if o.pledger_id == me and o.state != "accepted"
        ]
    return found


def matched(app: Any, pledge: Pledge, m: Match) -> dict[str, Any]:
    return {
        "reference": pledge.reference,
        "title": pledge.content.title,
        "by": app.get_pledger(m.pledger_id).name,
        "what": what(m),
        "from": app.get_pledge(m.pledge_id).reference if m.pledge_id else None,
        "on": m.matched_on,
    }
