"""The exports with everything, and the Frictionless data package that describes them: the
`frictionless` library loads the package with the files as downloaded and finds every row
valid against its schema; filtered files hold exactly the filtered pledges; details (partners,
targets with the latest value, the latest narrative) and labels are there; no contact."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from frictionless import Package
from openpyxl import load_workbook

from tests.e2e.site import Site, site_fixture

site = site_fixture("export-package", pledges=60)
PARTS = ("pledges", "targets", "reports", "partners", "matches", "codes")
FILTERS = {"region": "europe_north_america", "category": "local_regional_government"}


def get(site: Site, path: str, **params: Any) -> bytes:
    response = site.client.get(path, params=params or None)
    assert response.status_code == 200, response.text[:300]
    return response.content


def rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def listed(site: Site, **params: Any) -> list[str]:
    body = site.client.get("/api/pledges", params={**params, "sort": "reference", "limit": 200})
    return [i["reference"] for i in body.json()["items"]]


def test_frictionless_finds_every_file_valid_against_the_package(
    site: Site, tmp_path: Path
) -> None:
    described = json.loads(get(site, "/api/exports/datapackage.json"))
    assert [r["name"] for r in described["resources"]] == list(PARTS)
    for resource in described["resources"]:
        body = get(site, f"/api/exports/{resource['path']}")  # relative to the package
        (tmp_path / resource["path"]).write_bytes(body)
        header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert header == [f["name"] for f in resource["schema"]["fields"]]
        for field in resource["schema"]["fields"]:
            assert field["type"] and field["title"] and field["description"]
    (tmp_path / "datapackage.json").write_text(json.dumps(described))
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    fields = {f["name"]: f for f in described["resources"][0]["schema"]["fields"]}
    assert "fulfilled" in fields["status"]["constraints"]["enum"]
    assert "civil_society" in fields["pledger_category"]["constraints"]["enum"]


def test_filtered_files_hold_exactly_the_filtered_pledges_with_their_details(site: Site) -> None:
    described = json.loads(get(site, "/api/exports/datapackage.json", **FILTERS))
    paths = {r["name"]: urlsplit(r["path"]) for r in described["resources"]}
    assert all(p.scheme in ("http", "https") for p in paths.values())  # absolute, filtered
    files = {n: rows(get(site, f"{p.path}?{p.query}")) for n, p in paths.items()}
    expected = listed(site, **FILTERS)
    assert site.partnered_reference in expected
    assert [r["reference"] for r in files["pledges"]] == expected
    for part in ("targets", "reports", "partners", "matches"):
        assert {r["reference"] for r in files[part]} <= set(expected)
    ref = site.partnered_reference
    [pledge] = [r for r in files["pledges"] if r["reference"] == ref]
    assert pledge["status_label"] == "In progress" and pledge["region_label"] == (
        "Europe and North America"
    )
    assert pledge["description"].startswith("The City commits")
    assert pledge["partner_names"] == "Partner Network (pages)"
    assert pledge["latest_narrative"] == "Two centres opened."
    assert "3. Information" in pledge["objectives_labels"]
    [target] = [r for r in files["targets"] if r["reference"] == ref]
    assert (target["indicator"], target["baseline"], target["target"], target["latest"]) == (
        "migrants reached", "0", "500", "200"
    )
    [partner] = [r for r in files["partners"] if r["reference"] == ref]
    assert partner["partner"] == "Partner Network (pages)" and partner["contribution"] == "Courses"
    [report] = [r for r in files["reports"] if r["reference"] == ref]
    assert (report["as_of"], report["percent_complete"]) == ("2026-10-01", "40")
    codes = {(r["field"], r["code"]): r["label"] for r in files["codes"]}
    assert codes["status", "in_progress"] == "In progress" and codes["objectives", "3"]


def test_the_workbook_has_a_sheet_per_file_equal_to_it(site: Site) -> None:
    book = load_workbook(io.BytesIO(get(site, "/api/exports/pledges.xlsx", **FILTERS)),
                         read_only=True)
    for part in ("targets", "reports", "partners", "matches"):
        sheet = list(book[part.capitalize()].iter_rows(values_only=True))
        csv_rows = rows(get(site, f"/api/exports/{part}.csv", **FILTERS))
        assert list(sheet[0]) == list(csv_rows[0]) if csv_rows else sheet[0]
        assert [r[0] for r in sheet[1:]] == [r["reference"] for r in csv_rows]
    codes = list(book["Codes"].iter_rows(values_only=True))
    assert ("status", "fulfilled", "Fulfilled") in codes


def test_no_file_of_the_package_holds_a_contact(site: Site) -> None:
    texts = [get(site, "/api/exports/datapackage.json").decode()]
    texts += [get(site, f"/api/exports/{part}.csv").decode("utf-8-sig") for part in PARTS]
    for text in texts:
        for email in site.emails:
            assert email not in text
        assert "Ana Focal" not in text
    book = load_workbook(io.BytesIO(get(site, "/api/exports/pledges.xlsx")), read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and ("@" in v or "Ana Focal" in v) for v in row)


def test_bad_filters_and_unknown_files_are_4xx(site: Site) -> None:
    assert site.client.get("/api/exports/targets.csv?objective=30").status_code == 422
    assert site.client.get("/api/exports/datapackage.json?status=nope").status_code == 422
    assert site.client.get("/api/exports/contacts.csv").status_code in (404, 422)
