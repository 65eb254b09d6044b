"""GET /api/exports/pledges.{csv,xlsx,json}: the consolidated list, honouring the list filters.

Public data only: the rows come from the pledge summaries, which hold no contact. Each export
streams (XLSX from a temporary file), carries a dated filename, and an ETag from the read
model's position and the filters, so fetching an unchanged export again is a 304.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.deps import ContainerDep
from api.exports import details, package, writers
from api.exports.rows import code_rows, columns_of
from api.pages import web
from api.pages.dashboard import figures
from api.routers.filters import FiltersDep, PositionDep
from projections.listing import Filters

router = APIRouter(prefix="/api/exports", tags=["exports"])
TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def doc(kind: str) -> dict[int | str, dict[str, Any]]:
    media = TYPES[kind].split(";")[0]
    schema = {"type": "string", "format": "binary"} if kind == "xlsx" else {}
    return {200: {"content": {media: {"schema": schema}}, "description": f"The pledges as {kind}"}}


def prepare(
    request: Request, kind: str, filters: Filters, position: int, today: Any, part: str = ""
) -> tuple[dict[str, str], Response | None]:
    etag = web.etag_for("export", kind, position, today, repr(filters), part)
    name = f"gcm-pledges{'-' + part if part else ''}-{today.isoformat()}.{kind}"
    return web.attachment(request, etag, name)


def items(container: Any, filters: Filters, today: Any) -> Iterator[dict[str, Any]]:
    return details.items(container, filters, today)


@router.get("/pledges.csv", response_class=StreamingResponse, responses=doc("csv"))
def export_csv(
    request: Request, container: ContainerDep, filters: FiltersDep, position: PositionDep
) -> Response:
    """Every matching pledge, one a row, with its description, labels beside the codes,
    targets and latest narrative: UTF-8 with a BOM, formula-safe cells (datapackage.json
    describes every column)."""
    today = container.app.today()
    headers, cached = prepare(request, "csv", filters, position, today)
    if cached:
        return cached
    chunks = writers.csv_chunks(items(container, filters, today))
    return StreamingResponse(chunks, media_type=TYPES["csv"], headers=headers)


@router.get("/pledges.json", response_class=StreamingResponse, responses=doc("json"))
def export_json(
    request: Request, container: ContainerDep, filters: FiltersDep, position: PositionDep
) -> Response:
    """Every matching pledge, as GET /api/pledges lists it, plus its description, `labels`,
    `targets` (with the latest values), `partner_list`, `match_list` and `report_list`."""
    today = container.app.today()
    headers, cached = prepare(request, "json", filters, position, today)
    if cached:
        return cached
    meta = {
        "generated_on": today.isoformat(),
        "position": position,
        "filters": dataclasses.asdict(filters),
    }
    chunks = writers.json_chunks(items(container, filters, today), meta)
    return StreamingResponse(chunks, media_type=TYPES["json"], headers=headers)


@router.get("/pledges.xlsx", response_class=StreamingResponse, responses=doc("xlsx"))
async def export_xlsx(
    request: Request, container: ContainerDep, filters: FiltersDep, position: PositionDep
) -> Response:
    """A workbook: Pledges (typed cells), Targets, Reports, Partners and Matches, Objectives,
    Countries and Forms per pledge, Codes with their labels, the dashboard Figures for the
    same filters, and About (what and when)."""
    today = container.app.today()
    headers, cached = prepare(request, "xlsx", filters, position, today)
    if cached:
        return cached
    figs = await run_in_threadpool(figures, container, filters, today)
    about: list[list[Any]] = [
        ["GCM Pledge Tracker: consolidated list of pledges"],
        ["generated_on", today],
        ["read_model_position", position],
        ["filters", repr(filters) if filters != Filters() else "none"],
        ["note", "Public data only; no contact or other personal data."],
    ]
    path = await run_in_threadpool(writers.xlsx_file, items(container, filters, today), figs, about)
    return StreamingResponse(writers.file_chunks(path), media_type=TYPES["xlsx"], headers=headers)


PART_KEYS = {name: key for name, key, _fields in writers.PARTS}
Part = Literal["targets", "reports", "partners", "matches", "codes"]


@router.get("/{part}.csv", response_class=StreamingResponse, responses=doc("csv"))
def export_part(
    request: Request,
    container: ContainerDep,
    filters: FiltersDep,
    position: PositionDep,
    part: Part,
) -> Response:
    """The targets, latest reports, partners or matches of every matching pledge (a row
    each, with the pledge's reference), or every code with its label."""
    today = container.app.today()
    headers, cached = prepare(request, "csv", filters, position, today, part)
    if cached:
        return cached
    fields = package.RESOURCES[part][1]
    rows = (
        iter(code_rows())
        if part == "codes"
        else details.each(items(container, filters, today), PART_KEYS[part])
    )
    chunks = writers.csv_chunks(rows, columns_of(fields))
    return StreamingResponse(chunks, media_type=TYPES["csv"], headers=headers)


@router.get("/datapackage.json")
def data_package(
    request: Request,
    container: ContainerDep,
    _filters: FiltersDep,  # checked as the files would check them: a bad one is a 422 here
    position: PositionDep,
) -> dict[str, Any]:
    """A Frictionless data package describing every CSV export and each field (name, type,
    title, description, the codes' enums). Paths are relative to this address; with filters,
    absolute addresses of the same files filtered alike."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "min_position"]
    base = container.settings.public_url.rstrip("/") + "/api/exports/" if query else ""
    return package.package(query, datetime.now(UTC), position, base)
