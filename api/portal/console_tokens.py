"""API tokens in the console: list, create (the secret is shown once, never stored) and revoke.

Only a hash of each token is kept (infrastructure/tokens.py); the list shows names, roles and dates,
never a secret or its hash.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep
from api.portal.auth import PortalError, PostedDep, StaffDep, VisitorDep
from api.portal.render import page, redirect, status_of
from domain.errors import DomainError, InvalidPledgeError
from domain.taxonomy import Role
from infrastructure.container import Container
from infrastructure.tokens import ISSUABLE_ROLES

router = APIRouter(include_in_schema=False)


def context(c: Container) -> dict[str, Any]:
    known = c.queries.pledgers()
    return {
        "tokens": c.tokens.list(),
        "pledgers": known,
        "pledger_names": {r["pledger_id"]: r["name"] for r in known},
        "roles": sorted(r.value for r in ISSUABLE_ROLES),
    }


@router.get("/console/tokens")
def tokens(request: Request, visitor: VisitorDep, _staff: StaffDep, c: ContainerDep) -> Response:
    return page(request, visitor, "console_tokens.html", context(c))


def requested(visitor: PostedDep) -> tuple[Role, str, UUID | None]:
    try:
        role = Role(visitor.value("role"))
    except ValueError:
        raise InvalidPledgeError("role", "must be secretariat or pledger") from None
    text = visitor.value("pledger")
    try:
        pledger_id = UUID(text) if text else None
    except ValueError:
        raise InvalidPledgeError("pledger", "choose a pledger from the list") from None
    return role, visitor.value("name"), pledger_id


@router.post("/console/tokens")
def create_token(
    request: Request, visitor: PostedDep, _staff: StaffDep, c: ContainerDep
) -> Response:
    try:
        role, name, pledger_id = requested(visitor)
        if pledger_id is not None:
            c.app.check_pledger(pledger_id)
        info, secret = c.tokens.create(role, name, pledger_id)
    except DomainError as error:
        full = {**context(c), "error": error.message}
        return page(request, visitor, "console_tokens.html", full, status_of(error))
    full = {**context(c), "created": info, "secret": secret}
    return page(request, visitor, "console_tokens.html", full, 201)


@router.post("/console/tokens/{token_id}/revoke")
def revoke_token(token_id: int, _visitor: PostedDep, _staff: StaffDep, c: ContainerDep) -> Response:
    if not c.tokens.revoke(token_id):
        raise PortalError(404, "Token not found", "There is no such token, or it is revoked.")
    return redirect("/console/tokens?done=revoked")
