"""The consolidated report's DOCX, read back with python-docx (its headings, styles and
tables) and converted by LibreOffice as a second, independent reader."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest
from docx.document import Document

from api.documents.matter import contents
from api.documents.outline import sections
from api.documents.word import docx_bytes, write_docx
from tests.integration.documents import (
    ARTIFACTS,
    LIBREOFFICE,
    expected_body,
    flat,
    pdf_pages,
    pledges,
    report,
    tricky,
)

TARGETS = ["Target indicator", "Baseline", "Target", "Latest value"]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    write_docx(report(), path)
    return path


def headings(document: Document) -> list[tuple[int, str]]:
    return [
        (int(p.style.name.removeprefix("Heading ")), p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading ")
    ]


def test_headings_are_word_heading_styles_in_the_pdf_order(made: Path) -> None:
    found = headings(docx.Document(str(made)))
    top = [(level, text) for level, text in found if level < 3]
    assert top == [(level, text) for level, _a, text in contents(sections(report()))]
    written = [text.split(" ")[0] for level, text in found if level == 3]
    assert written == [e[1] for e in expected_body(pledges()) if e[0] == "pledge"]


def test_targets_are_tables_with_the_latest_values(made: Path) -> None:
    document = docx.Document(str(made))
    tables = [t for t in document.tables if [c.text for c in t.rows[0].cells] == TARGETS]
    with_targets = [p for p in pledges() if p.targets]
    assert len(tables) == len(with_targets)
    order = [e[1] for e in expected_body(pledges()) if e[0] == "pledge"]
    by_reference = {p.reference: p for p in with_targets}
    for table, reference in zip(tables, [r for r in order if r in by_reference], strict=True):
        rows = [[c.text for c in row.cells] for row in table.rows[1:]]
        assert [r[0] for r in rows] == [
            f"{t.indicator} ({t.unit})" if t.unit else t.indicator
            for t in by_reference[reference].targets
        ]
        assert all(re.fullmatch(r"[\d,.]+|—", cell) for r in rows for cell in r[1:])


def test_libreoffice_converts_it_with_the_same_headings_and_page_references(
    made: Path, tmp_path: Path
) -> None:
    subprocess.run(
        [
            LIBREOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(made),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pages = pdf_pages(tmp_path / "report.pdf")
    text = re.sub(r"-\s+", "-", flat("\n".join(pages)))
    position = 0
    for _level, _anchor, heading in contents(sections(report()))[1:]:
        position = text.index(heading, position)
    references = re.findall(r"see page (\S+)", text)
    assert references and all(r.isdigit() and 0 < int(r) <= len(pages) for r in references)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    converted = (tmp_path / "report.pdf").read_bytes()
    (ARTIFACTS / "report-docx-by-libreoffice.pdf").write_bytes(converted)


def test_markup_in_a_title_is_text_and_huge_figures_stay_short(tmp_path: Path) -> None:
    path = tmp_path / "tricky.docx"
    path.write_bytes(docx_bytes(report(tricky(pledges(6)))))
    document = docx.Document(str(path))
    titles = [text for level, text in headings(document) if level == 3]
    assert any(t.endswith("<script>alert(1)</script> & Sons Ltd") for t in titles)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "1.000E+999999999" in cells
    assert max(len(c) for c in cells) < 120
