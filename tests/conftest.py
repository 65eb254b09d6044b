"""PostgreSQL for the tests: the machine's server when PLEDGES_TEST_DATABASE_URL names one,
and always the embedded one. A server that is named but unreachable fails the run: it is
never skipped."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, settings
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from infrastructure.container import Container
from infrastructure.database import Database, start_embedded
from infrastructure.settings import load_settings
from service.container import build_container

# What the property tests check is never timing: on a loaded machine (CI shares it) a slow
# example must neither fail a test by its deadline nor by the too-slow health check.
settings.register_profile("pledges", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("pledges")

SERVER_URL = os.environ.get("PLEDGES_TEST_DATABASE_URL", "")
BACKENDS = ["embedded", "server"] if SERVER_URL else ["embedded"]


def _create_database(admin: str) -> tuple[str, str]:
    name = f"pledges_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    params = conninfo_to_dict(admin)
    params["dbname"] = name
    return name, make_conninfo(**params)


def _drop_database(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def private_folder(prefix: str) -> Path:
    """A folder for an embedded PostgreSQL, outside pytest's: every pytest session that starts on
    the machine makes pytest's folder private again, and the server, which runs as a user of
    its own, could then not be stopped or started (pg_ctl: Permission denied)."""
    return Path(tempfile.mkdtemp(prefix=prefix))


@pytest.fixture(scope="session")
def embedded_admin() -> Iterator[str]:
    folder = private_folder("pledges-embedded-")
    server = start_embedded(folder / "pg")
    yield server.get_uri()
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


def _session_database(admin: str) -> Iterator[Database]:
    name, conninfo = _create_database(admin)
    database = Database(conninfo=conninfo)
    yield database
    database.close()
    _drop_database(admin, name)


@pytest.fixture(scope="session")
def embedded_database(embedded_admin: str) -> Iterator[Database]:
    yield from _session_database(embedded_admin)


@pytest.fixture(scope="session")
def server_database() -> Iterator[Database]:
    if not SERVER_URL:
        raise RuntimeError("PLEDGES_TEST_DATABASE_URL is not set")
    yield from _session_database(SERVER_URL)


def reset(database: Database) -> Database:
    """An empty schema, so each test starts from nothing (its start migrates it): tables,
    the recorder's type and functions, sequences and the record of migrations all go."""
    with database.pool().connection() as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return database


@pytest.fixture
def other_database(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A second empty database on the primary backend, for tests that compare two."""
    yield from _session_database(SERVER_URL or request.getfixturevalue("embedded_admin"))


@pytest.fixture(params=BACKENDS)
def any_database(request: pytest.FixtureRequest) -> Database:
    """Each test using this runs on every backend: embedded, and the server when named."""
    database: Database = request.getfixturevalue(f"{request.param}_database")
    return reset(database)


@pytest.fixture
def database(request: pytest.FixtureRequest) -> Database:
    """The primary backend: the server when named (as in CI), else the embedded one."""
    name = "server_database" if SERVER_URL else "embedded_database"
    return reset(request.getfixturevalue(name))


def make_container(database: Database, tmp_path: Path, **settings: object) -> Container:
    options: dict[str, object] = {
        "environment": "test",
        "data_dir": tmp_path,
        "pool_size": 5,
        # Tests read right after they write; the reuse of positions has its own test.
        "read_position_ttl": 0,
        # REVIEW_PLEDGES is on by default, off here: most tests are about what follows a
        # pledge's publication. Review's own tests turn it on (tests/*/test_review*.py).
        "review_pledges": False,
        **settings,
    }
    return build_container(load_settings(**options), Database(conninfo=database.conninfo))


@pytest.fixture
def container(any_database: Database, tmp_path: Path) -> Iterator[Container]:
    with make_container(any_database, tmp_path) as built:
        yield built


def as_url(database: Database) -> str:
    """The database as a DATABASE_URL, as an operator would write it."""
    p = database.params
    host = p.get("host", "")
    where = (
        f"@/{p['dbname']}?host={host}"
        if host.startswith("/")
        else f"@{host}:{p.get('port', 5432)}/{p['dbname']}"
    )
    return f"postgresql://{p.get('user', 'postgres')}{where}"


def pytest_report_header() -> str:
    return f"PostgreSQL backends: {', '.join(BACKENDS)}"
