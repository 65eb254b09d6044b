"""/console/imports: the Secretariat uploads a file of earlier pledges; a dry run shows the
summary and every error by sheet, row and column, then the same file is imported. The page
and `pledges import` share one importer (api/imports/importer.py)."""

from __future__ import annotations

import email.parser
import email.policy
import hmac
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from api.deps import ContainerDep
from api.imports.importer import Importer, Summary
from api.imports.sheets import UnreadableFileError
from api.imports.template import template_bytes
from api.portal.auth import PortalError, StaffDep, Visitor, VisitorDep
from api.portal.render import page
from infrastructure.container import Container

router = APIRouter(include_in_schema=False)
MAX_UPLOAD = 30_000_000  # about 10,000 pledges with their reports


@dataclass
class Upload:
    visitor: Visitor
    name: str
    data: bytes
    dry_run: bool


def parts(content_type: str, body: bytes) -> dict[str, tuple[str, bytes]]:
    """A multipart/form-data body by field: (file name, bytes). The standard library's MIME
    parser reads it: no dependency for one form."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    out: dict[str, tuple[str, bytes]] = {}
    if not message.is_multipart():
        return out
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            out[str(name)] = (str(part.get_filename() or ""), data)
    return out


async def uploaded(request: Request, visitor: VisitorDep) -> Upload:
    """The uploaded file, after the size and CSRF checks."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_UPLOAD:  # refused before it is read
        raise PortalError(413, "Too much data", "The file is larger than 30 MB: split it.")
    body = await request.body()
    if len(body) > MAX_UPLOAD:
        raise PortalError(413, "Too much data", "The file is larger than 30 MB: split it.")
    fields = parts(request.headers.get("content-type", ""), body)
    sent = fields.get("csrf", ("", b""))[1].decode("utf-8", "replace").strip()
    if visitor.new_browser or not hmac.compare_digest(sent.encode(), visitor.csrf.encode()):
        raise PortalError(
            403,
            "The form has expired",
            "This form was not sent from this site's current page. Reload it and send it again.",
        )
    name, data = fields.get("file", ("", b""))
    dry_run = fields.get("action", ("", b""))[1] != b"import"
    return Upload(visitor, name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1], data, dry_run)


UploadDep = Annotated[Upload, Depends(uploaded)]


@router.get("/console/imports")
def imports(request: Request, visitor: VisitorDep, _staff: StaffDep) -> Response:
    return page(request, visitor, "console_imports.html", {})


def importer(c: Container) -> Importer:
    return Importer(c.app, {r["name"]: r["pledger_id"] for r in c.queries.pledgers()})


@router.post("/console/imports")
def run_import(request: Request, upload: UploadDep, me: StaffDep, c: ContainerDep) -> Response:
    context: dict[str, Any] = {}
    if not upload.data:
        context["problem"] = "Choose a file (CSV or XLSX) to upload."
        return page(request, upload.visitor, "console_imports.html", context, 422)
    # The staff member by id: the history shows the email, read at the time (no personal
    # data in an event).
    who = f"staff:{me.subject}"
    try:
        summary: Summary = importer(c).run(upload.name, upload.data, who, upload.dry_run)
    except UnreadableFileError as error:
        context["problem"] = str(error)
        return page(request, upload.visitor, "console_imports.html", context, 422)
    context["summary"] = summary
    status = 422 if summary.errors else 201 if summary.written else 200
    return page(request, upload.visitor, "console_imports.html", context, status)


@router.get("/console/imports/template.xlsx")
def template(_staff: StaffDep) -> Response:
    return Response(
        template_bytes(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="import-template.xlsx"'},
    )
