"""The mail outbox: one row (a notice) per event people are told of, with its tracking position.

Which events are notified is the mailer's to say (workers/notices.py): `outbox_projection`
makes the projection for those event types. A reminder's notice is keyed by its kind and due
date as before, another event's by its pledge's version. Rows name the pledge, never an
address: contacts are looked up when the day's digest is composed and sent
(projections/digests.py), so an erased contact is never written to, and the outbox holds no
personal data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date
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
APPLICATION = "Pledges"


def message_id(pledge_id: Any, kind: str, due_on: Any) -> str:
    """A reminder's key: stable per (pledge, kind, due date), as the rules count reminders."""
    return f"<reminder.{pledge_id}.{kind}.{due_on}@gcm-pledges>"


def snake(name: str) -> str:
    """An event type's notice kind: Lapsed -> lapsed, ReturnedForRevision ->
    returned_for_revision."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def notice_of(event: Any) -> tuple[str, str, date]:
    """(key, kind, day) of an event's notice: a reminder's kind and due date; another
    event's kind after its type, and its own date (`lapsed_on`) or the day it was recorded."""
    pledge_id = event.originator_id
    if isinstance(event, Pledge.ReminderSent):  # type: ignore[attr-defined]
        kind = str(event.kind)
        return message_id(pledge_id, kind, event.due_on), kind, event.due_on
    kind = snake(type(event).__name__)
    day = getattr(event, f"{kind}_on", None) or event.timestamp.astimezone(UTC).date()
    return f"<notice.{pledge_id}.{kind}.v{event.originator_version}@gcm-pledges>", kind, day


def topics_of(event_types: Iterable[str]) -> tuple[str, ...]:
    return tuple(get_topic(getattr(Pledge, name)) for name in sorted(event_types))


class OutboxView(TrackedView):
    def add(self, event: Any, tracking: Tracking) -> None:
        key, kind, day = notice_of(event)
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(INSERT, (key, event.originator_id, kind, day, tracking.notification_id))
            self.track(curs, tracking)

    def position(self) -> int:
        return self.max_tracking_id(APPLICATION) or 0

    # ---- what the console and `pledges mail status` show ---------------------------------
    def counts(self) -> list[dict[str, Any]]:
        """Notices by status: [{"status": "sent", "n": 12}, ...]."""
        with self.datastore.transaction(commit=False) as curs:
            return [
                dict(r)
                for r in curs.execute(
                    "SELECT status, count(*) AS n FROM mail_outbox GROUP BY status ORDER BY status"
                ).fetchall()
            ]

    def recent(self, summaries_table: str, limit: int = 200) -> list[dict[str, Any]]:
        """The latest notices, newest first, each with its pledge's reference."""
        query = sql.SQL(
            "SELECT o.kind, o.due_on, o.status, o.attempts, o.recipients, o.last_error,"
            " o.created_at, o.sent_at, coalesce(s.reference, o.pledge_id::text) AS reference"
            " FROM mail_outbox o LEFT JOIN {} s ON s.pledge_id = o.pledge_id"
            " ORDER BY o.id DESC LIMIT %s"
        ).format(sql.Identifier(summaries_table))
        with self.datastore.transaction(commit=False) as curs:
            return [dict(r) for r in curs.execute(query, (limit,)).fetchall()]

    def last_notice_position(self, topics: tuple[str, ...]) -> int:
        """Where the latest notified event is in the event store: the outbox is current once
        it has read that far."""
        with self.datastore.transaction(commit=False) as curs:
            row = curs.execute(
                "SELECT max(notification_id) AS n FROM pledges_events WHERE topic = ANY(%s)",
                (list(topics),),
            ).fetchone()
        return int(row["n"]) if row and row["n"] else 0


class MailOutbox(Projection[OutboxView]):
    """Subclassed by `outbox_projection` with the topics of the notified events."""

    name = "mail_outbox"
    topics: tuple[str, ...] = ()

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.add(domain_event, tracking)


def outbox_projection(event_types: Iterable[str]) -> type[MailOutbox]:
    """The outbox's projection for these event types of the Pledge (their class names)."""
    return type(
        "MailOutbox", (MailOutbox,), {"name": MailOutbox.name, "topics": topics_of(event_types)}
    )


def build_outbox(datastore: PostgresDatastore) -> OutboxView:
    return OutboxView(datastore, tracking_table_name="mail_outbox_tracking")
