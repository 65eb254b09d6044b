"""The schema's migrations: applied once, in order, under a lock; refused when the database's
record differs from the files; and the first one makes the eventsourcing library's tables
exactly as the library would."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from eventsourcing.postgres import PostgresTrackingRecorder

from domain.application import PledgeTracker
from infrastructure.database import Database
from infrastructure.migrations import Migration, SchemaError, available, migrate, status
from tests.conftest import make_container
from tests.schema import differences, schema_of

pytestmark = pytest.mark.postgres
LIBRARY_TABLES = {"pledges_events", "pledges_snapshots", "pledge_summaries_tracking"}


def test_a_new_database_is_migrated_once_and_says_its_version(database: Database) -> None:
    known = available()
    before = status(database.conninfo)
    assert (before.version, [m.version for m in before.pending]) == (
        0,
        list(range(1, len(known) + 1)),
    )
    assert [m.name for m in migrate(database.conninfo)] == [m.name for m in known]
    assert migrate(database.conninfo) == []
    after = status(database.conninfo)
    assert (after.version, after.pending) == (len(known), [])
    assert [(a.version, a.checksum) for a in after.applied] == [
        (m.version, m.checksum) for m in known
    ]


def test_processes_starting_together_migrate_once(database: Database) -> None:
    with ThreadPoolExecutor(6) as pool:
        applied = list(pool.map(lambda _: migrate(database.conninfo), range(6)))
    assert sorted(len(a) for a in applied) == [0, 0, 0, 0, 0, len(available())]
    assert status(database.conninfo).pending == []


def test_an_edited_migration_is_refused(database: Database) -> None:
    migrate(database.conninfo)
    first = available()[0]
    edited = Migration(1, first.name, first.sql + "\nCREATE TABLE sneaked_in (id int);\n")
    with pytest.raises(SchemaError, match=r"migration 0001 \(baseline\) was applied with other"):
        migrate(database.conninfo, [edited])
    with psycopg.connect(database.conninfo) as conn:
        assert conn.execute("SELECT to_regclass('sneaked_in')").fetchone() == (None,)


def test_a_database_migrated_by_newer_code_is_refused_at_start(
    database: Database, tmp_path: Path
) -> None:
    migrate(database.conninfo)
    later = len(available()) + 1
    with psycopg.connect(database.conninfo, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, 'later', 'x')",
            (later,),
        )
    with pytest.raises(SchemaError, match=rf"migration {later:04d} \(later\), which this code"):
        make_container(database, tmp_path)


def test_migration_files_are_numbered_without_gaps(tmp_path: Path) -> None:
    (tmp_path / "0001_first.sql").write_text("SELECT 1;")
    (tmp_path / "0003_third.sql").write_text("SELECT 1;")
    with pytest.raises(SchemaError, match="migration 0002 is missing"):
        available(tmp_path)
    (tmp_path / "3_badly_named.sql").write_text("SELECT 1;")
    with pytest.raises(SchemaError, match=r"3_badly_named\.sql: a migration is named"):
        available(tmp_path)


def test_the_library_would_make_its_tables_as_the_first_migration_does(
    database: Database, other_database: Database
) -> None:
    """Fails when the eventsourcing library's own DDL changes: then the migration (and a
    new one for databases made before) must follow it. (0005 adds the hash chain's columns.)"""
    migrate(database.conninfo, available()[:1])
    env = {**other_database.eventsourcing_env(2), "CREATE_TABLE": "y"}
    del env["APPLICATION_RECORDER_TOPIC"]  # the library's own recorder makes them
    app = PledgeTracker(env=env)
    datastore = app.recorder.datastore  # type: ignore[attr-defined]
    tracking = PostgresTrackingRecorder(datastore, tracking_table_name="pledge_summaries_tracking")
    tracking.create_table()
    app.close()
    ours, library = schema_of(database.conninfo), schema_of(other_database.conninfo)
    assert (
        differences(
            schema_of(database.conninfo, LIBRARY_TABLES),
            schema_of(other_database.conninfo, LIBRARY_TABLES),
        )
        == {}
    )
    assert library["types"] == ours["types"]  # the events' composite type, and nothing else
    assert library["sequences"] <= ours["sequences"]
    for db in (database, other_database):
        with psycopg.connect(db.conninfo) as conn:
            rows = conn.execute("SELECT * FROM pledge_summaries_tracking").fetchall()
        assert rows == [("__migration__", 1)]  # the library's mark of its single-row layout
