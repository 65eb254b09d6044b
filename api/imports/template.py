"""The template's sheets and columns (docs/import-template.xlsx, and the console's download):
what each column holds, in a Columns sheet of the workbook itself."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

SHEETS: dict[str, list[tuple[str, str]]] = {
    "Pledgers": [
        ("name", "Registered name, as published; a pledger already registered is found by it"),
        ("category", "member_state, observer_state, un_entity, civil_society, … (wire codes)"),
        ("country", "ISO 3166-1 alpha-3 (required for States)"),
        ("gcm_champion", "true or false (States only)"),
    ],
    "Pledges": [
        (
            "reference",
            "GCM-YYYY-NNNN, kept; a reference already recorded is skipped; blank: "
            "one is assigned (such a pledge has no targets, partners or reports)",
        ),
        ("pledger", "The pledger's registered name (Pledgers sheet or already registered)"),
        ("title", "A short title"),
        ("description", "What is pledged, 300 to 3,000 characters"),
        ("type", "individual, common, partnership or matching"),
        ("forms", "financial; human_resources; process; policy (one or more, '; ' between)"),
        ("objectives", "GCM objective numbers 1..23, '; ' between"),
        ("principles", "Guiding principle codes, '; ' between (optional)"),
        ("levels", "local; national; regional; international (optional)"),
        ("countries", "ISO 3166-1 alpha-3 codes of implementation, '; ' between (optional)"),
        ("region", "Region code (global if blank)"),
        ("language", "ISO 639-1 code of the texts (en if blank)"),
        ("pledged_on", "The day it was pledged, YYYY-MM-DD (not in the future)"),
        ("deadline", "When it is due, YYYY-MM-DD (after pledged_on)"),
        ("amount", "Financial amount, a decimal (optional; with currency)"),
        ("currency", "ISO 4217 code"),
        ("gcr_mirror", "true if it mirrors a Global Compact on Refugees pledge"),
        ("fulfilled_on", "The day it was fulfilled, if it was (YYYY-MM-DD)"),
        ("fulfilment_narrative", "The final narrative (required with fulfilled_on)"),
        ("fulfilment_explanation", "Why it is fulfilled though a target was not reached"),
    ],
    "Targets": [
        ("reference", "The pledge's reference"),
        ("indicator", "What is measured"),
        ("baseline", "Where it starts (0 if blank)"),
        ("target", "Where the pledge takes it"),
        ("unit", "people, USD, …"),
    ],
    "Partners": [
        ("reference", "The pledge's reference (a common or partnership pledge)"),
        ("partner", "The partner's registered name"),
        ("contribution", "What the partner contributes"),
        ("joined_on", "The day it joined (the pledge's day if blank)"),
    ],
    "Reports": [
        ("reference", "The pledge's reference"),
        ("as_of", "The day the report describes, YYYY-MM-DD"),
        ("percent_complete", "0 to 100"),
        ("narrative", "What has been done"),
        ("indicators", "Values of the targets' indicators: 'indicator: value; …'"),
    ],
}
NOTE = (
    "The exports (GET /api/exports/pledges.csv or .xlsx) import as they are: their Pledges "
    "sheet is read by these column names, pledger_category (and pledger_country) register a "
    "pledger not yet known; other columns are ignored. Nothing is written if any row is wrong."
)


def book(rows: dict[str, list[list[Any]]]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for sheet, columns in SHEETS.items():
        ws = wb.create_sheet(sheet)
        ws.append([name for name, _ in columns])
        for row in rows.get(sheet, []):
            ws.append(row)
    about = wb.create_sheet("Columns")
    about.append(["sheet", "column", "meaning"])
    for sheet, columns in SHEETS.items():
        for name, meaning in columns:
            about.append([sheet, name, meaning])
    about.append(["", "", NOTE])
    return wb


def template_bytes() -> bytes:
    out = io.BytesIO()
    book({}).save(out)
    return out.getvalue()
