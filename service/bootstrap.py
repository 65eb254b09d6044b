"""The one composition root: builds the application and its neighbours for api/ and workers/."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from domain.application import PledgeTracker
from infrastructure.contacts import ContactStore
from infrastructure.database import Database, open_database
from infrastructure.migrations import migrate
from infrastructure.settings import Settings, load_settings
from projections.outbox import OutboxView, build_outbox
from projections.queries import SummaryQueries
from projections.registry import Views

log = logging.getLogger(__name__)


@dataclass
class Container:
    settings: Settings
    database: Database
    app: PledgeTracker
    contacts: ContactStore
    views: Views
    queries: SummaryQueries
    outbox: OutboxView
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def eventsourcing_env(self) -> dict[str, str]:
        return self.database.eventsourcing_env(self.settings.pool_size)

    def close(self) -> None:
        self.app.close()
        self.database.close()

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def build_application(settings: Settings, database: Database) -> PledgeTracker:
    env = database.eventsourcing_env(settings.pool_size)
    if settings.aggregate_cache_size:
        # Commands then read only the events after the cached version (one query, no
        # snapshot lookup); the event store stays the truth for every process.
        env["AGGREGATE_CACHE_MAXSIZE"] = str(settings.aggregate_cache_size)
    return PledgeTracker(
        env=env,
        numbers=database.numbers(),
        lapse_grace_days=settings.lapse_grace_days,
    )


def bootstrap(settings: Settings | None = None, database: Database | None = None) -> Container:
    settings = settings or load_settings()
    database = database or open_database(settings)
    migrate(database.conninfo)  # the first process to start migrates; the others wait for it
    pool = database.pool(settings.pool_size)
    app = build_application(settings, database)
    database.availability.guard(app.recorder.datastore.pool)  # type: ignore[attr-defined]
    log.debug("pledge tracker ready", extra={"database": database.safe_description})
    views = Views.build(app.recorder.datastore)  # type: ignore[attr-defined]
    outbox = build_outbox(app.recorder.datastore)  # type: ignore[attr-defined]
    return Container(
        settings=settings,
        database=database,
        app=app,
        contacts=ContactStore(pool, settings.mail_folder),
        views=views,
        outbox=outbox,
        queries=SummaryQueries(views.summaries),
    )
