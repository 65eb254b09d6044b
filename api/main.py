"""The FastAPI application: `create_app()` is uvicorn's factory (`pledges serve`)."""

from __future__ import annotations

import gc
import importlib
import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI

from api import docs, openapi, portal, problems
from api.middleware import RequestContextMiddleware
from api.routers import commands, health, pledgers, pledges
from api.state import Services
from infrastructure.logs import configure_logging
from infrastructure.settings import load_settings
from service.bootstrap import Container, bootstrap

DESCRIPTION = """Records, shows and tracks pledges made under the Global Compact for Safe,
Orderly and Regular Migration (GCM).

**Auth**: `Authorization: Bearer <token>` with a token from `pledges tokens create`. Without a
token you may read published data only. **Errors** are RFC 9457 problem details
(`application/problem+json`) with a stable `code`. **Concurrency**: reads send an `ETag` (the
pledge's version); commands accept `If-Match`. **Retries**: `Idempotency-Key` on submissions
and progress reports returns the first answer."""

CORE_ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    pledgers.router,
    pledges.router,
    commands.router,
)
# Read-model routers (issue 4: the pledge list, the dashboard, exports) live in these modules
# and are included when present; each module exposes `router`. Add further ones here.
PROJECTION_ROUTERS = (
    "api.routers.listing",
    "api.routers.dashboard",
    "api.routers.exports",
    # The public pages (issue 6): the dashboard, pledge pages, the report, and their assets.
    "api.routers.pages",
    "api.routers.assets",
)


def build_container() -> Container:
    settings = load_settings()
    configure_logging(settings)
    return bootstrap(settings)


def include_routers(app: FastAPI) -> None:
    for router in CORE_ROUTERS:
        app.include_router(router)
    for name in PROJECTION_ROUTERS:
        # find_spec, not try/except ImportError: a module that exists but fails must fail loudly.
        if importlib.util.find_spec(name) is not None:
            app.include_router(importlib.import_module(name).router)


def create_app(container: Container | None = None) -> FastAPI:
    """The app; with no container, its lifespan builds one from the settings and closes it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Bootstrapping may start the embedded PostgreSQL: keep it off the event loop.
        owned = container is None
        built: Container = (
            await anyio.to_thread.run_sync(build_container) if container is None else container
        )
        services = await anyio.to_thread.run_sync(Services.build, built)
        await services.auth.start()
        app.state.services = services
        # What start-up made (modules, routes, schemas) lives as long as the process: out of
        # the cycle collector's sight, a full collection under load takes 9 ms instead of
        # 100 ms, a pause every request in flight waits out (bench/README.md).
        gc.freeze()
        try:
            yield
        finally:
            await services.watch.stop()
            await services.auth.stop()
            if owned:
                await anyio.to_thread.run_sync(built.close)

    app = FastAPI(
        title="GCM Pledge Tracker",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        docs_url=None,  # served by api.docs from local assets instead of a CDN
        redoc_url=None,
    )
    problems.install(app)
    openapi.install(app)
    docs.install(app)
    app.add_middleware(RequestContextMiddleware)
    include_routers(app)
    portal.install(app)  # issue 7: the pledger portal and the Secretariat console
    return app
