"""Application rules: references, idempotent submission, expected versions, history and
state at a version, on the in-memory event store."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.errors import (
    IdempotencyKeyReusedError,
    PledgeNotFoundError,
    PledgerNotFoundError,
    VersionConflictError,
)
from domain.taxonomy import Role, Status
from tests.factories import content
from tests.unit.builders import SECRETARIAT, TODAY, pledger
from tests.unit.tracker import register, submit, tracker


def test_references_number_pledges_per_year_of_pledging() -> None:
    app = tracker()
    owner = register(app)
    refs = [
        submit(app, owner, pledged_on=on, deadline=date(2029, 1, 1)).reference
        for on in (date(2026, 5, 8), date(2026, 6, 1), date(2025, 3, 3), date(2026, 7, 1))
    ]
    assert refs == ["GCM-2026-0001", "GCM-2026-0002", "GCM-2025-0001", "GCM-2026-0003"]


def test_a_pledge_is_found_by_its_reference_in_any_case_or_by_its_id() -> None:
    app = tracker()
    result = submit(app, register(app))
    assert app.resolve(result.reference.lower()) == result.id
    assert app.get_pledge(f" {result.reference} ").id == result.id
    assert app.get_pledge(str(result.id)).reference == result.reference


@pytest.mark.parametrize("unknown", ["GCM-2026-0999", "not a reference", str(uuid4())])
def test_an_unknown_reference_or_id_is_not_found(unknown: str) -> None:
    app = tracker()
    submit(app, register(app))
    with pytest.raises(PledgeNotFoundError, match="No pledge has the id or reference"):
        app.get_pledge(unknown)


def test_a_pledge_for_an_unknown_pledger_is_refused() -> None:
    app = tracker()
    stranger = pledger()
    with pytest.raises(PledgerNotFoundError, match="No pledger has the id"):
        submit(app, stranger)


def test_a_retry_with_the_same_idempotency_key_returns_the_same_pledge() -> None:
    app = tracker()
    owner = register(app)
    first = submit(app, owner, key="k-1")
    again = submit(app, owner, key="k-1")
    assert (again.id, again.reference, again.version) == (first.id, first.reference, 1)
    assert again.status == Status.SUBMITTED
    assert [e.type for e in app.history(first.id)] == ["Submitted"]
    assert submit(app, owner, key="k-2").reference == "GCM-2026-0002"


def test_the_same_idempotency_key_with_a_different_body_is_refused() -> None:
    app = tracker()
    owner = register(app)
    first = submit(app, owner, key="k-1")
    with pytest.raises(IdempotencyKeyReusedError, match="already used for a different pledge") as e:
        submit(app, owner, key="k-1", content=content(title="Something else"))
    assert first.reference in str(e.value)


def test_the_same_key_from_different_pledgers_names_different_pledges() -> None:
    app = tracker()
    one, two = register(app, "One"), register(app, "Two")
    assert submit(app, one, key="k").id != submit(app, two, key="k").id


def test_a_command_with_the_current_expected_version_is_applied() -> None:
    app = tracker()
    owner = register(app)
    ref = submit(app, owner).reference
    result = app.report_progress(ref, TODAY, 10, "Started", (), owner, expected_version=1)
    assert (result.version, result.status) == (2, Status.IN_PROGRESS)


def test_a_command_with_a_stale_expected_version_is_a_version_conflict() -> None:
    app = tracker()
    owner = register(app)
    ref = submit(app, owner).reference
    app.report_progress(ref, TODAY, 10, "Started", (), owner)
    with pytest.raises(VersionConflictError, match="at version 2, not 1") as raised:
        app.withdraw(ref, "Changed plans", owner, expected_version=1)
    assert (raised.value.expected, raised.value.current) == (1, 2)
    assert app.get_pledge(ref).status == Status.IN_PROGRESS


def test_history_lists_every_event_with_version_type_and_actor() -> None:
    app = tracker()
    owner = register(app)
    ref = submit(app, owner).reference
    app.report_progress(ref, TODAY, 25, "Quarter done", (), owner)
    app.extend_deadline(ref, date(2029, 6, 30), "Elections", SECRETARIAT)
    history = app.history(ref)
    assert [(h.version, h.type) for h in history] == [
        (1, "Submitted"),
        (2, "ProgressReported"),
        (3, "DeadlineExtended"),
    ]
    assert [h.actor for h in history] == [owner, owner, SECRETARIAT]
    assert history[1].data["percent_complete"] == 25
    assert history[2].data["deadline"] == date(2029, 6, 30)
    assert history[0].actor is not None and history[0].actor.role == Role.PLEDGER


def test_a_pledge_can_be_read_as_it_was_at_any_version() -> None:
    app = tracker()
    owner = register(app)
    ref = submit(app, owner).reference
    app.report_progress(ref, TODAY, 25, "Quarter done", (), owner)
    app.withdraw(ref, "Changed plans", owner)
    states = [app.get_pledge(ref, version=v) for v in (1, 2, 3)]
    assert [(p.version, p.status, p.percent_complete) for p in states] == [
        (1, Status.SUBMITTED, 0),
        (2, Status.IN_PROGRESS, 25),
        (3, Status.WITHDRAWN, 25),
    ]
    as_of = app.get_pledge_recorded_at(ref, states[1].modified_on)
    assert as_of.version == 2


@pytest.mark.parametrize("version", [0, 4, 99])
def test_a_version_the_pledge_never_had_is_not_found(version: int) -> None:
    app = tracker()
    owner = register(app)
    ref = submit(app, owner).reference
    app.report_progress(ref, TODAY, 25, "Quarter done", (), owner)
    app.withdraw(ref, "Changed plans", owner)
    with pytest.raises(PledgeNotFoundError, match=f"v{version}"):
        app.get_pledge(ref, version=version)
