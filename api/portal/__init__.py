"""The pledger portal and the Secretariat console: server-rendered pages, signed in by link."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request, Response

from api.portal import (
    amend,
    colleagues,
    console,
    console_admin,
    console_imports,
    console_pledge,
    console_registrations,
    console_review,
    console_tokens,
    match,
    my,
    my_pledge,
    partners,
    register,
    signin,
)
from api.portal.auth import PortalError
from api.portal.render import error_response

ROUTERS: tuple[APIRouter, ...] = (
    signin.router,
    register.router,
    colleagues.router,
    console_registrations.router,
    my.router,
    my_pledge.router,
    partners.router,
    amend.router,
    match.router,
    console.router,
    console_pledge.router,
    console_review.router,
    console_admin.router,
    console_tokens.router,
    console_imports.router,
)


def install(app: FastAPI) -> None:
    """Adds the portal's routes and renders its errors as pages."""
    for router in ROUTERS:
        app.include_router(router)

    async def portal_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, PortalError)  # noqa: S101 - registered for PortalError only
        return error_response(request, error)

    app.add_exception_handler(PortalError, portal_error)
