"""`pledges import`'s importer on real PostgreSQL: the example file, faults, idempotence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.imports.importer import Importer, Summary
from api.main import create_app
from infrastructure.container import Container
from infrastructure.database import Database
from tests.conftest import make_container

DOCS = Path(__file__).parents[2] / "docs"
EXAMPLE = DOCS / "import-example-2022.xlsx"


@pytest.fixture
def site(database: Database, tmp_path: Path) -> Iterator[tuple[Container, TestClient]]:
    with make_container(database, tmp_path, review_pledges=True) as container:
        with TestClient(create_app(container), raise_server_exceptions=False) as client:
            yield container, client


def run(c: Container, name: str, data: bytes, dry_run: bool = False) -> Summary:
    registered = {r["name"]: r["pledger_id"] for r in c.queries.pledgers()}
    return Importer(c.app, registered).run(name, data, "ana@example.org", dry_run)


def events(c: Container) -> int:
    return int(c.app.recorder.max_notification_id() or 0)


def test_the_example_imports_with_its_real_dates(site: tuple[Container, TestClient]) -> None:
    c, client = site
    summary = run(c, EXAMPLE.name, EXAMPLE.read_bytes())
    assert summary.errors == []
    assert (summary.pledgers_created, summary.pledges_imported) == (4, 3)
    assert (summary.reports, summary.partners) == (6, 1)
    assert summary.references == ["GCM-2022-0101", "GCM-2022-0102", "GCM-2022-0103"]
    then = client.get("/api/pledges/GCM-2022-0101", params={"as_of": "2022-06-01"})
    assert then.status_code == 200, then.text
    body: dict[str, Any] = then.json()
    assert (body["status"], body["pledged_on"]) == ("submitted", "2022-05-17")
    later = client.get("/api/pledges/GCM-2022-0101", params={"as_of": "2023-06-01"}).json()
    assert (later["status"], later["percent_complete"]) == ("in_progress", 45)
    now = client.get("/api/pledges/GCM-2022-0101").json()
    assert (now["status"], now["fulfilled_on"]) == ("fulfilled", "2024-11-29")
    partner = client.get("/api/pledges/GCM-2022-0102", params={"as_of": "2022-07-01"}).json()
    assert partner["status"] == "submitted"


def test_importing_twice_changes_nothing(site: tuple[Container, TestClient]) -> None:
    c, _client = site
    data = EXAMPLE.read_bytes()
    assert run(c, EXAMPLE.name, data).pledges_imported == 3
    before = events(c)
    again = run(c, EXAMPLE.name, data)
    assert again.errors == []
    assert (again.pledges_imported, again.pledges_skipped) == (0, 3)
    assert again.pledgers_created == 0
    assert events(c) == before
