"""Fulfilled and withdrawn are final; lapsed is final except for the Secretariat's
reinstatement with a deadline after today."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import DeadlineError, NotAllowedError, NotLapsedError, PledgeClosedError
from domain.taxonomy import PledgeType, Status
from domain.values import SYSTEM, Actor
from tests.factories import content
from tests.unit.builders import (
    AFTER_GRACE,
    OWNER,
    SECRETARIAT,
    Command,
    amended,
    deadline_extended,
    fulfilled,
    given,
    lapsed,
    matched,
    partner_joined,
    progress_reported,
    reinstated,
    reminder_sent,
    then_error,
    then_events,
    withdrawn,
)

LATER = AFTER_GRACE + timedelta(days=10)

# Every command but reinstatement, with a "today" after everything in the given history.
OPEN_COMMANDS: dict[str, Command] = {
    "amend": amended(content(title="A new title")),
    "partner": partner_joined(today=LATER),
    "report": progress_reported(as_of=LATER, today=LATER),
    "fulfil": fulfilled(on=LATER, today=LATER),
    "withdraw": withdrawn(today=LATER),
    "lapse": lapsed(today=LATER),
    "extend": deadline_extended(LATER + timedelta(days=400)),
    "remind": reminder_sent(),
}


@pytest.mark.parametrize("command", OPEN_COMMANDS.values(), ids=OPEN_COMMANDS.keys())
@pytest.mark.parametrize(
    ("fact", "status"),
    [(fulfilled(), "fulfilled"), (withdrawn(), "withdrawn")],
    ids=["fulfilled", "withdrawn"],
)
def test_given_a_final_pledge_any_command_is_refused_naming_the_state(
    fact: Command, status: str, command: Command
) -> None:
    then_error(given(fact), command, PledgeClosedError, f"is {status}", "nothing can follow")


@pytest.mark.parametrize("fact", [fulfilled(), withdrawn()], ids=["fulfilled", "withdrawn"])
def test_given_fulfilled_or_withdrawn_reinstatement_is_refused(fact: Command) -> None:
    then_error(given(fact), reinstated(), NotLapsedError, "Only a lapsed pledge")


def test_given_a_matching_pledge_fulfilled_a_match_is_refused() -> None:
    pledge = given(fulfilled(), kind=PledgeType.MATCHING)
    then_error(pledge, matched(today=LATER), PledgeClosedError, "is fulfilled")


@pytest.mark.parametrize("command", OPEN_COMMANDS.values(), ids=OPEN_COMMANDS.keys())
def test_given_lapsed_any_command_but_reinstatement_is_refused(command: Command) -> None:
    then_error(given(lapsed()), command, PledgeClosedError, "has lapsed", "reinstate")


def test_given_lapsed_the_secretariat_reinstates_with_a_deadline_after_today() -> None:
    new_deadline = AFTER_GRACE + timedelta(days=1)
    pledge = given(lapsed())
    events = then_events(pledge, reinstated(deadline=new_deadline, today=AFTER_GRACE))
    assert [type(e).__name__ for e in events] == ["Reinstated"]
    assert events[0].deadline == new_deadline
    assert events[0].actor == SECRETARIAT
    assert pledge.deadline == new_deadline
    assert pledge.status == Status.SUBMITTED


def test_given_lapsed_reinstatement_with_a_deadline_of_today_is_refused() -> None:
    then_error(
        given(lapsed()),
        reinstated(deadline=AFTER_GRACE, today=AFTER_GRACE),
        DeadlineError,
        "deadline after today",
    )


@pytest.mark.parametrize("actor", [OWNER, SYSTEM], ids=["pledger", "system"])
def test_given_lapsed_only_the_secretariat_may_reinstate(actor: Actor) -> None:
    then_error(given(lapsed()), reinstated(by=actor), NotAllowedError, "Only the Secretariat")


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ((), Status.SUBMITTED),
        ((partner_joined(),), Status.PARTNERED),
        ((partner_joined(), progress_reported()), Status.IN_PROGRESS),
    ],
    ids=["submitted", "partnered", "in_progress"],
)
def test_reinstatement_returns_to_the_active_status_before_the_lapse(
    facts: tuple[Command, ...], status: Status
) -> None:
    pledge = given(*facts, lapsed(), reinstated())
    assert pledge.status == status
    assert pledge.closing_note == ""


def test_reinstatement_of_a_matched_pledge_returns_to_matched() -> None:
    assert given(matched(), lapsed(), reinstated(), kind=PledgeType.MATCHING).status == (
        Status.MATCHED
    )


def test_given_lapsed_and_reinstated_commands_are_accepted_again() -> None:
    pledge = given(lapsed(), reinstated())
    events = then_events(pledge, progress_reported(as_of=LATER, today=LATER))
    assert [type(e).__name__ for e in events] == ["ProgressReported"]
    assert pledge.status == Status.IN_PROGRESS
