"""Dates at the calendar's ends, stored before the rules refused them: the rules that count
days from them answer with a domain error, never an OverflowError."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.errors import NotLapsableError
from domain.pledge import Pledge
from domain.taxonomy import Status
from domain.values import SYSTEM
from tests.unit.builders import (
    GRACE,
    SECRETARIAT,
    Command,
    given,
    lapsed,
    names,
    then_error,
    then_events,
)


def stored_deadline(deadline: date) -> Command:
    """A DeadlineExtended as stored by an earlier release, whose rules let any date through."""
    return lambda p: p._deadline_extended(deadline=deadline, reason="Stored", actor=SECRETARIAT)


@pytest.mark.parametrize("days_left", [0, 1, GRACE - 1], ids=["max", "max-1", "grace-1"])
def test_a_deadline_whose_grace_period_ends_past_the_calendar_never_lapses(days_left: int) -> None:
    deadline = date.max - timedelta(days=days_left)
    then_error(
        given(stored_deadline(deadline)),
        lapsed(today=date.max),
        NotLapsableError,
        "cannot lapse",
        str(deadline),
    )


def test_a_grace_period_ending_the_day_before_the_calendars_last_lapses_on_that_last_day() -> None:
    pledge = given(stored_deadline(date.max - timedelta(days=GRACE + 1)))
    events = then_events(pledge, lapsed(today=date.max))
    assert names(events) == ["Lapsed"]
    assert pledge.status == Status.LAPSED


def test_the_first_day_of_the_calendar_lapses_as_any_old_deadline() -> None:
    pledge: Pledge = given(stored_deadline(date.min))
    assert names(then_events(pledge, lambda p: p.lapse("Late", GRACE, SYSTEM, date.today()))) == [
        "Lapsed"
    ]
