"""Who views a public page: nobody in particular (the cached page, for everyone), or a
signed-in person, whose page says so (My pledges or Console, and Sign out) and is theirs
alone: rendered for them, never stored by a shared cache."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Request

from api.portal.auth import SESSION_COOKIE, Visitor, get_visitor
from domain.pledge import Pledge
from domain.taxonomy import Role
from infrastructure.container import Container

PRIVATE = "private, no-cache"


def signed_in(request: Request, c: Container) -> Visitor | None:
    """The signed-in visitor; None (without a database call) for a browser with no session."""
    if not request.cookies.get(SESSION_COOKIE):
        return None
    visitor = get_visitor(request, c)
    return visitor if visitor.identity is not None else None


def context(visitor: Visitor) -> dict[str, Any]:
    return {"visitor": visitor, "csrf": visitor.csrf}


def acting_link(visitor: Visitor, pledge: Pledge) -> str | None:
    """Where the visitor acts on this pledge: its owner or a partner in the portal, the
    Secretariat in the console; None for anyone else."""
    identity = visitor.identity
    if identity is None:
        return None
    if identity.role == Role.SECRETARIAT:
        return f"/console/pledges/{pledge.reference}"
    mine = UUID(identity.subject)
    if pledge.pledger_id == mine or pledge.is_partner(mine):
        return f"/my/pledges/{pledge.reference}"
    return None
