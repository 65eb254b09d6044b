"""A database made before numbered migrations (by commit f0e2b3f's code, tests/fixtures)
migrates forward at the first start and keeps everything: its pledges and their read models
are served as they were, tokens and sessions still work, and the read models carry on from
where they stood. Its schema is then the one a new database gets."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from api.main import create_app
from infrastructure.database import Database
from infrastructure.migrations import available, migrate
from tests.conftest import make_container
from tests.factories import wire_pledge
from tests.schema import differences, schema_of
from workers.projection_runner import start_projection_runners

pytestmark = pytest.mark.postgres
FIXTURE = Path(__file__).parents[1] / "fixtures" / "main_f0e2b3f.sql"
TOKEN = "gcmp_fnYSEjUptTM-PJIbaERMr6RUO7G-2i-NtpzCckp5JaY"  # the fixture's, in plain
SESSION = "j7y1aGlgb7n5n-oy1xUdhwGh5IeLeZ-bvlhO8ogzGU4"
# Tables as they were before the search table and the columns added in place since.
OLDER = """
ALTER TABLE pledge_summaries ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector(
    'english', coalesce(reference, '') || ' ' || coalesce(title, '') || ' '
    || coalesce(pledger_name, '') || ' ' || coalesce(description, ''))) STORED;
CREATE INDEX pledge_summaries_search ON pledge_summaries USING gin (search);
DROP TABLE pledge_summaries_words;
ALTER TABLE pledge_summaries DROP COLUMN amount_text;
DROP INDEX signin_links_subject, portal_sessions_subject;
ALTER TABLE signin_links DROP COLUMN contact_id;
ALTER TABLE portal_sessions DROP COLUMN contact_id;
"""


def load(database: Database, *extra: str) -> None:
    """The fixture's dump, on its own connection (it empties the search path)."""
    with psycopg.connect(database.conninfo, autocommit=True) as conn:
        conn.execute(FIXTURE.read_bytes())
    with psycopg.connect(database.conninfo, autocommit=True) as conn:
        for statement in extra:
            conn.execute(statement.encode())


def rows(database: Database) -> dict[str, int]:
    with psycopg.connect(database.conninfo, autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        count = sql.SQL("SELECT count(*) FROM {}")
        return {t: conn.execute(count.format(sql.Identifier(t))).fetchall()[0][0] for t in tables}


def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("made", ["at f0e2b3f", "before the search table"])
def test_a_database_made_before_migrations_keeps_and_serves_its_pledges(
    made: str, database: Database, other_database: Database, tmp_path: Path
) -> None:
    load(database, *([OLDER] if made == "before the search table" else []))
    before = rows(database)
    with make_container(database, tmp_path) as c:
        after = rows(database)
        kept = {t: n for t, n in after.items() if t in before}
        if made == "before the search table":
            assert after["pledge_summaries_words"] == before["pledge_summaries"]  # moved over
        assert kept == before
        assert after["schema_migrations"] == len(available())
        assert (before["pledges_events"], before["pledge_summaries"]) == (147, 24)
        head = c.app.recorder.max_notification_id()
        assert set(c.views.positions().values()) == {head}  # no read model starts over
        chained = c.audit.verify()  # the events from before are chained by the migration
        assert (chained.ok, chained.events, chained.position) == (True, 147, head)

        with TestClient(create_app(c), raise_server_exceptions=False) as client:
            auth = {"Authorization": f"Bearer {TOKEN}"}
            listed = client.get("/api/pledges", params={"limit": 100}).json()["items"]
            assert len(listed) == 24
            found = client.get("/api/pledges", params={"q": listed[0]["title"]}).json()["items"]
            assert listed[0]["reference"] in {p["reference"] for p in found}
            assert client.get("/api/dashboard").json()["totals"]["pledges"] == 24
            history = client.get(f"/api/pledges/{listed[0]['id']}/history", headers=auth)
            assert history.status_code == 200 and history.json()["items"], history.text
            console = client.get("/console", headers={"Cookie": f"pledges_session={SESSION}"})
            assert console.status_code == 200 and listed[0]["reference"] in console.text

            pledger = listed[0]["pledger"]["id"]
            submitted = client.post("/api/pledges", headers=auth, json=wire_pledge(pledger))
            assert submitted.status_code == 201, submitted.text
            assert submitted.json()["reference"] == "GCM-2026-0002"  # the year's sequence kept
            stop = threading.Event()
            runners = start_projection_runners(c.eventsourcing_env, c.database.conninfo, stop)
            try:
                assert wait_for(
                    lambda: client.get("/api/dashboard").json()["totals"]["pledges"] == 25
                )
                assert c.audit.verify().events == 147 + 2  # and new ones follow them
            finally:
                stop.set()
                for runner in runners:
                    runner.join(timeout=10)
    # The schema a new database gets, and nothing made at run time since.
    migrate(other_database.conninfo)
    assert differences(schema_of(database.conninfo), schema_of(other_database.conninfo)) == {}
