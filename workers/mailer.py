"""Sends the due digests through the mail transport (infrastructure/mail.py), a batch at a time
on one SMTP connection.

A digest is marked sent only after the server accepted it; one that fails is retried later
with a growing pause, and the rest of the batch goes on (on a new connection if the server
dropped it). When no connection can be opened, the batch stops and waits for the next round.
A digest's Message-ID is stable, so the rare resend after a crash between sending and
marking is recognisably the same message.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from infrastructure.container import Container
from infrastructure.mail import MailSession
from projections.digests import Batch
from workers.digests import digests, drafts
from workers.messages import Digest, render

log = logging.getLogger(__name__)
MAX_PAUSE = timedelta(hours=1)
BATCH = 100  # digests per transaction: a crash resends at most these


def deliver_due(
    c: Container, now: datetime | None = None, batch: int = BATCH, retry_seconds: float = 30.0
) -> dict[str, int]:
    """Sends every digest due, in batches on one connection; counts the outcomes."""
    now = now or datetime.now(UTC)
    outcome: dict[str, int] = {}
    with c.mail.session() as outgoing:
        while not outgoing.unreachable:
            with c.digests.claim(now, batch) as claimed:
                if not claimed.digests:
                    break
                send_batch(c, claimed, outgoing, now, retry_seconds, outcome)
    return outcome


def send_batch(
    c: Container,
    claimed: Batch,
    outgoing: MailSession,
    now: datetime,
    retry_seconds: float,
    outcome: dict[str, int],
) -> None:
    drafted, empty = drafts(c, claimed.digests)
    ready = digests(c, drafted, now)
    sending = {due.id for due, _digest in ready}
    for due in claimed.digests:  # nothing left to say, or to no one
        if due.id not in sending:
            status = empty.get(due.id, "no_recipients")
            claimed.settle(due, status, None, now)
            outcome[status] = outcome.get(status, 0) + 1
    for due, digest in ready:
        if outgoing.unreachable:
            return  # the rest stays as it was, for the next round
        status, error = send(c, outgoing, digest)
        pause = min(timedelta(seconds=max(retry_seconds * 2**due.attempts, 1)), MAX_PAUSE)
        claimed.settle(due, status, error, now + pause)
        outcome[status] = outcome.get(status, 0) + 1
        if error:
            log.warning("mail not sent", extra={"digest": due.id, "error": error})


def send(c: Container, outgoing: MailSession, digest: Digest) -> tuple[str, str | None]:
    try:
        outgoing.send(render(digest, c.settings))
    except OSError as error:  # smtplib's errors are OSErrors
        return "pending", f"{type(error).__name__}: {error}"[:500]
    return "sent", None
