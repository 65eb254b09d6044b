"""Status is derived from the events; overdue is a flag for open pledges past their deadline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.errors import InvalidPledgeError
from domain.pledge import Pledge
from domain.taxonomy import PledgeType, Status
from tests.factories import DEADLINE, PLEDGED_ON, content
from tests.unit.builders import (
    AFTER_GRACE,
    OWNER,
    OWNER_ID,
    TODAY,
    Command,
    deadline_extended,
    fulfilled,
    given,
    lapsed,
    matched,
    names,
    partner_joined,
    progress_reported,
    reinstated,
    submitted,
    withdrawn,
)

DAY = timedelta(days=1)


def test_submission_gives_submitted_with_what_was_pledged() -> None:
    pledge = submitted()
    events = pledge.collect_events()
    assert names(events) == ["Submitted"]
    first = events[0]
    assert (first.pledger_id, first.pledged_on, first.deadline) == (OWNER_ID, PLEDGED_ON, DEADLINE)
    assert (first.content, first.actor, first.reference) == (content(), OWNER, "GCM-2026-0001")
    assert (pledge.status, pledge.version, pledge.percent_complete) == (Status.SUBMITTED, 1, 0)


@pytest.mark.parametrize(
    ("pledged_on", "deadline", "field", "says"),
    [
        (TODAY + DAY, TODAY + 400 * DAY, "pledged_on", "must not be in the future"),
        (PLEDGED_ON, PLEDGED_ON, "deadline", "must be after the pledge date"),
        (PLEDGED_ON, PLEDGED_ON - DAY, "deadline", "must be after the pledge date"),
    ],
    ids=["pledged-in-future", "deadline-same-day", "deadline-before"],
)
def test_a_submission_with_impossible_dates_is_refused(
    pledged_on: date, deadline: date, field: str, says: str
) -> None:
    with pytest.raises(InvalidPledgeError, match=says) as raised:
        Pledge.submit(
            id=OWNER_ID,
            reference="GCM-2026-0001",
            pledger_id=OWNER_ID,
            content=content(),
            pledged_on=pledged_on,
            deadline=deadline,
            actor=OWNER,
            today=TODAY,
        )
    assert raised.value.field == field


def test_a_deadline_the_day_after_the_pledge_date_is_accepted() -> None:
    pledge = Pledge.submit(
        id=OWNER_ID,
        reference="GCM-2026-0001",
        pledger_id=OWNER_ID,
        content=content(),
        pledged_on=PLEDGED_ON,
        deadline=PLEDGED_ON + DAY,
        actor=OWNER,
        today=PLEDGED_ON,
    )
    assert pledge.deadline == PLEDGED_ON + DAY


@pytest.mark.parametrize(
    ("kind", "facts", "status"),
    [
        (PledgeType.MATCHING, (matched(),), Status.MATCHED),
        (PledgeType.COMMON, (partner_joined(),), Status.PARTNERED),
        (PledgeType.MATCHING, (matched(), progress_reported()), Status.IN_PROGRESS),
        (PledgeType.PARTNERSHIP, (progress_reported(), partner_joined()), Status.IN_PROGRESS),
        (PledgeType.INDIVIDUAL, (progress_reported(), fulfilled()), Status.FULFILLED),
        (PledgeType.COMMON, (partner_joined(), withdrawn()), Status.WITHDRAWN),
        (PledgeType.MATCHING, (matched(), progress_reported(), lapsed()), Status.LAPSED),
        (
            PledgeType.INDIVIDUAL,
            (lapsed(), reinstated(), fulfilled(AFTER_GRACE, today=AFTER_GRACE)),
            Status.FULFILLED,
        ),
    ],
)
def test_status_follows_the_events(
    kind: PledgeType, facts: tuple[Command, ...], status: Status
) -> None:
    assert given(*facts, kind=kind).status == status


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(DEADLINE - DAY, False), (DEADLINE, False), (DEADLINE + DAY, True)],
    ids=["before", "on-deadline", "after"],
)
def test_an_open_pledge_is_overdue_only_once_its_deadline_has_passed(
    today: date, overdue: bool
) -> None:
    assert given(progress_reported()).is_overdue(today) is overdue


@pytest.mark.parametrize(
    "fact", [fulfilled(), withdrawn(), lapsed()], ids=["fulfilled", "withdrawn", "lapsed"]
)
def test_a_final_pledge_is_never_overdue(fact: Command) -> None:
    assert not given(fact).is_overdue(DEADLINE + 1000 * DAY)


def test_an_extended_deadline_clears_the_overdue_flag() -> None:
    later = DEADLINE + 30 * DAY
    assert given(deadline_extended(later)).is_overdue(DEADLINE + DAY) is False
    assert given(deadline_extended(later)).is_overdue(later + DAY) is True


def test_a_reinstated_pledge_is_overdue_only_after_its_new_deadline() -> None:
    new_deadline = AFTER_GRACE + 30 * DAY
    pledge = given(lapsed(), reinstated(deadline=new_deadline))
    assert not pledge.is_overdue(new_deadline)
    assert pledge.is_overdue(new_deadline + DAY)
