"""`pledges import`'s importer on real PostgreSQL: the example file, faults, idempotence."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid5

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook

from api.imports.importer import Importer, Summary
from api.imports.pledgers import PLEDGER_NAMESPACE
from api.imports.template import book
from api.main import create_app
from domain.taxonomy import Role
from infrastructure.container import Container
from infrastructure.database import Database
from tests.conftest import make_container
from tests.factories import wire_pledge

DOCS = Path(__file__).parents[2] / "docs"
EXAMPLE = DOCS / "import-example-2022.xlsx"


@pytest.fixture
def site(database: Database, tmp_path: Path) -> Iterator[tuple[Container, TestClient]]:
    with make_container(database, tmp_path, review_pledges=True) as container:
        with TestClient(create_app(container), raise_server_exceptions=False) as client:
            yield container, client


def run(c: Container, name: str, data: bytes, dry_run: bool = False) -> Summary:
    registered = {r["name"]: r["pledger_id"] for r in c.queries.pledgers()}
    return Importer(c.app, registered).run(name, data, "cli:tester", dry_run)


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


def workbook(rows: dict[str, list[list[Any]]]) -> bytes:
    out = io.BytesIO()
    book(rows).save(out)
    return out.getvalue()


def test_old_dates_pass_but_a_day_after_today_is_refused(
    site: tuple[Container, TestClient],
) -> None:
    c, client = site
    today = c.app.today()
    text = "A pledge to open information points for migrants in every district. " * 5
    pledge = [
        "GCM-2019-0001",
        "Caritas Senegal",
        "Information points",
        text,
        "individual",
        "process",
        "3",
        "",
        "",
        "SEN",
        "africa",
        "en",
        date(2019, 3, 1),
        date(2021, 3, 1),
    ]
    rows: dict[str, list[list[Any]]] = {
        "Pledgers": [["Caritas Senegal", "faith_based", "SEN", ""]],
        "Pledges": [
            pledge,
            ["GCM-2019-0002", *pledge[1:12], today + timedelta(days=1), today + timedelta(days=90)],
        ],
        "Targets": [["GCM-2019-0099", "people served", 0, 100, "people"]],
        "Reports": [
            ["GCM-2019-0001", date(2019, 9, 1), 30, "Two points open.", ""],
            ["GCM-2019-0001", today + timedelta(days=1), 60, "Tomorrow.", ""],
            ["GCM-2019-0001", date(2019, 2, 1), 10, "Before the pledge.", ""],
        ],
    }
    summary = run(c, "old.xlsx", workbook(rows))
    assert [(f.sheet, f.row, f.column) for f in summary.errors] == [
        ("Pledges", 3, "pledged_on"),
        ("Targets", 2, "reference"),
        ("Reports", 3, "as_of"),
        ("Reports", 4, "as_of"),
    ]
    assert "in the future" in summary.errors[2].message
    assert client.get("/api/pledges/GCM-2019-0001").status_code == 404

    rows["Pledges"], rows["Reports"] = rows["Pledges"][:1], rows["Reports"][:1]
    rows["Targets"] = []
    assert run(c, "old.xlsx", workbook(rows)).errors == []
    read = client.get("/api/pledges/GCM-2019-0001", params={"as_of": "2019-12-31"}).json()
    assert (read["status"], read["percent_complete"]) == ("in_progress", 30)


def test_the_template_describes_every_column_and_imports_as_nothing(
    site: tuple[Container, TestClient],
) -> None:
    c, _client = site
    template = load_workbook(DOCS / "import-template.xlsx")
    described = {(r[0], r[1]) for r in template["Columns"].iter_rows(min_row=2, values_only=True)}
    for sheet in ("Pledgers", "Pledges", "Targets", "Partners", "Reports"):
        header = next(template[sheet].iter_rows(max_row=1, values_only=True))
        assert {(sheet, h) for h in header} <= described
    summary = run(c, "import-template.xlsx", (DOCS / "import-template.xlsx").read_bytes())
    assert (summary.errors, summary.pledges_imported) == ([], 0)


def test_the_enriched_exports_sheets_import(site: tuple[Container, TestClient]) -> None:
    """The export's XLSX as it is being enriched: Targets (with the latest value), Reports
    (the latest progress report and the report of fulfilment, by kind) and Partners sheets
    beside Pledges; columns the importer does not know are ignored."""
    c, client = site
    text = "A pledge to open information points for migrants in every district. " * 5
    sheets = {
        "Pledges": [
            [
                "reference",
                "title",
                "description",
                "status_label",
                "pledger",
                "pledger_category",
                "pledger_country",
                "type",
                "forms",
                "objectives",
                "countries",
                "region",
                "pledged_on",
                "deadline",
                "fulfilled_on",
                "version",
            ],
            [
                "GCM-2020-0042",
                "Information points",
                text,
                "Fulfilled",
                "Caritas Senegal",
                "faith_based",
                "SEN",
                "common",
                "process",
                "3; 16",
                "SEN",
                "africa",
                date(2020, 2, 1),
                date(2022, 2, 1),
                date(2021, 12, 1),
                7,
            ],
            [
                "GCM-2020-0043",
                "Shelters",
                text,
                "Submitted",
                "Ville de Dakar",
                "local_regional_government",
                "SEN",
                "individual",
                "policy",
                "7",
                "SEN",
                "africa",
                date(2020, 3, 1),
                date(2023, 2, 1),
                None,
                1,
            ],
        ],
        "Targets": [
            ["reference", "indicator", "unit", "baseline", "target", "latest"],
            ["GCM-2020-0042", "points open", "points", 0, 4, 4],
        ],
        "Reports": [
            ["reference", "kind", "as_of", "percent_complete", "narrative"],
            ["GCM-2020-0042", "progress", date(2021, 6, 30), 75, "Three are open."],
            ["GCM-2020-0042", "fulfilment", date(2021, 12, 1), None, "All four open."],
        ],
        "Partners": [
            ["reference", "partner", "contribution", "joined_on"],
            ["GCM-2020-0042", "Ville de Dakar", "Premises", date(2020, 4, 1)],
        ],
        "Codes": [["field", "code", "label"], ["status", "fulfilled", "Fulfilled"]],
    }
    book = Workbook()
    book.remove(book.active)
    for name, table in sheets.items():
        sheet = book.create_sheet(name)
        for row in table:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    summary = run(c, "gcm-pledges-2026-12-01.xlsx", out.getvalue())
    assert summary.errors == []
    assert (summary.pledges_imported, summary.reports, summary.partners) == (2, 1, 1)
    body = client.get("/api/pledges/GCM-2020-0042").json()
    assert (body["status"], body["fulfilled_on"]) == ("fulfilled", "2021-12-01")
    then = client.get("/api/pledges/GCM-2020-0042", params={"as_of": "2021-07-01"}).json()
    assert (then["status"], then["percent_complete"]) == ("in_progress", 75)


def test_a_later_submission_of_the_year_gets_a_reference_after_the_kept_ones(
    site: tuple[Container, TestClient],
) -> None:
    c, client = site
    assert run(c, EXAMPLE.name, EXAMPLE.read_bytes()).errors == []
    token = c.tokens.create(Role.SECRETARIAT, "test", None)[1]
    pledger = uuid5(PLEDGER_NAMESPACE, "portugal")  # an imported pledger's id, by its name
    body = wire_pledge(str(pledger), pledged_on="2022-08-01", deadline="2026-01-01")
    sent = client.post("/api/pledges", json=body, headers={"Authorization": f"Bearer {token}"})
    assert sent.status_code == 201, sent.text
    assert sent.json()["reference"] == "GCM-2022-0104"
