"""Given these events, this command gives these events or this error.

``given(*facts)`` submits a valid pledge, applies each fact (a command that produced an
event in the past), then rebuilds the pledge from those events alone, so the state a
command sees is the state replay gives. ``then_events`` runs a command and returns the
NEW events; ``then_error`` checks the domain error, its message and that nothing was
recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.errors import DomainError
from domain.pledge import Pledge
from domain.taxonomy import PledgeType, ReminderKind, Review, Role, Support
from domain.values import SYSTEM, Actor, IndicatorValue, Money, PledgeContent
from tests.factories import DEADLINE, PLEDGED_ON, content

Command = Callable[[Pledge], None]

TODAY = date(2027, 6, 1)
GRACE = 90
OWNER_ID = UUID("00000000-0000-4000-8000-000000000001")
OWNER = Actor(str(OWNER_ID), Role.PLEDGER)
SECRETARIAT = Actor("secretariat-1", Role.SECRETARIAT)
AFTER_GRACE = DEADLINE + timedelta(days=GRACE + 1)


def pledger() -> Actor:
    """Another pledging entity, not the owner."""
    return Actor(str(uuid4()), Role.PLEDGER)


def submitted(
    kind: PledgeType = PledgeType.PARTNERSHIP, review: Review = Review.PUBLISHED, **changes: Any
) -> Pledge:
    """Published by default (REVIEW_PLEDGES off): most rules are about what follows that;
    review's own tests ask for a pending pledge."""
    return Pledge.submit(
        id=uuid4(),
        reference="GCM-2026-0001",
        pledger_id=OWNER_ID,
        content=content(type=kind, **changes),
        pledged_on=PLEDGED_ON,
        deadline=DEADLINE,
        actor=OWNER,
        today=TODAY,
        review=review,
    )


def replay(events: Sequence[Any]) -> Pledge:
    pledge = None
    for domain_event in events:
        pledge = domain_event.mutate(pledge)
    assert isinstance(pledge, Pledge)
    return pledge


def given(
    *facts: Command, kind: PledgeType = PledgeType.PARTNERSHIP, review: Review = Review.PUBLISHED
) -> Pledge:
    pledge = submitted(kind, review)
    for fact in facts:
        fact(pledge)
    return replay(pledge.collect_events())


def then_events(pledge: Pledge, command: Command) -> list[Any]:
    command(pledge)
    return list(pledge.collect_events())


def names(events: Sequence[Any]) -> list[str]:
    return [type(e).__name__ for e in events]


def then_error(pledge: Pledge, command: Command, error: type[DomainError], *says: str) -> None:
    before = pledge.version
    with pytest.raises(error) as raised:
        command(pledge)
    for words in says:
        assert words in str(raised.value), f"{words!r} not in {raised.value!s}"
    assert pledge.collect_events() == []
    assert pledge.version == before


# ---- facts and commands, named after the event they give ----------------------------
def matched(by: Actor | None = None, today: date = TODAY) -> Command:
    """A match by `by` (a pledger), recorded by the Secretariat (pledgers offer instead)."""
    who = by or pledger()
    assert who.pledger_id is not None
    amount = Money(Decimal("10000.00"), "EUR")
    return lambda p: p.match(
        who.pledger_id, Support.FINANCIAL, "Co-funding", amount, SECRETARIAT, today
    )


def partner_joined(
    by: Actor | None = None, today: date = TODAY, added_by: Actor = SECRETARIAT
) -> Command:
    """`by` joins as a partner, added by the Secretariat (a partnership agreed elsewhere)."""
    who = by or pledger()
    assert who.pledger_id is not None
    return lambda p: p.add_partner(who.pledger_id, "Training staff", added_by, today)


def progress_reported(
    percent: int = 40,
    as_of: date = TODAY,
    by: Actor = OWNER,
    indicators: tuple[IndicatorValue, ...] = (),
    today: date = TODAY,
) -> Command:
    return lambda p: p.report_progress(as_of, percent, "On track", indicators, by, today)


def fulfilled(on: date = TODAY, by: Actor = OWNER, today: date = TODAY) -> Command:
    return lambda p: p.fulfil(on, "All centres open", by, today)


def withdrawn(by: Actor = OWNER, today: date = TODAY) -> Command:
    return lambda p: p.withdraw("Funding cut", by, today)


def lapsed(by: Actor = SYSTEM, today: date = AFTER_GRACE) -> Command:
    return lambda p: p.lapse("No report since the deadline", GRACE, by, today)


def reinstated(
    deadline: date = AFTER_GRACE + timedelta(days=365),
    by: Actor = SECRETARIAT,
    today: date = AFTER_GRACE,
) -> Command:
    return lambda p: p.reinstate(deadline, "Report received late", by, today)


def deadline_extended(deadline: date = DEADLINE + timedelta(days=180)) -> Command:
    return lambda p: p.extend_deadline(deadline, "Delayed by elections", SECRETARIAT)


def reminder_sent(
    kind: ReminderKind = ReminderKind.REPORT_DUE, due_on: date = DEADLINE, recipients: int = 1
) -> Command:
    return lambda p: p.record_reminder(kind, due_on, recipients, SYSTEM, TODAY)


def amended(new: PledgeContent, by: Actor = OWNER) -> Command:
    return lambda p: p.amend(new, "Clarified scope", by)
