"""Sends the outbox through the mail transport (infrastructure/mail.py).

A message is marked sent only after the server accepted it; while the server is down it is
retried with a growing pause. Its Message-ID is stable per reminder, so the rare resend after
a crash between sending and marking is recognisably the same message.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.errors import NotFoundError
from infrastructure.container import Container
from workers.messages import Reminder, build_message

log = logging.getLogger(__name__)
CLAIM = (
    "SELECT id, message_id, pledge_id, kind, attempts FROM mail_outbox"
    " WHERE status = 'pending' AND next_attempt_at <= %s"
    " ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED"
)
UPDATE = (
    "UPDATE mail_outbox SET status = %s, recipients = %s, last_error = %s,"
    " attempts = attempts + 1, next_attempt_at = %s,"
    " sent_at = CASE WHEN %s = 'sent' THEN now() END WHERE id = %s"
)
MAX_PAUSE = timedelta(hours=1)


def reminder_for(c: Container, row: dict[str, Any]) -> tuple[Reminder, Any]:
    pledge = c.app.get_pledge(row["pledge_id"])
    pledger = c.app.get_pledger(pledge.pledger_id)
    url = f"{c.settings.public_url.rstrip('/')}/pledges/{pledge.reference}"
    return Reminder(
        message_id=row["message_id"],
        kind=row["kind"],
        reference=pledge.reference,
        title=pledge.content.title,
        deadline=pledge.deadline.isoformat(),
        status=pledge.status.value.replace("_", " "),
        percent=pledge.percent_complete,
        pledger=pledger.name,
        language=pledge.content.language,
        url=url,
    ), pledge.pledger_id


def deliver(c: Container, row: dict[str, Any]) -> tuple[str, int | None, str | None]:
    """The row's new status, its recipient count and the error, after one attempt."""
    try:
        reminder, pledger_id = reminder_for(c, row)
    except NotFoundError as error:
        return "failed", None, error.message
    recipients = [contact.email for contact in c.contacts.list(pledger_id)]
    if not recipients:
        return "no_recipients", 0, None  # erased or never given: nobody is written to
    try:
        c.mail.send(build_message(reminder, c.settings.mail_from, recipients))
    except (OSError, smtplib.SMTPException) as error:
        return "pending", len(recipients), f"{type(error).__name__}: {error}"[:500]
    return "sent", len(recipients), None


def deliver_due(
    c: Container, now: datetime | None = None, limit: int = 50, retry_seconds: float = 30.0
) -> dict[str, int]:
    """Try each due message once, each in its own transaction; count the outcomes."""
    now = now or datetime.now(UTC)
    outcome: dict[str, int] = {}
    for _ in range(limit):
        with c.database.pool().connection() as conn, conn.transaction():
            row = conn.execute(CLAIM, (now, 1)).fetchone()
            if row is None:
                break
            ident, msg_id, pledge_id, kind, attempts = row
            status, recipients, error = deliver(
                c, {"message_id": msg_id, "pledge_id": pledge_id, "kind": kind}
            )
            pause = min(timedelta(seconds=retry_seconds * 2**attempts), MAX_PAUSE)
            conn.execute(UPDATE, (status, recipients, error, now + pause, status, ident))
        outcome[status] = outcome.get(status, 0) + 1
        if error:
            log.warning("mail not sent", extra={"message_id": msg_id, "error": error})
    return outcome
