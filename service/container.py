"""The composition root: builds the one Container of a process (infrastructure/container.py)."""

from __future__ import annotations

import logging

from domain.application import PledgeTracker
from infrastructure.contacts import ContactStore
from infrastructure.container import Container
from infrastructure.database import Database, open_database
from infrastructure.eventsourcing_adapter import TrackedPledges
from infrastructure.idempotency import IdempotencyStore
from infrastructure.mail import MailTransport
from infrastructure.sessions import SessionStore
from infrastructure.settings import Settings, load_settings
from infrastructure.staff import StaffStore
from infrastructure.tokens import TokenStore
from projections.outbox import build_outbox
from projections.queries import SummaryQueries
from projections.registry import Views

log = logging.getLogger(__name__)


def build_application(settings: Settings, database: Database) -> PledgeTracker:
    env = database.eventsourcing_env(settings.pool_size)
    if settings.aggregate_cache_size:
        # Commands then read only the events after the cached version (one query, no
        # snapshot lookup); the event store stays the truth for every process.
        env["AGGREGATE_CACHE_MAXSIZE"] = str(settings.aggregate_cache_size)
    return TrackedPledges(
        env=env,
        numbers=database.numbers(),
        lapse_grace_days=settings.lapse_grace_days,
    )


def create_store_tables(*stores: SessionStore | TokenStore | StaffStore | IdempotencyStore) -> None:
    """The tables outside the event store, if missing (the event store's and the read models'
    are created as the application and the views are built, in build_container). Every
    process makes them all: erasing contacts, say, ends their sessions wherever it runs."""
    for store in stores:
        store.create_schema()


def build_container(
    settings: Settings | None = None, database: Database | None = None
) -> Container:
    settings = settings or load_settings()
    database = database or open_database(settings)
    pool = database.pool(settings.pool_size)
    tokens, idempotency = TokenStore(pool), IdempotencyStore(pool)
    sessions = SessionStore(pool, settings.secret_key.get_secret_value())
    staff = StaffStore(pool)
    create_store_tables(sessions, tokens, staff, idempotency)
    app = build_application(settings, database)
    database.availability.guard(app.recorder.datastore.pool)  # type: ignore[attr-defined]
    log.debug("pledge tracker ready", extra={"database": database.safe_description})
    views = Views.build(app.recorder.datastore)  # type: ignore[attr-defined]
    return Container(
        settings=settings,
        database=database,
        app=app,
        contacts=ContactStore(pool, settings.mail_folder),
        tokens=tokens,
        sessions=sessions,
        staff=staff,
        idempotency=idempotency,
        views=views,
        queries=SummaryQueries(views.summaries),
        outbox=build_outbox(app.recorder.datastore),  # type: ignore[attr-defined]
        mail=MailTransport(settings),
    )
