"""CSV and JSON, streamed batch by batch; XLSX written to a temporary file (openpyxl's
write-only mode keeps memory flat) and then streamed from it."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from api.exports.rows import (
    HEADERS,
    as_text,
    country_rows,
    figure_rows,
    form_rows,
    objective_rows,
    typed,
)
from api.schemas.listing import summary

BATCH = 500


def csv_chunks(items: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")  # the BOM: spreadsheets then read the file as UTF-8
    writer.writerow(HEADERS)
    for n, item in enumerate(items, 1):
        writer.writerow([as_text(v) for v in typed(item)])
        if n % BATCH == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def json_chunks(items: Iterable[dict[str, Any]], meta: dict[str, Any]) -> Iterator[bytes]:
    """{"generated_on", "filters", "position", "items": [...as GET /api/pledges...], "total"}."""
    head = json.dumps(meta)[:-1]
    yield (head + ', "items": [').encode()
    count, parts = 0, []
    for item in items:
        parts.append(("," if count else "") + summary(item).model_dump_json())
        count += 1
        if len(parts) >= BATCH:
            yield "".join(parts).encode()
            parts = []
    yield ("".join(parts) + f'], "total": {count}}}').encode()


def dated(sheet: Any, values: list[Any]) -> list[Any]:
    """Dates as real dates with a readable format (a bare date shows as a number), and texts
    without the control characters a workbook cannot hold (texts recorded before the rules
    may have them): U+FFFD in their place."""
    out = []
    for value in values:
        if isinstance(value, str):
            out.append(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
        elif isinstance(value, datetime | date):
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd"
            out.append(cell)
        else:
            out.append(value)
    return out


def xlsx_file(
    items: Iterable[dict[str, Any]], figures: dict[str, Any], about: list[list[Any]]
) -> Path:
    book = Workbook(write_only=True)
    pledges = book.create_sheet("Pledges")
    objectives = book.create_sheet("Objectives")
    countries = book.create_sheet("Countries")
    forms = book.create_sheet("Forms")
    dashboard = book.create_sheet("Figures")
    info = book.create_sheet("About")
    pledges.append(HEADERS)
    objectives.append(["reference", "objective", "label", "title"])
    countries.append(["reference", "country", "country_name"])
    forms.append(["reference", "form"])
    for item in items:
        pledges.append(dated(pledges, typed(item)))
        for sheet, rows in (
            (objectives, objective_rows(item)),
            (countries, country_rows(item)),
            (forms, form_rows(item)),
        ):
            for row in rows:
                sheet.append(dated(sheet, row))
    dashboard.append(["section", "key", "label", "value"])
    for row in figure_rows(figures):
        dashboard.append(row)
    for row in about:
        info.append(row)
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as handle:
        path = Path(handle.name)
    book.save(path)
    return path


def file_chunks(path: Path, size: int = 256 * 1024) -> Iterator[bytes]:
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(size):
                yield chunk
    finally:
        path.unlink(missing_ok=True)
