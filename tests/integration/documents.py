"""Reports to render in the document tests, and the expected order worked out independently of
api/documents/outline.py: round tables 1-4, objectives in numeric order, each pledge written
out under the first objective listed, referenced under the others."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from api.documents.figures import report_of
from api.documents.model import Pledge, Report, ReportMeta, Target
from api.documents.sample import pledge
from domain.taxonomy import OBJECTIVES, ROUND_TABLES

# Full paths (and a clear failure when a tool is missing): poppler-utils and LibreOffice are
# installed by .ci/run.
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
LIBREOFFICE = shutil.which("libreoffice") or "/usr/bin/libreoffice"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "report-documents"
AS_OF = datetime(2026, 5, 4, 18, 30, tzinfo=UTC)
# Objectives chosen so that pledges cross round tables (5 is in round table 1, 16 in 3, 23
# in 4) and objective 5 holds more pledges than a part (part_pledges=4 in the tests).
OBJECTIVE_SETS = [
    (5,),
    (5, 16),
    (16, 5),
    (23, 2),
    (5,),
    (5, 6),
    (10,),
    (5, 23, 1),
    (14,),
    (5,),
    (2, 5),
    (21, 10),
    (5,),
    (7, 17, 5),
    (19,),
    (5,),
]


def pledges(count: int = len(OBJECTIVE_SETS)) -> list[Pledge]:
    rng = random.Random(17)
    day = AS_OF.date()
    made = []
    for n in range(1, count + 1):
        base = pledge(rng, n, day)
        made.append(
            replace(
                base,
                title=f"Test pledge number {n}",
                objectives=OBJECTIVE_SETS[(n - 1) % len(OBJECTIVE_SETS)],
            )
        )
    return made


def report(items: list[Pledge] | None = None, filters: tuple[str, ...] = ()) -> Report:
    meta = ReportMeta(data_as_of=AS_OF, base_url="https://pledges.example.org", filters=filters)
    return report_of(meta, items if items is not None else pledges())


def tricky(items: list[Pledge]) -> list[Pledge]:
    """A title that is markup, and a figure of a billion digits."""
    first = replace(items[0], title="<script>alert(1)</script> & Sons\x0b Ltd")
    huge = Target("people reached", Decimal("1E+999999999"), Decimal(5), "people", Decimal(2))
    return [first, replace(items[1], targets=(huge,)), *items[2:]]


def expected_body(items: list[Pledge]) -> list[tuple[str, ...]]:
    """('rt', n), ('objective', n), ('pledge', ref) and ('reference', ref, main) in order."""
    found: list[tuple[str, ...]] = []
    ordered = sorted(items, key=lambda p: p.reference)
    for rt in sorted(ROUND_TABLES):
        objectives = [n for n in sorted(ROUND_TABLES[rt]) if any(n in p.objectives for p in items)]
        if objectives:
            found.append(("rt", str(rt)))
        for n in objectives:
            found.append(("objective", str(n)))
            found.extend(("pledge", p.reference) for p in ordered if p.objectives[0] == n)
            found.extend(
                ("reference", p.reference, str(p.objectives[0]))
                for p in ordered
                if n in p.objectives[1:]
            )
    return found


def pdf_pages(path: Path) -> list[str]:
    """The PDF's text page by page, as poppler's pdftotext lays it out."""
    out = subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.split("\f")[:-1]


def page_text(path: Path, number: int) -> str:
    return subprocess.run(
        [PDFTOTEXT, "-layout", "-f", str(number), "-l", str(number), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def objective_heading(n: int) -> str:
    return f"Objective {n}: {OBJECTIVES[n][0]}"
