"""The exports over HTTP: CSV, XLSX and JSON hold exactly the filtered list, typed and safe to
open in a spreadsheet, with no personal data; dated filenames and ETags."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook

from tests.e2e.conftest import problem
from tests.e2e.site import FORMULA_TITLE, TODAY, Site, site_fixture

FILTERS = {"region": ["africa", "europe_north_america"], "form": "financial"}


site = site_fixture("exports")


def listed(site: Site, **params: Any) -> list[dict[str, Any]]:
    items, cursor = [], None
    while True:
        body = site.client.get(
            "/api/pledges", params={**params, "sort": "reference", "limit": 200, "cursor": cursor}
        ).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def export(site: Site, kind: str, **params: Any) -> bytes:
    response = site.client.get(f"/api/exports/pledges.{kind}", params=params or None)
    assert response.status_code == 200, response.text[:300]
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="gcm-pledges-{TODAY.isoformat()}.{kind}"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    return response.content


def test_csv_rows_equal_the_filtered_list(site: Site) -> None:
    body = export(site, "csv", **FILTERS)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    expected = listed(site, **FILTERS)
    assert 0 < len(rows) < 122
    assert [r["reference"] for r in rows] == [i["reference"] for i in expected]
    for row, item in zip(rows, expected, strict=True):
        assert row["status"] == item["status"] and row["pledger"] == item["pledger"]["name"]
        assert row["amount"] == (item["financial"] or {}).get("amount", "")
        assert row["objectives"] == "; ".join(map(str, item["objectives"]))
        assert row["deadline"] == item["deadline"] and row["id"] == item["id"]


def test_csv_neutralises_formulas(site: Site) -> None:
    rows = list(csv.DictReader(io.StringIO(export(site, "csv").decode("utf-8-sig"))))
    assert len(rows) == 122
    [row] = [r for r in rows if r["reference"] == site.formula_reference]
    assert row["title"] == "'" + FORMULA_TITLE
    for r in rows:
        for cell in r.values():
            assert not cell.startswith(("=", "+", "@")), cell


def test_xlsx_has_typed_sheets_equal_to_the_list(site: Site) -> None:
    book = load_workbook(io.BytesIO(export(site, "xlsx", **FILTERS)), read_only=True)
    assert book.sheetnames == [
        *("Pledges", "Targets", "Reports", "Partners", "Matches"),
        *("Objectives", "Countries", "Forms", "Codes", "Figures", "About"),
    ]
    rows = list(book["Pledges"].iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    expected = listed(site, **FILTERS)
    col = {name: i for i, name in enumerate(header)}
    assert [r[col["reference"]] for r in data] == [i["reference"] for i in expected]
    for row, item in zip(data, expected, strict=True):
        assert isinstance(row[col["pledged_on"]], datetime | date)
        assert row[col["pledged_on"]].date().isoformat() == item["pledged_on"]
        assert isinstance(row[col["percent_complete"]], int)
        assert float(row[col["amount"]]) == float(item["financial"]["amount"])
        assert isinstance(row[col["overdue"]], bool)
    objectives = list(book["Objectives"].iter_rows(values_only=True))[1:]
    assert len(objectives) == sum(len(i["objectives"]) for i in expected)
    figures = {
        (s, str(k)): v for s, k, _l, v in list(book["Figures"].iter_rows(values_only=True))[1:]
    }
    dashboard = site.client.get("/api/dashboard", params=FILTERS).json()
    assert figures["totals", "pledges"] == dashboard["totals"]["pledges"] == len(expected)
    assert figures["objective", "5"] == dashboard["by_objective"][4]["pledges"]


def test_json_items_equal_the_list(site: Site) -> None:
    body = json.loads(export(site, "json", **FILTERS))
    expected = listed(site, **FILTERS)
    # Each item is the list's, then everything else (description, labels, details).
    assert [{k: i[k] for k in e} for i, e in zip(body["items"], expected, strict=True)] == expected
    assert body["total"] == len(expected)
    assert body["filters"]["region"] == FILTERS["region"]


def test_no_export_holds_a_contact(site: Site) -> None:
    for kind in ("csv", "json"):
        text = export(site, kind).decode("utf-8-sig")
        for email in site.emails:
            assert email not in text
        assert "Ana Focal" not in text and "@" not in text
    book = load_workbook(io.BytesIO(export(site, "xlsx")), read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and "@" in v for v in row)


def test_a_repeat_download_is_a_304_and_filters_change_the_etag(site: Site) -> None:
    for kind in ("csv", "xlsx", "json"):
        first = site.client.get(f"/api/exports/pledges.{kind}")
        again = site.client.get(
            f"/api/exports/pledges.{kind}", headers={"If-None-Match": first.headers["ETag"]}
        )
        assert again.status_code == 304
        other = site.client.get(f"/api/exports/pledges.{kind}", params={"region": "africa"})
        assert other.headers["ETag"] != first.headers["ETag"]


def test_bad_filters_are_422_problems(site: Site) -> None:
    for kind in ("csv", "xlsx", "json"):
        problem(site.client.get(f"/api/exports/pledges.{kind}", params={"objective": 30}), 422)
