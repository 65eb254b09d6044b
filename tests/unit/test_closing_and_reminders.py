"""Fulfilment, withdrawal, amendment and reminders: what each gives, and their guards."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.errors import (
    InvalidPledgeError,
    NotPartnerableError,
    ReminderAlreadySentError,
    ReportDateError,
)
from domain.taxonomy import PledgeType, ReminderKind, Status
from domain.values import TEXT_MAX
from tests.factories import DEADLINE, PLEDGED_ON, content
from tests.unit.builders import (
    OWNER,
    TODAY,
    Command,
    amended,
    fulfilled,
    given,
    matched,
    names,
    partner_joined,
    progress_reported,
    reminder_sent,
    then_error,
    then_events,
    withdrawn,
)


def test_given_progress_fulfilment_gives_fulfilled_with_date_and_narrative() -> None:
    pledge = given(progress_reported())
    events = then_events(pledge, fulfilled(on=TODAY))
    assert names(events) == ["Fulfilled"]
    assert (events[0].fulfilled_on, events[0].narrative) == (TODAY, "All centres open")
    assert (pledge.status, pledge.fulfilled_on) == (Status.FULFILLED, TODAY)


@pytest.mark.parametrize(
    ("on", "says"),
    [(PLEDGED_ON - timedelta(days=1), "before the pledge"), (TODAY + timedelta(1), "future")],
    ids=["before-pledge", "future"],
)
def test_a_fulfilment_date_outside_pledge_date_to_today_is_refused(on: date, says: str) -> None:
    then_error(given(), fulfilled(on=on), ReportDateError, "fulfilment date", says)


def test_given_a_pledge_withdrawal_gives_withdrawn_with_the_reason() -> None:
    pledge = given(partner_joined())
    events = then_events(pledge, withdrawn())
    assert names(events) == ["Withdrawn"]
    assert (events[0].reason, events[0].withdrawn_on) == ("Funding cut", TODAY)
    assert pledge.status == Status.WITHDRAWN


def test_a_withdrawal_with_an_overlong_reason_is_refused() -> None:
    then_error(
        given(),
        lambda p: p.withdraw("x" * (TEXT_MAX + 1), OWNER, TODAY),
        InvalidPledgeError,
        f"at most {TEXT_MAX}",
    )


def test_an_amendment_gives_amended_and_replaces_the_content() -> None:
    new = content(title="One-stop centres, now in three cities")
    pledge = given(partner_joined())
    events = then_events(pledge, amended(new))
    assert names(events) == ["Amended"]
    assert events[0].content == new
    assert pledge.content == new


def test_an_amendment_may_change_the_type_while_no_one_partners_or_matches() -> None:
    pledge = given()
    then_events(pledge, amended(content(type=PledgeType.INDIVIDUAL)))
    assert pledge.content.type == PledgeType.INDIVIDUAL


@pytest.mark.parametrize(
    ("kind", "fact", "new"),
    [
        (PledgeType.PARTNERSHIP, partner_joined(), PledgeType.INDIVIDUAL),
        (PledgeType.MATCHING, matched(), PledgeType.COMMON),
    ],
    ids=["partnered", "matched"],
)
def test_the_type_of_a_partnered_or_matched_pledge_cannot_change(
    kind: PledgeType, fact: Command, new: PledgeType
) -> None:
    then_error(
        given(fact, kind=kind),
        amended(content(type=new)),
        NotPartnerableError,
        "type of a pledge with partners or matches cannot change",
    )


def test_a_reminder_gives_reminder_sent_for_its_kind_and_due_date() -> None:
    pledge = given()
    events = then_events(pledge, reminder_sent(ReminderKind.OVERDUE, DEADLINE, recipients=2))
    assert names(events) == ["ReminderSent"]
    assert (events[0].kind, events[0].due_on, events[0].recipients) == (
        ReminderKind.OVERDUE,
        DEADLINE,
        2,
    )
    assert events[0].note == ""
    assert pledge.reminder_sent(ReminderKind.OVERDUE, DEADLINE)


def test_a_reminder_with_no_recipients_is_recorded_with_a_note() -> None:
    events = then_events(given(), reminder_sent(recipients=0))
    assert "no contacts on file" in events[0].note


def test_given_a_reminder_sent_the_same_kind_and_due_date_is_refused() -> None:
    then_error(
        given(reminder_sent(ReminderKind.REPORT_DUE, DEADLINE)),
        reminder_sent(ReminderKind.REPORT_DUE, DEADLINE),
        ReminderAlreadySentError,
        "report_due reminder",
        "already sent",
    )


@pytest.mark.parametrize(
    ("kind", "due_on"),
    [
        (ReminderKind.DEADLINE_APPROACHING, DEADLINE),
        (ReminderKind.REPORT_DUE, DEADLINE + timedelta(days=1)),
    ],
    ids=["other-kind", "other-date"],
)
def test_given_a_reminder_another_kind_or_due_date_is_sent(
    kind: ReminderKind, due_on: date
) -> None:
    pledge = given(reminder_sent(ReminderKind.REPORT_DUE, DEADLINE))
    assert names(then_events(pledge, reminder_sent(kind, due_on))) == ["ReminderSent"]
    assert len(pledge.reminders) == 2
