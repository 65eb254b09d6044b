"""The pledger portal and the Secretariat console: server-rendered pages, signed in by link."""

from __future__ import annotations

import importlib
import importlib.util

from fastapi import FastAPI, Request, Response

from api.portal.auth import PortalError
from api.portal.render import error_response

MODULES = (
    "signin",
    "my",
    "my_pledge",
    "match",
    "console",
    "console_pledge",
    "console_admin",
    "console_tokens",
)


def install(app: FastAPI) -> None:
    """Adds the portal's routes and renders its errors as pages."""
    for name in MODULES:
        module = f"api.portal.{name}"
        if importlib.util.find_spec(module) is not None:
            app.include_router(importlib.import_module(module).router)

    async def portal_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, PortalError)  # noqa: S101 - registered for PortalError only
        return error_response(request, error)

    app.add_exception_handler(PortalError, portal_error)
