"""An event stored in today's shape still reads after its class gains a field: the class says
`class_version = 2` and brings version 1 states up with `upcast_v1_v2` (README "Changing an
event's shape"). The stored bytes are PostgreSQL's, written by the service's own recorder;
the newer class is a test-only copy of the aggregate, put where the stored topics lead by
the library's `register_topic`, as a release with the new class would have it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import clear_topic_cache, get_topic, register_topic

from domain.pledge import Pledge
from domain.taxonomy import Category, Role
from domain.values import Actor, IndicatorValue
from infrastructure.container import Container
from infrastructure.database import Database
from tests.conftest import make_container
from tests.factories import DEADLINE, PLEDGED_ON, content

pytestmark = pytest.mark.postgres
SECRETARIAT = Actor("token:test", Role.SECRETARIAT)


class PledgeV2(Pledge):
    """Pledge once a progress report also says how confident its author is."""

    class ProgressReported(Aggregate.Event):  # today's fields, and one more
        class_version = 2
        as_of: date
        percent_complete: int
        narrative: str
        indicators: tuple[IndicatorValue, ...]
        actor: Actor
        confidence: str  # new, and required: stored reports need an upcaster to read

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Reports from before: confident when at least half done."""
            state["confidence"] = "high" if state["percent_complete"] >= 50 else "low"

    @event(ProgressReported)
    def _progress_reported(  # type: ignore[override]
        self,
        as_of: date,  # noqa: ARG002 - the event's fields, as the decorator passes them
        percent_complete: int,
        narrative: str,  # noqa: ARG002
        indicators: tuple[IndicatorValue, ...],  # noqa: ARG002
        actor: Actor,  # noqa: ARG002
        confidence: str,
    ) -> None:
        self.report_count += 1
        self.percent_complete = percent_complete
        self.confidence = confidence


@pytest.fixture
def uncached(database: Database, tmp_path: Path) -> Iterator[Container]:
    """Every read from the event store (no pledge kept in memory)."""
    with make_container(database, tmp_path, aggregate_cache_size=0) as c:
        yield c


def test_a_stored_report_reads_in_its_new_shape(uncached: Container) -> None:
    app = uncached.app
    pledger = app.register_pledger("Lisbon", Category.ACADEMIA, "PRT", False, SECRETARIAT)
    pledge = app.submit(pledger, content(), PLEDGED_ON, DEADLINE, SECRETARIAT).id
    for percent in (20, 60):
        app.report_progress(pledge, date(2026, 6, percent // 10), percent, "ok", (), SECRETARIAT)
    stored = {e.originator_version: e for e in app.recorder.select_events(pledge)}
    assert b"confidence" not in stored[2].state and b"class_version" not in stored[2].state

    read, events = read_with_newer_classes(app, pledge)
    assert type(read) is PledgeV2
    reports = [e for e in events if type(e) is PledgeV2.ProgressReported]
    assert [(r.percent_complete, r.confidence) for r in reports] == [(20, "low"), (60, "high")]
    assert (read.version, read.percent_complete, read.confidence) == (3, 60, "high")
    assert isinstance(reports[0].as_of, date) and reports[0].actor == SECRETARIAT

    # A report recorded in the new shape stores its version, and reads back as it was.
    event = reports[1]
    mapper = app.mapper
    again = mapper.to_domain_event(mapper.to_stored_event(event))
    assert b'"class_version":2' in mapper.to_stored_event(event).state
    assert vars(again) == vars(event)


def read_with_newer_classes(app: Any, pledge: Any) -> tuple[Any, list[Any]]:
    """The pledge and its events as a release with the newer classes reads them: the
    stored topics lead to those classes, for this read only."""
    clear_topic_cache()  # the topics this process resolved so far lead to today's classes
    register_topic(get_topic(Pledge), PledgeV2)
    register_topic(get_topic(Pledge.ProgressReported), PledgeV2.ProgressReported)
    try:
        events = [app.mapper.to_domain_event(s) for s in app.recorder.select_events(pledge)]
        aggregate = app.repository.get(pledge)
    finally:
        clear_topic_cache()
    return aggregate, events
