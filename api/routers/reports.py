"""GET /reports/consolidated.pdf and .docx: the consolidated IMRF report as a document, for
the public pledges that match the list's filters.

A document is kept by the read models' position (api/reports/store.py): downloading it again
at the same position costs nothing, and its ETag answers a 304. One that takes longer than
REPORT_WAIT_SECONDS is made in the background: 202 with Retry-After until it is ready, or,
meanwhile, the last one made for the same filters and day (X-Report-Cache: older, with the
position it stands at), so downloads keep working while pledges keep arriving.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse

from api import reports
from api.deps import ContainerDep
from api.pages import web
from api.problems import problem_response
from api.reports.store import ReportStore
from api.routers.filters import FiltersDep, PositionDep
from infrastructure.container import Container
from projections.listing import Filters

log = logging.getLogger(__name__)
router = APIRouter(prefix="/reports", tags=["reports"])
RETRY_AFTER = "10"  # seconds: a 3,500-pledge PDF takes about a minute


def report_key(container: Container, position: int, today: date, filters: Filters) -> str:
    """What a document depends on: the database, the day, the filters (its stem), then the
    position (store.py finds the latest document of a stem by it)."""
    where = container.database.safe_description
    stem = web.etag_for("report", web.BUILD, where, today, repr(filters))[3:-1]
    return f"{stem}-{position}"


def store_of(request: Request) -> ReportStore:
    store: ReportStore = request.app.state.reports
    return store


def doc() -> dict[int | str, dict[str, Any]]:
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {
        200: {
            "content": dict.fromkeys(reports.KINDS.values(), binary),
            "description": "The consolidated report as PDF or DOCX",
        },
        202: {"description": "Being prepared: ask again after Retry-After seconds"},
        304: {"description": "Unchanged since the ETag sent in If-None-Match"},
    }


def preparing(request: Request, kind: str) -> Response:
    detail = (
        f"The {kind.upper()} report for these filters is being prepared. It will be ready "
        f"in a minute or so: ask again after {RETRY_AFTER} seconds (the same address)."
    )
    headers = {"Retry-After": RETRY_AFTER, "Cache-Control": "no-store"}
    if "text/html" in request.headers.get("accept", ""):
        title = "The report is being prepared"
        response = web.error_page(request, 202, title, detail, {**headers, "Refresh": RETRY_AFTER})
        return response
    return problem_response(request, 202, "report_being_prepared", detail, headers)


async def download(
    request: Request, container: Container, filters: Filters, position: int, kind: str
) -> Response:
    today = container.app.today()
    key = report_key(container, position, today, filters)
    headers, unchanged = web.attachment(request, f'"{key}"', reports.file_name(kind, today))
    if unchanged:
        return unchanged
    store = store_of(request)
    found = store.kept(key, kind)
    headers["X-Report-Cache"] = "hit" if found else "miss"

    def make(out: Path) -> None:
        reports.write(container, filters, kind, out, today, datetime.now(UTC))

    if found is None:
        try:
            found = await run_in_threadpool(store.get, key, kind, make)
        except Exception:
            log.exception("report document failed", extra={"kind": kind})
            detail = "The report could not be made just now; try again in a minute."
            return problem_response(request, 503, "report_failed", detail, {"Retry-After": "60"})
    if found is None:
        # While the new one is made, the last one made for these filters, said to be older.
        found = store.latest(key, kind)
        if found is None:
            return preparing(request, kind)
        headers.update({"ETag": f'"{found.stem}"', "X-Report-Cache": "older",
                        "Retry-After": RETRY_AFTER})
    headers["X-Report-Position"] = found.stem.rsplit("-", 1)[1]
    return FileResponse(found, media_type=reports.KINDS[kind], headers=headers)


@router.get("/consolidated.{kind}", response_class=FileResponse, responses=doc())
async def consolidated(
    request: Request,
    container: ContainerDep,
    filters: FiltersDep,
    position: PositionDep,
    kind: Literal["pdf", "docx"],
) -> Response:
    """The consolidated report of the published pledges that match the filters (those of
    GET /api/pledges): cover, contents, summary and charts, then per round table and
    objective each pledge with its partners, matches, targets and latest narrative; annexes.
    Public; no personal data."""
    return await download(request, container, filters, position, kind)
