"""The mail outbox: one row per ReminderSent event, written with its tracking position.

Rows name the pledge and its pledger, never an address: contacts are looked up when the
message is sent, so an erased contact is never written to, and the outbox holds no
personal data.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic
from psycopg import sql

from domain.pledge import Pledge
from projections.tracking import TrackedView

INSERT = (
    "INSERT INTO mail_outbox (message_id, pledge_id, kind, due_on, position)"
    " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (message_id) DO NOTHING"
)


REMINDER_TOPIC = get_topic(Pledge.ReminderSent)  # type: ignore[attr-defined]


def message_id(pledge_id: Any, kind: str, due_on: Any) -> str:
    """Stable per reminder, so a message resent after a crash is recognisably the same."""
    return f"<reminder.{pledge_id}.{kind}.{due_on}@gcm-pledges>"


class OutboxView(TrackedView):
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
            self.track(curs, tracking)

    # ---- what the console and `pledges mail status` show ---------------------------------
    def counts(self) -> list[dict[str, Any]]:
        """Messages by status: [{"status": "sent", "n": 12}, ...]."""
        with self.datastore.transaction(commit=False) as curs:
            return [
                dict(r)
                for r in curs.execute(
                    "SELECT status, count(*) AS n FROM mail_outbox GROUP BY status ORDER BY status"
                ).fetchall()
            ]

    def recent(self, summaries_table: str, limit: int = 200) -> list[dict[str, Any]]:
        """The latest messages, newest first, each with its pledge's reference."""
        query = sql.SQL(
            "SELECT o.kind, o.due_on, o.status, o.attempts, o.recipients, o.last_error,"
            " o.created_at, o.sent_at, coalesce(s.reference, o.pledge_id::text) AS reference"
            " FROM mail_outbox o LEFT JOIN {} s ON s.pledge_id = o.pledge_id"
            " ORDER BY o.id DESC LIMIT %s"
        ).format(sql.Identifier(summaries_table))
        with self.datastore.transaction(commit=False) as curs:
            return [dict(r) for r in curs.execute(query, (limit,)).fetchall()]

    def failing(self, limit: int = 20) -> list[dict[str, Any]]:
        """Pending messages whose sending has failed at least once, oldest first."""
        with self.datastore.transaction(commit=False) as curs:
            return [
                dict(r)
                for r in curs.execute(
                    "SELECT message_id, attempts, next_attempt_at, last_error FROM mail_outbox"
                    " WHERE status = 'pending' AND attempts > 0 ORDER BY id LIMIT %s",
                    (limit,),
                ).fetchall()
            ]

    def last_reminder_position(self) -> int:
        """Where the latest ReminderSent event is in the event store: the outbox is current
        once it has read that far."""
        with self.datastore.transaction(commit=False) as curs:
            row = curs.execute(
                "SELECT max(notification_id) AS n FROM pledges_events WHERE topic = %s",
                (REMINDER_TOPIC,),
            ).fetchone()
        return int(row["n"]) if row and row["n"] else 0


class MailOutbox(Projection[OutboxView]):
    name = "mail_outbox"
    topics = (REMINDER_TOPIC,)

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Only ReminderSent events are subscribed to (see `topics`)."""

    @process_event.register(Pledge.ReminderSent)  # type: ignore[attr-defined]
    def _reminder_sent(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.add(domain_event, tracking)


def build_outbox(datastore: PostgresDatastore) -> OutboxView:
    return OutboxView(datastore, tracking_table_name="mail_outbox_tracking")
