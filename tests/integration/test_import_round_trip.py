"""Round trip: the XLSX export of one database (its Pledges, Targets, Partners and Reports
sheets), imported into a fresh one, exports the same, sheet by sheet; `updated_at` aside
(when the store recorded the last event: the new database recorded it today). The CSV
export is one file of pledges whose targets are a text column for reading: its own round
trip needs the targets.csv beside it, which the importer does not read (README)."""

from __future__ import annotations

import io
import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import openpyxl
from fastapi.testclient import TestClient

from api.imports.importer import Importer
from api.main import create_app
from domain.taxonomy import Category, Role
from domain.values import Actor
from infrastructure.container import Container
from infrastructure.database import Database
from tests.conftest import make_container
from tests.factories import wire_pledge
from tests.integration.recompute import wait_caught_up
from workers.projection_runner import start_projection_runners

ADMIN = Actor("test", Role.SECRETARIAT)


@contextmanager
def site(database: Database, folder: Path) -> Iterator[tuple[Container, TestClient]]:
    with make_container(database, folder) as c:
        stop = threading.Event()
        runners = start_projection_runners(c.eventsourcing_env, c.database.conninfo, stop)
        try:
            with TestClient(create_app(c), raise_server_exceptions=False) as client:
                yield c, client
        finally:
            stop.set()
            for runner in runners:
                runner.join(10)


def export(c: Container, client: TestClient) -> tuple[bytes, dict[str, list[dict[str, Any]]]]:
    """The XLSX export's bytes, and each sheet's rows without `updated_at`."""
    wait_caught_up(c)
    response = client.get("/api/exports/pledges.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    sheets = {}
    for sheet in book.worksheets:
        header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        sheets[sheet.title] = [
            # read-only sheets leave a row's trailing empty cells out
            {k: v for k, v in itertools.zip_longest(header, row) if k != "updated_at"}
            for row in rows
        ]
    return response.content, sheets


def test_export_import_export_is_the_same(
    database: Database, other_database: Database, tmp_path: Path
) -> None:
    """Kept: references, ids, pledgers by name and category, every listed field."""
    with site(database, tmp_path / "a") as (c, client):
        lisbon = c.app.register_pledger(
            "City of Lisbon", Category.LOCAL_REGIONAL_GOVERNMENT, "PRT", False, ADMIN
        )
        dakar = c.app.register_pledger("Caritas Senegal", Category.FAITH_BASED, "SEN", False, ADMIN)
        token = c.tokens.create(Role.SECRETARIAT, "test", None)[1]
        refs: dict[UUID, str] = {}  # each pledger's first pledge
        for pledger, changes in (
            (lisbon, {"pledged_on": "2022-05-17", "deadline": "2025-12-31"}),
            (
                dakar,
                {
                    "pledged_on": "2021-11-02",
                    "deadline": "2023-06-30",
                    "financial": None,
                    "forms": ["process"],
                    "countries": ["SEN", "MLI"],
                },
            ),
            (
                lisbon,
                {
                    "title": "=Formula-looking title",
                    "pledged_on": "2023-01-09",
                    "deadline": "2030-01-01",
                    "gcr_mirror": True,
                },
            ),
        ):
            sent = client.post(
                "/api/pledges",
                json=wire_pledge(str(pledger), **changes),
                headers={"Authorization": f"Bearer {token}"},
            )
            assert sent.status_code == 201, sent.text
            refs.setdefault(pledger, sent.json()["reference"])
        auth = {"Authorization": f"Bearer {token}"}
        # Caritas Senegal's pledge (2021) has a report and Lisbon as its partner.
        ref = refs[dakar]
        report = {"as_of": "2023-03-01", "percent_complete": 40, "narrative": "Two centres open."}
        partner = {"pledger_id": str(lisbon), "contribution": "Legal aid clinics"}
        for path, body in (("progress-reports", report), ("partners", partner)):
            done = client.post(f"/api/pledges/{ref}/{path}", json=body, headers=auth)
            assert done.status_code in (200, 201), done.text
        data, first = export(c, client)
    with site(other_database, tmp_path / "b") as (c, client):
        summary = Importer(c.app, {}).run("export.xlsx", data, "cli:tester")
        assert summary.errors == []
        assert (summary.pledges_imported, summary.pledgers_created) == (3, 2)
        _data, again = export(c, client)
    assert len(first["Pledges"]) == 3 and first["Targets"]
    assert first["Partners"] and first["Reports"]
    assert again == first
