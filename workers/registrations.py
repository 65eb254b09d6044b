"""The daily mail to the Secretariat (SECRETARIAT_EMAIL) of the registration requests that
wait in its queue, with how long each has waited; no mail when nothing waits. Run with the
day's deadline scan (workers/scheduler.py), and sent once a day however often it runs."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import make_msgid

from infrastructure.container import Container
from infrastructure.registration_digests import Waiting

log = logging.getLogger(__name__)


def line(request: Waiting, now: datetime) -> str:
    days = (now - request.confirmed_at).days
    age = "since today" if days < 1 else ("1 day" if days == 1 else f"{days} days")
    return f"- {request.organisation} ({request.country}), waiting {age}"


def digest_message(c: Container, count: int, listed: list[Waiting], now: datetime) -> EmailMessage:
    settings = c.settings
    queue = f"{settings.public_url.rstrip('/')}/console/registrations"
    lines = [
        f"{count} registration request(s) wait for a decision, the longest waiting first:",
        "",
        *(line(request, now) for request in listed),
    ]
    if count > len(listed):
        lines.append(f"- and {count - len(listed)} more")
    lines += [
        "",
        "Approve or refuse each in the console (possible duplicates are flagged there):",
        queue,
    ]
    message = EmailMessage()
    message["Subject"] = f"GCM Pledge Tracker: {count} registration request(s) wait"
    message["From"] = settings.mail_from
    message["To"] = settings.secretariat_email
    message["Message-ID"] = make_msgid(domain="gcm-pledges")
    message.set_content("\n".join(lines) + "\n")
    return message


def mail_waiting_registrations(c: Container, day: date, now: datetime | None = None) -> int | None:
    """How many requests the day's mail listed (0: nothing waits, no mail); None when the
    day's mail went already, or could not go (it is tried again at the next run)."""
    digests = c.registrations.digests
    count, listed = digests.waiting()
    if not digests.claim(day, count):
        return None
    if count == 0:
        return 0
    try:
        c.mail.send(digest_message(c, count, listed, now or datetime.now(UTC)))
    except OSError as error:  # smtplib's errors are OSErrors
        digests.release(day)
        log.warning("registration digest not sent", extra={"error": type(error).__name__})
        return None
    return count
