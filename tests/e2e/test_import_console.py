"""/console/imports over HTTP: the Secretariat uploads the example (dry run, then import),
sees a faulty file's every error by sheet, row and column with nothing written, and only the
Secretariat may use the page."""

from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import load_workbook

from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, csrf_of, portal_fixture, sign_in

portal = portal_fixture("imports")
EXAMPLE = Path(__file__).parents[2] / "docs" / "import-example-2022.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def figure(html: str, name: str) -> int:
    found = re.search(rf'id="{name}">(\d+)<', html)
    assert found, name
    return int(found.group(1))


def faulty() -> bytes:
    """The example under other references, with a pledge's date in a bad form and a report
    of 140 percent."""
    book = load_workbook(EXAMPLE)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("GCM-2022-01"):
                    cell.value = cell.value.replace("GCM-2022-01", "GCM-2022-09")
    book["Pledges"]["M3"] = "17/05/2022"
    book["Reports"]["C4"] = 140
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_dry_run_then_import(portal: Portal) -> None:
    with portal.client() as staff:
        sign_in(portal, staff, STAFF_EMAIL)
        page = staff.get("/console/imports")
        assert page.status_code == 200 and 'type="file"' in page.text
        csrf = csrf_of(page.text)
        files = {"file": ("import-example-2022.xlsx", EXAMPLE.read_bytes(), XLSX)}
        dry = staff.post("/console/imports", data={"csrf": csrf, "action": "dry_run"}, files=files)
        assert dry.status_code == 200, dry.text
        assert "Dry run: nothing was written" in dry.text
        assert figure(dry.text, "pledges-imported") == 3
        assert staff.get("/api/pledges/GCM-2022-0101").status_code == 404

        done = staff.post("/console/imports", data={"csrf": csrf, "action": "import"}, files=files)
        assert done.status_code == 201, done.text
        assert (figure(done.text, "pledges-imported"), figure(done.text, "reports")) == (3, 6)
        assert staff.get("/api/pledges/GCM-2022-0101").json()["status"] == "fulfilled"
        history = staff.get("/console/pledges/GCM-2022-0101").text
        assert re.search(
            r"import import-example-2022.xlsx \([0-9a-f]{12}\) by " + STAFF_EMAIL, history
        )

        again = staff.post("/console/imports", data={"csrf": csrf, "action": "import"}, files=files)
        assert (figure(again.text, "pledges-imported"), figure(again.text, "pledges-skipped")) == (
            0,
            3,
        )


def test_a_faulty_file_shows_every_error_and_writes_nothing(portal: Portal) -> None:
    with portal.client() as staff:
        sign_in(portal, staff, STAFF_EMAIL)
        csrf = csrf_of(staff.get("/console/imports").text)
        files = {"file": ("faulty.xlsx", faulty(), XLSX)}
        sent = staff.post("/console/imports", data={"csrf": csrf, "action": "import"}, files=files)
        assert sent.status_code == 422, sent.text
        assert "3 errors: nothing was written" in sent.text
        cells = r"<tr><td>(\w+)</td><td>(\d+)</td><td>(\w*)</td><td>([^<]+)</td>"
        rows = re.findall(cells, sent.text)
        # The refused report leaves the fulfilment short of its targets, unexplained.
        assert [r[:3] for r in rows] == [
            ("Pledges", "2", "fulfilment_explanation"),
            ("Pledges", "3", "pledged_on"),
            ("Reports", "4", "percent_complete"),
        ]
        assert rows[2][3] == "must be at most 100"
        # GCM-2022-0903 was right, but nothing of a faulty file is written.
        assert staff.get("/api/pledges/GCM-2022-0903").status_code == 404

        broken = {"file": ("broken.xlsx", b"PK\x03\x04 not really a workbook", XLSX)}
        sent = staff.post("/console/imports", data={"csrf": csrf, "action": "import"}, files=broken)
        assert sent.status_code == 422
        assert "This is not an XLSX workbook." in sent.text
        nothing = {"file": ("", b"", "application/octet-stream")}
        empty = staff.post(
            "/console/imports", data={"csrf": csrf, "action": "import"}, files=nothing
        )
        assert empty.status_code == 422 and "Choose a file" in empty.text


def test_only_the_secretariat_imports(portal: Portal) -> None:
    portal.pledger("Dakar Diaspora", "dakar@example.org")
    with portal.client() as anonymous:
        assert anonymous.get("/console/imports").status_code == 303
    with portal.client() as pledger:
        sign_in(portal, pledger, "dakar@example.org")
        assert pledger.get("/console/imports").status_code == 403
        csrf = csrf_of(pledger.get("/my/pledges/new").text)
        files = {"file": ("import-example-2022.xlsx", EXAMPLE.read_bytes(), XLSX)}
        sent = pledger.post(
            "/console/imports", data={"csrf": csrf, "action": "import"}, files=files
        )
        assert sent.status_code == 403
        assert pledger.get("/console/imports/template.xlsx").status_code == 403
