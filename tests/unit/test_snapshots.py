"""Snapshots of a long-lived pledge restore exactly the state that replay gives, with enums
as enums and tuples as tuples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.application import PledgeTracker
from domain.pledge import Pledge
from domain.taxonomy import Form, PledgeType, ReminderKind, Role, Status, Support
from domain.values import SYSTEM, Actor, IndicatorValue, Money
from tests.factories import content
from tests.unit.builders import SECRETARIAT, TODAY
from tests.unit.tracker import register, submit, tracker

REACHED = (IndicatorValue("migrants reached", Decimal("12.5")),)


def long_lived(app: PledgeTracker, reports: int) -> tuple[UUID, Actor]:
    owner = register(app)
    partner = register(app, "Partner")
    supporter = register(app, "Supporter")
    assert partner.pledger_id is not None and supporter.pledger_id is not None
    pledge_id = submit(app, owner, content=content(type=PledgeType.MATCHING)).id
    app.match(pledge_id, supporter.pledger_id, Support.TECHNICAL, "Experts", None, SECRETARIAT)
    money = Money(Decimal("5000.50"), "USD")
    app.match(pledge_id, supporter.pledger_id, Support.FINANCIAL, "Grant", money, SECRETARIAT)
    app.record_reminder(pledge_id, ReminderKind.REPORT_DUE, date(2027, 5, 1), 1, SYSTEM)
    for i in range(reports):
        app.report_progress(pledge_id, TODAY, i % 101, f"Report {i}", REACHED, owner)
    return pledge_id, owner


def replayed(app: PledgeTracker, pledge_id: UUID) -> Pledge:
    """The pledge from its stored events alone, without any snapshot."""
    pledge: Any = None
    for stored in app.events.get(pledge_id):
        pledge = stored.mutate(pledge)
    assert isinstance(pledge, Pledge)
    return pledge


def test_a_pledge_with_more_than_50_events_is_snapshotted() -> None:
    app = tracker()
    pledge_id, _ = long_lived(app, 60)
    assert app.snapshots is not None
    versions = [s.originator_version for s in app.snapshots.get(pledge_id)]
    assert versions == [50]


def test_a_pledge_loaded_from_its_snapshot_equals_the_replayed_pledge() -> None:
    app = tracker()
    pledge_id, _ = long_lived(app, 60)
    loaded = app.get_pledge(pledge_id)
    assert loaded.version == 64
    assert loaded.__dict__ == replayed(app, pledge_id).__dict__
    assert (loaded.status, loaded.percent_complete, loaded.report_count) == (
        Status.IN_PROGRESS,
        59,
        60,
    )


def test_a_snapshot_restores_enums_as_enums_and_tuples_as_tuples() -> None:
    app = tracker()
    pledge_id, owner = long_lived(app, 50)
    assert app.snapshots is not None
    (snapshot,) = app.snapshots.get(pledge_id)
    restored: Any = snapshot.mutate(None)
    assert restored.version == 50
    assert type(restored.content.type) is PledgeType
    assert isinstance(restored.content.forms, tuple)
    assert all(type(f) is Form for f in restored.content.forms)
    assert isinstance(restored.content.objectives, tuple)
    assert isinstance(restored.content.targets[0].baseline, Decimal)
    assert type(restored.submitted_by.role) is Role
    assert restored.submitted_by == owner
    assert [type(m.support) for m in restored.matches] == [Support, Support]
    assert restored.matches[1].amount == Money(Decimal("5000.50"), "USD")
    assert type(restored.reminders[0].kind) is ReminderKind
    assert isinstance(restored.reminders[0].due_on, date)
    assert restored.latest_values == {REACHED[0].indicator: REACHED[0].value}
    assert isinstance(restored.latest_values[REACHED[0].indicator], Decimal)
    reports = app.progress_reports(pledge_id)
    assert isinstance(reports[-1].indicators, tuple) and reports[-1].indicators == REACHED
    assert type(reports[-1].reporter_role) is Role and len(reports) == 50
    assert restored.content == app.get_pledge(pledge_id, version=1).content


def test_state_at_a_version_past_the_snapshot_is_exact() -> None:
    app = tracker()
    pledge_id, _ = long_lived(app, 60)
    at_55 = app.get_pledge(pledge_id, version=55)
    assert at_55.version == 55
    assert at_55.report_count == 51
    assert len(app.progress_reports(pledge_id, version=55)) == 51
    assert at_55.percent_complete == 50
