"""A file as sheets of rows: each row a mapping from column name to text, with its row number
as a spreadsheet shows it (the header is row 1)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from api.exports.rows import DANGEROUS


class UnreadableFileError(Exception):
    """The file is neither a CSV nor an XLSX workbook this importer can read."""


@dataclass(frozen=True)
class Row:
    sheet: str
    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


Sheets = dict[str, list[Row]]


def as_text(value: object) -> str:
    """A cell as the text it shows: dates ISO, whole numbers without a point, and a cell the
    exports made formula-safe (`'=1+1`) as it was."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(str(value)), "f")
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in DANGEROUS:
        return text[1:]
    return text


def rows_of(sheet: str, table: list[list[object]]) -> list[Row]:
    if not table:
        return []
    header = [as_text(h).lower() for h in table[0]]
    rows = []
    for number, values in enumerate(table[1:], 2):
        cells = {h: as_text(v) for h, v in zip(header, values, strict=False) if h}
        if any(cells.values()):
            rows.append(Row(sheet, number, cells))
    return rows


def read_csv(data: bytes) -> Sheets:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFileError("A CSV file must be UTF-8.") from None
    table: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text))]
    return {"Pledges": rows_of("Pledges", table)}


def read_xlsx(data: bytes) -> Sheets:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UnreadableFileError("This is not an XLSX workbook.") from None
    try:
        return {
            ws.title: rows_of(ws.title, [list(r) for r in ws.iter_rows(values_only=True)])
            for ws in book.worksheets
        }
    finally:
        book.close()


def read(name: str, data: bytes) -> Sheets:
    """By content: a workbook is a ZIP archive, anything else is read as CSV."""
    if data[:2] == b"PK" or name.lower().endswith(".xlsx"):
        return read_xlsx(data)
    return read_csv(data)
