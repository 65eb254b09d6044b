"""`pledges report` as the Secretariat runs it: a PDF (or DOCX) of exactly the pledges the
public list shows for the same filters, with a progress bar, and a clear refusal of a bad
filter."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from fastapi.testclient import TestClient

from api.main import create_app
from infrastructure.database import Database
from tests.conftest import make_container
from tests.integration.documents import PDFTOTEXT

pytestmark = pytest.mark.postgres
REFERENCE = re.compile(r"GCM-\d{4}-\d{4}")


def listed(database: Database, folder: Path, **params: object) -> set[str]:
    """What the public list shows for these filters (the API over the same database)."""
    with make_container(database, folder) as c, TestClient(create_app(c)) as client:
        body = client.get("/api/pledges", params={**params, "limit": 200}).json()
    return {i["reference"] for i in body["items"]}


def test_the_command_writes_the_filtered_report_with_a_progress_bar(
    run: Callable[..., str], empty: Database, tmp_path: Path
) -> None:
    run("sample-data", "--pledges", "24", "--seed", "5", "--today", "2026-11-01")
    out = tmp_path / "report.pdf"
    shown = run("report", "--format", "pdf", "--out", str(out), "--round-table", "2",
                "--status", "in_progress", "--status", "fulfilled")
    # The bar as a terminal's last frame shows it: the last stage, every step done.
    assert "Done" in shown and re.search(r"\b(\d+)/\1\b", shown), shown
    assert f"Wrote {out}" in shown.replace("\n", "") and "INFO" not in shown
    text = subprocess.run([PDFTOTEXT, str(out), "-"], check=True, capture_output=True,
                          text=True).stdout
    expected = listed(empty, tmp_path, round_table=2, status=["in_progress", "fulfilled"])
    assert expected and set(REFERENCE.findall(text)) == expected
    word = tmp_path / "report.docx"
    run("report", "--format", "docx", "--out", str(word), "--region", "africa")
    paragraphs = "\n".join(p.text for p in Document(str(word)).paragraphs)
    found = set(REFERENCE.findall(paragraphs))
    assert found == listed(empty, tmp_path, region="africa")


def test_a_bad_filter_is_refused_as_the_list_refuses_it(
    run: Callable[..., str], tmp_path: Path
) -> None:
    said = run("report", "--out", str(tmp_path / "x.pdf"), "--objective", "30", code=2)
    assert "objective" in said and not (tmp_path / "x.pdf").exists()
    assert "--round-table" in run("report", "--help")
