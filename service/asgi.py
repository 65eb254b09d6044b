"""uvicorn's app factory for `pledges serve`, run in each server process."""

from __future__ import annotations

from fastapi import FastAPI

from api.main import create_app
from infrastructure.logs import configure_logging
from infrastructure.settings import load_settings
from service.container import build_container


def server_app() -> FastAPI:
    """The process's own container (which may join the embedded PostgreSQL `pledges serve`
    started), built before the server listens; the app closes it when the server stops."""
    settings = load_settings()
    configure_logging(settings)
    return create_app(build_container(settings, process="api"), close_container=True)
