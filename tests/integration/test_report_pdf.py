"""The consolidated report's PDF, read back with poppler (pdftotext, pdftoppm) as a reader's
tools would: order, contents, numbering and escaping. Pages are kept as PNG files under
test-artifacts/report-documents/ for people to look at."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.documents.matter import contents
from api.documents.outline import sections
from api.documents.pdf import write_pdf
from tests.integration.documents import (
    ARTIFACTS,
    PDFTOPPM,
    expected_body,
    flat,
    page_text,
    pdf_pages,
    pledges,
    report,
    tricky,
)

RT = re.compile(r"^Round table (\d)$")
OBJECTIVE = re.compile(r"^Objective (\d+): ")
PLEDGE = re.compile(r"^(GCM-\d{4}-\d{4}) Test pledge number \d+$")
REFERENCE = re.compile(
    r"^(GCM-\d{4}-\d{4}) Test pledge number \d+ — under objective (\d+), see page (\d+)$"
)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[str]]]:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    write_pdf(report(), path, workers=1, part_pledges=4)
    yield path, pdf_pages(path)


def body_events(pages: list[str]) -> list[tuple[str, ...]]:
    """Headings and references in reading order, from the lines that start at the margin
    (the running header is set to the right)."""
    events: list[tuple[str, ...]] = []
    started = False
    for page in pages:
        for line in page.splitlines():
            if not line or line != line.lstrip():
                continue
            if match := RT.match(line):
                started = True
                events.append(("rt", match[1]))
            elif not started:
                continue
            elif line == "Annexes":
                return events
            elif match := OBJECTIVE.match(line):
                events.append(("objective", match[1]))
            elif match := PLEDGE.match(line):
                events.append(("pledge", match[1]))
            elif match := REFERENCE.match(line):
                events.append(("reference", match[1], match[2], match[3]))
    return events


def test_each_pledge_is_written_out_once_under_its_main_objective_and_referenced_elsewhere(
    made: tuple[Path, list[str]],
) -> None:
    path, pages = made
    events = body_events(pages)
    assert [e[:3] for e in events] == expected_body(pledges())
    text = "\n".join(pages)
    for p in pledges():
        assert text.count(f"https://pledges.example.org/pledges/{p.reference}") == 1
    references = [e for e in events if e[0] == "reference"]
    assert references, "the test data must hold pledges under several objectives"
    for _kind, ref, _main, page in references:
        lines = page_text(path, int(page)).splitlines()
        assert any(PLEDGE.match(line) and line.startswith(ref) for line in lines), (ref, page)


def test_the_contents_give_the_page_each_heading_starts_on(made: tuple[Path, list[str]]) -> None:
    path, pages = made
    toc = flat(re.sub(r"(?:\s\.)+(?=\s)", " ", pages[1]))
    assert toc.startswith("Contents Summary")
    for _level, _anchor, heading in contents(sections(report())):
        found = re.search(re.escape(heading) + r" (\d+)(?: |$)", toc)
        assert found, heading
        number = int(found[1])

        def starts(n: int, heading: str = heading) -> bool:
            text = page_text(path, n)
            if heading in ("Summary", "Annexes") or RT.match(heading):
                return heading in [line for line in text.splitlines() if line == line.lstrip()]
            return heading in re.sub(r"-\s+", "-", flat(text))  # a word broken at a hyphen

        assert starts(number), (heading, number)
        assert not starts(number - 1), (heading, number - 1)


def test_numbering_is_single_and_every_page_says_page_n_of_m(made: tuple[Path, list[str]]) -> None:
    _path, pages = made
    total = len(pages)
    for number, page in enumerate(pages, 1):
        assert re.findall(r"Page \d+ of \d+", page) == [f"Page {number} of {total}"]
    text = "\n".join(pages)
    assert not re.search(r"\b(\d+)\.\s+\1\.", text)
    assert not re.search(r"(?m)^\s*\d+\.\s*\d+\.\s", text)


def test_pages_are_kept_as_png(made: tuple[Path, list[str]]) -> None:
    path, pages = made
    folder = ARTIFACTS / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.png"):
        old.unlink()
    subprocess.run([PDFTOPPM, "-r", "70", "-png", str(path), str(folder / "page")], check=True)
    images = sorted(folder.glob("page-*.png"))
    assert len(images) == len(pages)
    assert all(image.stat().st_size > 5_000 for image in images)


def test_parts_laid_out_by_two_processes_give_the_same_document(
    made: tuple[Path, list[str]], tmp_path: Path
) -> None:
    _path, pages = made
    path = tmp_path / "two.pdf"
    write_pdf(report(), path, workers=2, part_pledges=4)
    assert pdf_pages(path) == pages


def test_markup_in_a_title_is_printed_as_text_and_huge_figures_stay_short(tmp_path: Path) -> None:
    path = tmp_path / "tricky.pdf"
    write_pdf(report(tricky(pledges(6))), path, workers=1)
    text = "\n".join(pdf_pages(path))
    assert "<script>alert(1)</script> & Sons Ltd" in text
    assert "1.000E+999999999" in text
    assert max(len(word) for word in text.split()) < 120
