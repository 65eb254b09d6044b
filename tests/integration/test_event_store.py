"""The event store on PostgreSQL (embedded, and the server when named): what is saved is
what is loaded, history is complete, and no write is ever silently lost."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from domain.errors import (
    DomainError,
    IdempotencyKeyReusedError,
    PledgeNotFoundError,
    VersionConflictError,
)
from domain.taxonomy import Category, Role, Status
from domain.values import Actor, IndicatorValue
from infrastructure.container import Container
from infrastructure.database import Database
from infrastructure.references import SequenceNumbers
from tests.conftest import make_container
from tests.factories import DEADLINE, PLEDGED_ON, content

SECRETARIAT = Actor("token:test", Role.SECRETARIAT)
TODAY = date(2026, 11, 22)


def register(c: Container, name: str = "City of Lisbon") -> Actor:
    pledger_id = c.app.register_pledger(
        name, Category.LOCAL_REGIONAL_GOVERNMENT, "PRT", False, SECRETARIAT
    )
    return Actor(str(pledger_id), Role.PLEDGER)


def submit(c: Container, owner: Actor, key: str | None = None) -> str:
    assert owner.pledger_id is not None
    result = c.app.submit(owner.pledger_id, content(), PLEDGED_ON, DEADLINE, owner, key)
    return result.reference


@pytest.fixture(autouse=True)
def fixed_today(container: Container) -> None:
    container.app.today = lambda: TODAY


def test_a_submitted_pledge_loads_as_it_was_saved(container: Container) -> None:
    owner = register(container)
    reference = submit(container, owner)
    loaded = container.app.get_pledge(reference)
    assert reference.startswith("GCM-2026-")
    assert loaded.content == content()
    assert (loaded.pledged_on, loaded.deadline, loaded.status) == (
        PLEDGED_ON,
        DEADLINE,
        Status.SUBMITTED,
    )
    assert container.app.get_pledge(str(loaded.id)).reference == reference


def test_references_are_numbered_per_year_and_never_reused(container: Container) -> None:
    owner = register(container)
    refs = [submit(container, owner) for _ in range(3)]
    assert refs == ["GCM-2026-0001", "GCM-2026-0002", "GCM-2026-0003"]


def test_processes_numbering_a_years_first_pledges_at_once_each_get_a_number(
    container: Container,
) -> None:
    """Each process makes a year's sequence with its first number of the year: several doing
    so at the same moment all go on, with numbers none of the others got."""
    processes = [SequenceNumbers(container.database.conninfo) for _ in range(6)]
    barrier = threading.Barrier(len(processes))

    def take(numbers: SequenceNumbers, year: int) -> int:
        barrier.wait()
        return numbers.next_number(year)

    try:
        with ThreadPoolExecutor(len(processes)) as pool:
            for year in range(2031, 2041):
                taken = sorted(pool.map(take, processes, [year] * len(processes)))
                assert taken == [1, 2, 3, 4, 5, 6], year
    finally:
        for numbers in processes:
            numbers.close()


def test_history_lists_every_event_with_its_actor(container: Container) -> None:
    owner, partner = register(container), register(container, "Other city")
    ref = submit(container, owner)
    assert partner.pledger_id is not None
    container.app.add_partner(ref, partner.pledger_id, "Shares its centre", SECRETARIAT)
    container.app.report_progress(
        ref,
        date(2026, 9, 30),
        40,
        "Centre one opened",
        (IndicatorValue("migrants reached", Decimal(200)),),
        partner,
    )
    history = container.app.history(ref)
    assert [(h.version, h.type) for h in history] == [
        (1, "Submitted"),
        (2, "PartnerJoined"),
        (3, "ProgressReported"),
    ]
    assert [h.actor for h in history] == [owner, SECRETARIAT, partner]
    assert history[2].data["percent_complete"] == 40


def test_state_at_a_version_and_at_a_time(container: Container) -> None:
    owner = register(container)
    ref = submit(container, owner)
    between = datetime.now(UTC)
    container.app.report_progress(ref, date(2026, 9, 30), 40, "Half way", (), owner)
    assert container.app.get_pledge(ref, version=1).status == Status.SUBMITTED
    assert container.app.get_pledge_recorded_at(ref, between).version == 1
    assert container.app.get_pledge_recorded_at(ref, datetime.now(UTC)).status == Status.IN_PROGRESS
    with pytest.raises(PledgeNotFoundError):
        container.app.get_pledge_recorded_at(ref, datetime(2020, 1, 1, tzinfo=UTC))


def test_a_stale_expected_version_is_rejected_and_nothing_is_written(container: Container) -> None:
    owner = register(container)
    ref = submit(container, owner)
    container.app.report_progress(
        ref, date(2026, 9, 30), 40, "First", (), owner, expected_version=1
    )
    with pytest.raises(VersionConflictError) as raised:
        container.app.report_progress(
            ref, date(2026, 9, 30), 50, "Stale", (), owner, expected_version=1
        )
    assert raised.value.current == 2
    assert [r.narrative for r in container.app.progress_reports(ref)] == ["First"]


def test_concurrent_writers_never_overwrite_each_other(container: Container) -> None:
    owner = register(container)
    ref = submit(container, owner)
    errors: list[Exception] = []

    def write(n: int) -> None:
        try:
            container.app.report_progress(ref, date(2026, 9, 30), n, f"writer {n}", (), owner)
        except Exception as error:  # the test reports any failure below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    narratives = sorted(r.narrative for r in container.app.progress_reports(ref))
    assert narratives == sorted(f"writer {n}" for n in range(8))


def test_a_retried_submission_with_the_same_key_gives_the_same_pledge(container: Container) -> None:
    owner = register(container)
    first = submit(container, owner, key="form-123")
    again = submit(container, owner, key="form-123")
    assert again == first
    with container.database.pool().connection() as conn:
        row = conn.execute(
            "SELECT count(*) FROM pledges_events WHERE topic LIKE %s", ("%Pledge.Submitted",)
        ).fetchone()
    assert row is not None and row[0] == 1
    assert owner.pledger_id is not None
    with pytest.raises(IdempotencyKeyReusedError):
        container.app.submit(
            owner.pledger_id,
            content(title="Something else"),
            PLEDGED_ON,
            DEADLINE,
            owner,
            "form-123",
        )


def test_a_process_sees_writes_of_another_and_a_refused_command_changes_nothing(
    container: Container, any_database: Database, tmp_path: Path
) -> None:
    """Each process keeps pledges in memory (AGGREGATE_CACHE_SIZE); the event store stays the
    truth: another process's write is seen, and a command the rules refuse leaves no trace."""
    owner = register(container)
    ref = submit(container, owner)
    before = container.app.get_pledge(ref)  # now cached in this process
    with make_container(any_database, tmp_path / "other") as other:
        other.app.report_progress(ref, date(2026, 9, 30), 40, "From the other process", (), owner)
    seen = container.app.get_pledge(ref)
    assert (seen.version, seen.percent_complete) == (before.version + 1, 40)
    with pytest.raises(VersionConflictError):
        container.app.report_progress(
            ref, date(2026, 9, 30), 60, "Stale", (), owner, expected_version=before.version
        )
    with pytest.raises(DomainError):
        container.app.report_progress(ref, date(2000, 1, 1), 90, "Before the pledge", (), owner)
    after = container.app.get_pledge(ref)
    assert (after.version, after.percent_complete, after.report_count) == (seen.version, 40, 1)
