"""GET /reports/consolidated.pdf and .docx over HTTP, from the real read models: a filtered
report holds exactly the filtered pledges (pdftotext, python-docx), with partners, targets and
the latest narrative; no contact anywhere; made in the background (202, Retry-After) and then
kept (the same ETag, served from the cache, 304); the report page links both downloads."""

from __future__ import annotations

import re
import subprocess
import time
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx2 as httpx
from docx import Document

from tests.e2e.conftest import problem
from tests.e2e.site import TODAY, Site, site_fixture
from tests.factories import wire_pledge
from tests.integration.documents import ARTIFACTS, PDFTOPPM, PDFTOTEXT
from tests.integration.recompute import wait_caught_up

# REPORT_WAIT_SECONDS=0: every document is made in the background, so the 202 is certain.
site = site_fixture("reports", pledges=40, report_wait_seconds=0)
FILTERS: dict[str, Any] = {"region": "europe_north_america", "round_table": [3, 4]}
REFERENCE = re.compile(r"GCM-\d{4}-\d{4}")
TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def listed(site: Site, **params: Any) -> set[str]:
    body = site.client.get("/api/pledges", params={**params, "limit": 200}).json()
    assert body["next_cursor"] is None
    return {i["reference"] for i in body["items"]}


def download(site: Site, kind: str, params: dict[str, Any]) -> httpx.Response:
    """The document, after the 202s its preparation answers (polled as a client would)."""
    path = f"/reports/consolidated.{kind}"
    first = site.client.get(path, params=params)
    if first.status_code == 200:
        return first
    body = problem(first, 202, "report_being_prepared")
    assert first.headers["Retry-After"].isdigit() and "being prepared" in body["detail"]
    for _ in range(600):
        time.sleep(0.5)
        response = site.client.get(path, params=params)
        if response.status_code != 202:
            assert response.status_code == 200, response.text[:300]
            return response
    raise AssertionError(f"{path} was not made within five minutes")


def checked(response: httpx.Response, kind: str) -> bytes:
    assert response.headers["content-type"] == TYPES[kind]
    name = f"gcm-pledges-report-{TODAY.isoformat()}.{kind}"
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    return response.content


def pdf_text(body: bytes, folder: Path) -> str:
    path = folder / "report.pdf"
    path.write_bytes(body)
    return subprocess.run(
        [PDFTOTEXT, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def docx_text(body: bytes) -> str:
    document = Document(BytesIO(body))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_filtered_pdf_holds_exactly_the_filtered_pledges_with_their_details(
    site: Site, tmp_path: Path
) -> None:
    expected = listed(site, **FILTERS)
    assert site.partnered_reference in expected and 1 < len(expected) < 40
    text = pdf_text(checked(download(site, "pdf", FILTERS), "pdf"), tmp_path)
    assert set(REFERENCE.findall(text)) == expected
    flat = " ".join(text.split())
    for shown in ("Partner Network (pages)", "Two centres opened.", "migrants reached"):
        assert shown in flat
    assert f"/pledges/{site.partnered_reference}" in flat  # its live address
    for email in site.emails:
        assert email not in text
    assert "Ana Focal" not in text


def test_a_page_of_the_real_data_pdf_is_kept_as_png(site: Site) -> None:
    body = checked(download(site, "pdf", FILTERS), "pdf")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "real-data.pdf"
    pdf.write_bytes(body)
    prefix = ARTIFACTS / "real-data"
    for old in ARTIFACTS.glob("real-data-*.png"):  # an earlier run's (pdftoppm pads by pages)
        old.unlink()
    subprocess.run([PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", "4", str(pdf), str(prefix)],
                   check=True)
    made = sorted(ARTIFACTS.glob("real-data-*.png"))
    assert len(made) == 4 and all(p.stat().st_size > 5_000 for p in made)


def test_filtered_docx_holds_exactly_the_filtered_pledges(site: Site) -> None:
    params = {"category": "local_regional_government"}
    expected = listed(site, **params)
    assert site.partnered_reference in expected
    text = docx_text(checked(download(site, "docx", params), "docx"))
    assert set(REFERENCE.findall(text)) == expected
    assert "Partner Network (pages)" in text and "Two centres opened." in text
    for email in site.emails:
        assert email not in text


def test_a_second_download_at_the_same_position_is_served_from_the_cache(site: Site) -> None:
    params = {"status": "partnered"}
    first = download(site, "docx", params)
    again = site.client.get("/reports/consolidated.docx", params=params)
    assert again.status_code == 200
    assert again.headers["X-Report-Cache"] == "hit"
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.content == first.content
    headers = {"If-None-Match": first.headers["ETag"]}
    unchanged = site.client.get("/reports/consolidated.docx", params=params, headers=headers)
    assert unchanged.status_code == 304 and not unchanged.content
    other = site.client.get("/reports/consolidated.docx", params={"status": "fulfilled"})
    assert other.status_code == 202  # other filters: another document


def test_the_report_page_links_the_downloads_and_says_one_is_being_prepared(site: Site) -> None:
    params = {"objective": "7"}
    started = site.client.get("/reports/consolidated.pdf", params=params)
    assert started.status_code == 202
    page = site.client.get("/report", params=params)
    assert page.status_code == 200
    assert 'href="/reports/consolidated.pdf?objective=7"' in page.text
    assert 'href="/reports/consolidated.docx?objective=7"' in page.text
    assert 'id="preparing-pdf"' in page.text and 'id="preparing-docx"' not in page.text
    assert "<script>" not in page.text
    download(site, "pdf", params)
    assert 'id="preparing-pdf"' not in site.client.get("/report", params=params).text


def test_a_browser_is_told_in_a_page_and_bad_filters_are_a_4xx(site: Site) -> None:
    html = {"Accept": "text/html"}
    waiting = site.client.get("/reports/consolidated.pdf?objective=9", headers=html)
    assert waiting.status_code == 202 and "text/html" in waiting.headers["content-type"]
    assert "being prepared" in waiting.text and waiting.headers["Retry-After"]
    assert "script-src 'self'" in waiting.headers["Content-Security-Policy"]
    for bad in ("objective=99", "status=nope", "round_table=x"):
        assert 400 <= site.client.get(f"/reports/consolidated.pdf?{bad}").status_code < 500
    assert site.client.get("/reports/consolidated.xlsx").status_code == 422


def test_while_a_newer_one_is_made_the_last_one_is_served_said_to_be_older(site: Site) -> None:
    """Pledges keep arriving during the Forum: a download never waits on every new event."""
    params = {"status": "partnered"}
    first = download(site, "docx", params)
    before = first.headers["X-Report-Position"]
    owner = site.client.get("/api/pledges", params={"limit": 1}).json()["items"][0]
    site.post("/api/pledges", wire_pledge(owner["pledger"]["id"], title="Arrived late"))
    wait_caught_up(site.container)
    older = site.client.get("/reports/consolidated.docx", params=params)
    assert older.status_code == 200 and older.headers["X-Report-Cache"] == "older"
    assert older.headers["X-Report-Position"] == before and older.content == first.content
    assert older.headers["ETag"] == first.headers["ETag"] and older.headers["Retry-After"]
    for _ in range(600):  # the newer one, once made
        newer = site.client.get("/reports/consolidated.docx", params=params)
        if newer.headers["X-Report-Cache"] != "older":
            break
        time.sleep(0.5)
    assert int(newer.headers["X-Report-Position"]) > int(before)
