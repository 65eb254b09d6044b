"""The composition root: builds the one Container of a process (infrastructure/container.py)."""

from __future__ import annotations

import logging

from domain.application import PledgeTracker
from infrastructure.audit import AuditLog
from infrastructure.contacts import ContactStore
from infrastructure.container import Container
from infrastructure.database import Database, open_database
from infrastructure.eventsourcing_adapter import TrackedPledges
from infrastructure.idempotency import IdempotencyStore
from infrastructure.invitations import InvitationStore
from infrastructure.mail import MailTransport
from infrastructure.migrations import migrate
from infrastructure.registration_checks import RegistrationChecks
from infrastructure.registrations import RegistrationStore
from infrastructure.sessions import SessionStore
from infrastructure.settings import Settings, SettingsError, load_settings
from infrastructure.signing import Signer, SigningKeyError, load_or_make
from infrastructure.staff import StaffStore
from infrastructure.tokens import TokenStore
from projections.digests import DigestQueue
from projections.outbox import build_outbox
from projections.queries import SummaryQueries
from projections.registry import Views

log = logging.getLogger(__name__)


# The processes that run the background jobs (`pledges worker`; `pledges serve`'s own, with
# them) use few connections of their own: each job has its own (README "Connections").
JOBS_PROCESSES = ("worker", "serve")
JOBS_EVENTS_CONNECTIONS = 3
STORES_CONNECTIONS = 2
# The processes that sign checkpoints (the scheduler's), and tests' own ("pledges"): only they
# read or make the signing key; the API publishes what they signed.
SIGNING_PROCESSES = (*JOBS_PROCESSES, "pledges")


def events_connections(settings: Settings, process: str) -> int:
    if process in JOBS_PROCESSES:
        return min(settings.pool_size, JOBS_EVENTS_CONNECTIONS)
    return settings.pool_size


def build_application(
    settings: Settings, database: Database, process: str = "pledges"
) -> PledgeTracker:
    env = database.eventsourcing_env(events_connections(settings, process), idle_size=2)
    if settings.aggregate_cache_size:
        # Commands then read only the events after the cached version (one query, no
        # snapshot lookup); the event store stays the truth for every process.
        env["AGGREGATE_CACHE_MAXSIZE"] = str(settings.aggregate_cache_size)
    return TrackedPledges(
        env=env,
        numbers=database.numbers(),
        lapse_grace_days=settings.lapse_grace_days,
        review_pledges=settings.review_pledges,
    )


def signer_for(settings: Settings, process: str) -> Signer | None:
    if process not in SIGNING_PROCESSES:
        return None
    secret = settings.audit_signing_key
    try:
        key = load_or_make(
            secret.get_secret_value() if secret else None,
            settings.data_dir,
            production=settings.environment == "production",
        )
    except SigningKeyError as error:
        raise SettingsError(f"Invalid settings:\n  AUDIT_SIGNING_KEY: {error}") from None
    return Signer(key)


def build_container(
    settings: Settings | None = None, database: Database | None = None, process: str = "pledges"
) -> Container:
    """`process` names the kind of process in its connections (`api`, `worker`, `serve`,
    `cli`) and sizes its pools."""
    settings = settings or load_settings()
    database = database or open_database(settings, process)
    migrate(database.conninfo)  # the first process to start migrates; the others wait for it
    pool = database.pool(min(settings.pool_size, STORES_CONNECTIONS))
    tokens, idempotency = TokenStore(pool), IdempotencyStore(pool)
    sessions = SessionStore(pool, settings.secret_key.get_secret_value())
    staff = StaffStore(pool)
    app = build_application(settings, database, process)
    database.availability.guard(app.recorder.datastore.pool)  # type: ignore[attr-defined]
    log.debug("pledge tracker ready", extra={"database": database.safe_description})
    datastore = app.recorder.datastore  # type: ignore[attr-defined]
    views = Views.build(datastore)
    return Container(
        settings=settings,
        database=database,
        app=app,
        contacts=ContactStore(pool, settings.mail_folder),
        tokens=tokens,
        sessions=sessions,
        staff=staff,
        idempotency=idempotency,
        registrations=RegistrationStore(pool),
        registration_checks=RegistrationChecks(pool, views.summaries.pledgers_table),
        audit=AuditLog(pool, database.named("audit"), signer_for(settings, process)),
        invitations=InvitationStore(pool),
        views=views,
        queries=SummaryQueries(views.summaries),
        outbox=build_outbox(datastore),
        digests=DigestQueue(datastore),
        mail=MailTransport(settings),
    )
