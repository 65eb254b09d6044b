"""Deadlines move only later; a pledge lapses only after its deadline plus the grace
period, and never at a pledger's hand."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import DeadlineError, InvalidPledgeError, NotAllowedError, NotLapsableError
from domain.taxonomy import Status
from domain.values import SYSTEM, Actor
from tests.factories import DEADLINE
from tests.unit.builders import (
    AFTER_GRACE,
    GRACE,
    OWNER,
    SECRETARIAT,
    deadline_extended,
    given,
    lapsed,
    names,
    partner_joined,
    progress_reported,
    then_error,
    then_events,
)


def test_given_a_pledge_a_later_deadline_gives_deadline_extended() -> None:
    later = DEADLINE + timedelta(days=1)
    pledge = given(progress_reported())
    events = then_events(pledge, deadline_extended(later))
    assert names(events) == ["DeadlineExtended"]
    assert events[0].deadline == later
    assert events[0].reason == "Delayed by elections"
    assert pledge.deadline == later
    assert pledge.status == Status.IN_PROGRESS


@pytest.mark.parametrize("days", [0, -30], ids=["same", "earlier"])
def test_a_deadline_extension_that_is_not_later_is_refused(days: int) -> None:
    then_error(
        given(),
        deadline_extended(DEADLINE + timedelta(days=days)),
        DeadlineError,
        "must be later than the current one",
        str(DEADLINE),
    )


def test_given_an_extension_the_next_must_beat_the_extended_deadline() -> None:
    extended = DEADLINE + timedelta(days=180)
    then_error(
        given(deadline_extended(extended)),
        deadline_extended(extended - timedelta(days=1)),
        DeadlineError,
        str(extended),
    )


def test_a_deadline_extension_needs_a_reason() -> None:
    then_error(
        given(),
        lambda p: p.extend_deadline(DEADLINE + timedelta(days=9), " ", SECRETARIAT),
        InvalidPledgeError,
        "reason",
    )


@pytest.mark.parametrize("actor", [SYSTEM, SECRETARIAT], ids=["scheduler", "secretariat"])
def test_after_deadline_plus_grace_the_pledge_lapses(actor: Actor) -> None:
    pledge = given(partner_joined(), progress_reported())
    events = then_events(pledge, lapsed(by=actor, today=DEADLINE + timedelta(days=GRACE + 1)))
    assert names(events) == ["Lapsed"]
    assert events[0].actor == actor
    assert events[0].lapsed_on == AFTER_GRACE
    assert pledge.status == Status.LAPSED
    assert pledge.closing_note == "No report since the deadline"


@pytest.mark.parametrize("days", [-1, 0, GRACE], ids=["before", "on-deadline", "last-grace-day"])
def test_a_lapse_before_the_grace_period_ends_is_refused(days: int) -> None:
    then_error(
        given(),
        lapsed(today=DEADLINE + timedelta(days=days)),
        NotLapsableError,
        "cannot lapse before its deadline",
        f"plus {GRACE} days of grace",
    )


def test_given_an_extended_deadline_the_grace_period_counts_from_the_new_one() -> None:
    extended = DEADLINE + timedelta(days=180)
    then_error(
        given(deadline_extended(extended)),
        lapsed(today=AFTER_GRACE),
        NotLapsableError,
        str(extended),
    )


def test_a_pledger_cannot_lapse_a_pledge_even_its_own() -> None:
    then_error(given(), lapsed(by=OWNER), NotAllowedError, "Only the Secretariat or the scheduler")


def test_a_lapse_needs_a_reason() -> None:
    then_error(
        given(), lambda p: p.lapse("", GRACE, SYSTEM, AFTER_GRACE), InvalidPledgeError, "reason"
    )
