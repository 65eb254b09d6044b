"""A progress report: by the owner, a partner or the Secretariat; dated between the
submission and today; 0..100 percent; indicators among the pledge's targets."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.errors import InvalidPledgeError, NotAllowedError, ReportDateError
from domain.pledge import Pledge
from domain.taxonomy import Role, Status
from domain.values import SYSTEM, Actor, IndicatorValue
from tests.factories import PLEDGED_ON
from tests.unit.builders import (
    OWNER,
    SECRETARIAT,
    TODAY,
    given,
    names,
    partner_joined,
    pledger,
    progress_reported,
    then_error,
    then_events,
)

REACHED = IndicatorValue("migrants reached", Decimal(200))


def test_given_a_submitted_pledge_the_owner_reports_progress() -> None:
    pledge = given()
    events = then_events(pledge, progress_reported(percent=40, indicators=(REACHED,)))
    assert names(events) == ["ProgressReported"]
    assert (events[0].as_of, events[0].percent_complete) == (TODAY, 40)
    assert events[0].indicators == (REACHED,)
    assert events[0].actor == OWNER
    assert pledge.status == Status.IN_PROGRESS
    assert pledge.percent_complete == 40
    assert (pledge.report_count, pledge.last_report_on) == (1, TODAY)
    assert pledge.latest_values == {"migrants reached": Decimal(200)}
    assert events[0].originator_version == 2
    assert (events[0].actor.id, events[0].actor.role) == (OWNER.id, Role.PLEDGER)


def test_given_a_partner_joined_the_partner_may_report() -> None:
    partner = pledger()
    pledge = given(partner_joined(by=partner))
    events = then_events(pledge, progress_reported(by=partner))
    assert names(events) == ["ProgressReported"]
    assert events[0].actor.id == partner.id and pledge.report_count == 1


@pytest.mark.parametrize("actor", [SECRETARIAT, SYSTEM], ids=["secretariat", "system"])
def test_the_secretariat_or_system_may_report(actor: Actor) -> None:
    assert names(then_events(given(), progress_reported(by=actor))) == ["ProgressReported"]


def test_a_pledger_that_is_neither_owner_nor_partner_may_not_report() -> None:
    then_error(
        given(partner_joined()),
        progress_reported(by=pledger()),
        NotAllowedError,
        "Only the pledger or a partner",
    )


@pytest.mark.parametrize("as_of", [PLEDGED_ON, TODAY], ids=["pledge-date", "today"])
def test_a_report_may_be_dated_from_the_pledge_date_to_today(as_of: date) -> None:
    assert names(then_events(given(), progress_reported(as_of=as_of))) == ["ProgressReported"]


def test_a_report_dated_before_the_pledge_is_refused() -> None:
    then_error(
        given(),
        progress_reported(as_of=PLEDGED_ON - timedelta(days=1)),
        ReportDateError,
        "before the pledge was made",
        str(PLEDGED_ON),
    )


def test_a_report_dated_in_the_future_is_refused() -> None:
    then_error(
        given(),
        progress_reported(as_of=TODAY + timedelta(days=1)),
        ReportDateError,
        "in the future",
    )


@pytest.mark.parametrize("percent", [0, 100])
def test_percent_complete_may_be_0_or_100(percent: int) -> None:
    pledge = given(progress_reported(percent=50))
    assert names(then_events(pledge, progress_reported(percent=percent))) == ["ProgressReported"]
    assert pledge.percent_complete == percent


@pytest.mark.parametrize("percent", [-1, 101])
def test_percent_complete_outside_0_to_100_is_refused(percent: int) -> None:
    then_error(given(), progress_reported(percent=percent), InvalidPledgeError, "between 0 and 100")


def test_an_indicator_that_is_not_a_target_is_refused() -> None:
    unknown = IndicatorValue("meals served", Decimal(3))
    then_error(
        given(),
        progress_reported(indicators=(REACHED, unknown)),
        InvalidPledgeError,
        "indicators[1]",
        "not one of this pledge's targets",
        "migrants reached",
    )


def test_a_report_needs_a_narrative() -> None:
    def silent(pledge: Pledge) -> None:
        pledge.report_progress(TODAY, 10, "", (), OWNER, TODAY)

    then_error(given(), silent, InvalidPledgeError, "narrative", "empty")


def test_percent_complete_is_that_of_the_latest_report_even_if_lower() -> None:
    pledge = given(progress_reported(percent=60), progress_reported(percent=30))
    assert pledge.percent_complete == 30
    assert pledge.report_count == 2
