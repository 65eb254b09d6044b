"""What a process shares, in one Container: built once by the composition root
(service/container.py) and handed down to the API (`api.main.create_app(container)`) and the
workers (`workers.main.start_workers(container, stop)`), which take from it what they need."""

from __future__ import annotations

from dataclasses import dataclass

from domain.application import PledgeTracker
from infrastructure.audit import AuditLog
from infrastructure.contacts import ContactStore
from infrastructure.database import Database
from infrastructure.history import Histories
from infrastructure.idempotency import IdempotencyStore
from infrastructure.invitations import InvitationStore
from infrastructure.mail import MailTransport
from infrastructure.registration_checks import RegistrationChecks
from infrastructure.registrations import RegistrationStore
from infrastructure.sessions import SessionStore
from infrastructure.settings import Settings
from infrastructure.staff import StaffStore
from infrastructure.tokens import TokenStore
from projections.digests import DigestQueue
from projections.outbox import OutboxView
from projections.queries import SummaryQueries
from projections.registry import Views


@dataclass
class Container:
    settings: Settings
    database: Database
    app: PledgeTracker
    # The stores outside the event store (personal data and service bookkeeping).
    contacts: ContactStore
    tokens: TokenStore
    sessions: SessionStore
    staff: StaffStore
    idempotency: IdempotencyStore
    registrations: RegistrationStore
    registration_checks: RegistrationChecks
    # The event log's checkpoints and verifications (tamper evidence).
    audit: AuditLog
    invitations: InvitationStore  # whom each invitation to partner is addressed to
    # The read models and their queries.
    views: Views
    queries: SummaryQueries
    outbox: OutboxView
    digests: DigestQueue
    mail: MailTransport

    @property
    def histories(self) -> Histories:
        """Pledge histories with names (the Secretariat's view)."""
        return Histories(self.app, self.staff, self.tokens)

    @property
    def eventsourcing_env(self) -> dict[str, str]:
        """For an application or projection runner of the library's to build from."""
        return self.database.eventsourcing_env(self.settings.pool_size)

    def close(self) -> None:
        self.app.close()
        self.database.close()

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
