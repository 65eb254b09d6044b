"""The runners under stress: killed mid-stream, two at once, and a rebuild while serving."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from domain.taxonomy import Role
from domain.values import Actor
from infrastructure.container import Container
from infrastructure.database import Database
from projections.listing import Filters
from projections.rebuild import ROWS_IN_MEMORY, rebuild
from projections.registry import PROJECTIONS
from service.sample import SampleData
from tests.conftest import as_url, make_container
from tests.integration.recompute import wait_caught_up
from tests.integration.test_projections_property import TODAY, check_projections
from tests.schema import differences, schema_of
from workers.leadership import Leadership
from workers.projection_runner import start_projection_runners

SECRETARIAT = Actor("token:runners", Role.SECRETARIAT)


@pytest.fixture
def loaded(database: Database, tmp_path: Path) -> Iterator[Container]:
    with make_container(database, tmp_path) as c:
        c.app.today = lambda: TODAY
        SampleData(c.app, c.contacts, seed=5, today=date(2026, 11, 1)).run(500, lambda _n: None)
        yield c


def report_on_some(c: Container, count: int) -> None:
    """New events after the runners have caught up: progress reports on open pledges."""
    for item in c.queries.list(Filters(status=["in_progress"]), TODAY, limit=count).items:
        c.app.report_progress(
            item["reference"], date(2026, 11, 20), 99, "late report", (), SECRETARIAT
        )


def stop_all(stop: threading.Event, runners: list[Leadership]) -> None:
    stop.set()
    for runner in runners:
        runner.join(10)


def test_a_runner_killed_mid_stream_neither_misses_nor_repeats_an_event(
    loaded: Container, database: Database, tmp_path: Path
) -> None:
    env = {**os.environ, "DATABASE_URL": as_url(database), "DATA_DIR": str(tmp_path)}
    worker = subprocess.Popen([str(Path(sys.executable).parent / "pledges"), "worker"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    head = loaded.app.recorder.max_notification_id() or 0
    seen: dict[str, int] = {}
    try:
        deadline = time.monotonic() + 60
        while not any(0 < p < head for p in seen.values()):
            assert time.monotonic() < deadline, "the worker never got going"
            assert max(seen.values(), default=0) < head, "the stream ended before the kill"
            time.sleep(0.005)
            seen = loaded.views.positions()
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait(10)
    assert any(0 < p < head for p in loaded.views.positions().values())
    stop = threading.Event()
    runners = start_projection_runners(loaded.eventsourcing_env, loaded.database.conninfo, stop)
    try:
        wait_caught_up(loaded, timeout=60)
        check_projections(loaded)
    finally:
        stop_all(stop, runners)


def test_of_two_runners_one_works_one_waits_and_takes_over(loaded: Container) -> None:
    first_stop, second_stop = threading.Event(), threading.Event()
    env, conninfo = loaded.eventsourcing_env, loaded.database.conninfo
    first = start_projection_runners(env, conninfo, first_stop)
    time.sleep(0.5)
    second = start_projection_runners(env, conninfo, second_stop)
    try:
        wait_caught_up(loaded, timeout=60)
        for a, b in zip(first, second, strict=True):
            assert a.is_leader.is_set() and not b.is_leader.is_set()
        check_projections(loaded)
        stop_all(first_stop, first)
        deadline = time.monotonic() + 15
        while not all(b.is_leader.is_set() for b in second):
            assert time.monotonic() < deadline, "the standby runners did not take over"
            time.sleep(0.05)
        report_on_some(loaded, 10)
        wait_caught_up(loaded)
        check_projections(loaded)
    finally:
        stop_all(first_stop, first)
        stop_all(second_stop, second)


def table_rows(c: Container, table: str) -> list[str]:
    with c.database.pool().connection() as conn:
        rows = conn.execute(f"SELECT * FROM {table}").fetchall()
    return sorted(str(r) for r in rows if not (table == "dashboard_counts" and r[2] == 0))


@pytest.mark.parametrize(
    ("rows_in_memory", "chunk"),
    [(ROWS_IN_MEMORY, 2000), (40, 150)],
    ids=["rows-kept-in-memory", "rows-written-and-read-back-between-chunks"],
)
def test_a_rebuild_gives_the_same_tables_and_the_runner_carries_on(
    loaded: Container, rows_in_memory: int, chunk: int
) -> None:
    stop = threading.Event()
    runners = start_projection_runners(loaded.eventsourcing_env, loaded.database.conninfo, stop)
    tables = [
        "pledge_summaries",
        "pledge_summaries_words",
        "pledge_summaries_pledgers",
        "dashboard_counts",
        "dashboard_money",
        "deadline_rows",
    ]
    try:
        wait_caught_up(loaded, timeout=60)
        before = {t: table_rows(loaded, t) for t in tables}
        schema = schema_of(loaded.database.conninfo)
        datastore = loaded.app.recorder.datastore
        for name in PROJECTIONS:
            result = rebuild(
                name, loaded.app, datastore, lambda _d, _h: None, chunk, rows_in_memory
            )
            assert result.position == loaded.app.recorder.max_notification_id()
        assert {t: table_rows(loaded, t) for t in tables} == before
        # The same tables: columns, constraints and indexes by name, none left over.
        assert differences(schema, schema_of(loaded.database.conninfo)) == {}
        report_on_some(loaded, 10)
        wait_caught_up(loaded)
        check_projections(loaded)
    finally:
        stop_all(stop, runners)
