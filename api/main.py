"""The FastAPI application: `create_app(container)`; uvicorn's factory is service/asgi.py."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI

from api import docs, openapi, portal, problems
from api.authentication import Authenticator
from api.cache import RecentPositions
from api.cross_site import CrossSite
from api.middleware import RequestContextMiddleware
from api.reports.store import ReportStore
from api.routers import (
    amendments,
    assets,
    audit,
    commands,
    dashboard,
    embeds,
    exports,
    feeds,
    health,
    listing,
    matching,
    pages,
    partners,
    pledgers,
    pledges,
    registrations,
    reports,
    review,
)
from api.waiting import PositionWatch
from infrastructure.container import Container

DESCRIPTION = """Records, shows and tracks pledges made under the Global Compact for Safe,
Orderly and Regular Migration (GCM).

**Auth**: `Authorization: Bearer <token>` with a token from `pledges tokens create`. Without a
token you may read published data only. **Errors** are RFC 9457 problem details
(`application/problem+json`) with a stable `code`. **Concurrency**: reads send an `ETag` (the
pledge's version); commands accept `If-Match`. **Retries**: `Idempotency-Key` on submissions
and progress reports returns the first answer."""

# Token lookups that miss the authenticator's memory, at once (it listens on one more).
TOKEN_CONNECTIONS = 2
# Every router, named here: a module that is missing or renamed fails at import.
CORE_ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    pledgers.router,
    pledges.router,
    commands.router,
    review.router,
    registrations.router,
    amendments.router,
    audit.router,
    matching.router,
    partners.router,
)
# What the read models serve: the list, the dashboard, the exports and the pages.
READ_ROUTERS: tuple[APIRouter, ...] = (
    listing.router,
    dashboard.router,
    exports.router,
    reports.router,
    # The public pages: the dashboard, pledge pages, the report, and their assets.
    pages.router,
    assets.router,
    # What other websites show: the embeds (framable by EMBED_ORIGINS) and the Atom feeds.
    embeds.router,
    feeds.router,
)


def create_app(container: Container, close_container: bool = False) -> FastAPI:
    """The app over the process's container; with `close_container`, the app closes it when
    it stops (a server process's own, service/asgi.py). The container is used only once the
    app starts: describing the API (its OpenAPI document) needs no database."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings, database = container.settings, container.database
        auth = Authenticator(
            container.tokens, database.named("tokens"), TOKEN_CONNECTIONS, database.availability
        )
        watch = PositionWatch(container.queries.position)
        await auth.start()
        app.state.container = container
        app.state.auth = auth
        app.state.positions = RecentPositions(container, settings.read_position_ttl)
        app.state.watch = watch
        app.state.reports = ReportStore(
            settings.reports_dir,
            settings.report_wait_seconds,
            settings.report_cache_files,
            settings.report_cache_mib * 2**20,
        )
        # What start-up made (modules, routes, schemas) lives as long as the process: out of
        # the cycle collector's sight, a full collection under load takes 9 ms instead of
        # 100 ms, a pause every request in flight waits out (bench/README.md).
        gc.freeze()
        try:
            yield
        finally:
            await watch.stop()
            app.state.reports.close()
            await auth.stop()
            if close_container:
                await anyio.to_thread.run_sync(container.close)

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
    # Read at the first request: describing the API (OpenAPI) needs no container.
    app.add_middleware(
        RequestContextMiddleware,
        cross_site=lambda: CrossSite(container.settings.embed_origin_list),
    )
    for router in (*CORE_ROUTERS, *READ_ROUTERS):
        app.include_router(router)
    portal.install(app)  # the pledger portal and the Secretariat console
    return app
