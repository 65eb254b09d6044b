"""The mail outbox: one row per ReminderSent event, written with its tracking position.

Rows name the pledge and its pledger, never an address: contacts are looked up when the
message is sent, so an erased contact is never written to, and the outbox holds no
personal data.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic

from domain.pledge import Pledge

INSERT = (
    "INSERT INTO mail_outbox (message_id, pledge_id, kind, due_on, position)"
    " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (message_id) DO NOTHING"
)


def message_id(pledge_id: Any, kind: str, due_on: Any) -> str:
    """Stable per reminder, so a message resent after a crash is recognisably the same."""
    return f"<reminder.{pledge_id}.{kind}.{due_on}@gcm-pledges>"


class OutboxView(PostgresTrackingRecorder):
    def add(self, event: Any, tracking: Tracking) -> None:
        kind, due_on = str(event.kind), event.due_on
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                INSERT,
                (
                    message_id(event.originator_id, kind, due_on),
                    event.originator_id,
                    kind,
                    due_on,
                    tracking.notification_id,
                ),
            )
            self._insert_tracking(curs, tracking)


class MailOutbox(Projection[OutboxView]):
    name = "mail_outbox"
    topics = (get_topic(Pledge.ReminderSent),)  # type: ignore[attr-defined]

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Only ReminderSent events are subscribed to (see `topics`)."""

    @process_event.register(Pledge.ReminderSent)  # type: ignore[attr-defined]
    def _reminder_sent(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.add(domain_event, tracking)


def build_outbox(datastore: PostgresDatastore) -> OutboxView:
    return OutboxView(datastore, tracking_table_name="mail_outbox_tracking")
