"""The consolidated report's documents from the read models: `source.build` makes the
document model, `write` writes it as PDF or DOCX, `store.ReportStore` keeps what was made."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from api.reports.source import build
from infrastructure.container import Container
from projections.listing import Filters

KINDS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
Progress = Callable[[str, int, int], None]
# WeasyPrint logs each step of each document at INFO: noise in a server's or a command's log.
for _name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(_name).setLevel(logging.WARNING)


def _quiet(_stage: str, _done: int, _total: int) -> None:
    return None


def write(
    container: Container,
    filters: Filters,
    kind: str,
    out: Path,
    today: date,
    data_as_of: datetime,
    progress: Progress = _quiet,
) -> None:
    """The report of the public pledges that match the filters, as `kind`, at `out`."""
    # Imported here: a server process that never makes a document never loads them.
    from api.documents.pdf import write_pdf
    from api.documents.word import write_docx

    report = build(container, filters, today, data_as_of, progress)
    if kind == "pdf":
        write_pdf(report, out, progress)
    else:
        write_docx(report, out, progress)


def file_name(kind: str, today: date) -> str:
    return f"gcm-pledges-report-{today.isoformat()}.{kind}"
