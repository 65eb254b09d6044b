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

from api.exports.details import each
from api.exports.fields import MATCHES, PARTNERS, REPORTS, TARGETS, Field
from api.exports.rows import (
    COLUMNS,
    HEADERS,
    as_text,
    code_rows,
    columns_of,
    country_rows,
    figure_rows,
    form_rows,
    objective_rows,
    typed,
)
from api.schemas.listing import summary

BATCH = 500
# The files besides the pledges: (name, the item's list, its columns).
PARTS: tuple[tuple[str, str, tuple[Field, ...]], ...] = (
    ("targets", "target_list", TARGETS),
    ("reports", "report_list", REPORTS),
    ("partners", "partner_list", PARTNERS),
    ("matches", "match_list", MATCHES),
)


def csv_chunks(
    items: Iterable[dict[str, Any]], columns: list[tuple[str, str]] = COLUMNS
) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")  # the BOM: spreadsheets then read the file as UTF-8
    writer.writerow([h for h, _ in columns])
    for n, item in enumerate(items, 1):
        writer.writerow([as_text(v) for v in typed(item, columns)])
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
        parts.append(("," if count else "") + json_item(item))
        count += 1
        if len(parts) >= BATCH:
            yield "".join(parts).encode()
            parts = []
    yield ("".join(parts) + f'], "total": {count}}}').encode()


# What the JSON export adds to each item of the list (GET /api/pledges): everything else.
JSON_EXTRA = {
    "description": "description",
    "targets": "target_list",
    "partner_list": "partner_list",
    "match_list": "match_list",
    "report_list": "report_list",
}
LABELS = ("status_label", "category_label", "type_label", "region_label", "forms_labels",
          "principles_labels", "levels_labels", "objectives_labels", "countries_names")


def json_item(item: dict[str, Any]) -> str:
    """The item as the list gives it, then the description, the labels and the details."""
    extra = {name: item[key] for name, key in JSON_EXTRA.items()}
    extra["labels"] = {k: item[k] for k in LABELS}
    more = json.dumps(extra, default=str, ensure_ascii=False)
    return summary(item).model_dump_json()[:-1] + "," + more[1:]


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
    parts = {name: (book.create_sheet(name.capitalize()), key, fields)
             for name, key, fields in PARTS}
    objectives = book.create_sheet("Objectives")
    countries = book.create_sheet("Countries")
    forms = book.create_sheet("Forms")
    codes = book.create_sheet("Codes")
    dashboard = book.create_sheet("Figures")
    info = book.create_sheet("About")
    pledges.append(HEADERS)
    for sheet, _key, fields in parts.values():
        sheet.append([f.name for f in fields])
    objectives.append(["reference", "objective", "label", "title"])
    countries.append(["reference", "country", "country_name"])
    forms.append(["reference", "form"])
    for item in items:
        pledges.append(dated(pledges, typed(item)))
        for sheet, key, fields in parts.values():
            for part in each([item], key):
                sheet.append(dated(sheet, typed(part, columns_of(fields))))
        for sheet, rows in (
            (objectives, objective_rows(item)),
            (countries, country_rows(item)),
            (forms, form_rows(item)),
        ):
            for row in rows:
                sheet.append(dated(sheet, row))
    codes.append(["field", "code", "label"])
    for code in code_rows():
        codes.append([code["field"], code["code"], code["label"]])
    dashboard.append(["section", "key", "label", "value"])
    for figure in figure_rows(figures):
        dashboard.append(figure)
    for line in about:
        info.append(line)
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
