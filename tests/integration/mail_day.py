"""A day of the deadline scan and its mail, as the worker's jobs run it, in the test's thread."""

from __future__ import annotations

from datetime import date

from infrastructure.container import Container
from service.cli.mail import bring_up_to_date
from workers.digests import compose_day
from workers.mailer import deliver_due
from workers.scan import scan_deadlines


def scan_day(c: Container, day: date) -> None:
    """The deadline scan as of the day, on the deadlines projection brought up to date."""
    c.app.today = lambda: day
    bring_up_to_date(c)
    scan_deadlines(c, day)


def mail_day(c: Container, day: date) -> dict[str, int]:
    """The day's digests once the outbox has its notices, and their sending: what was sent."""
    bring_up_to_date(c)
    compose_day(c, day)
    return deliver_due(c)


def run_day(c: Container, day: date) -> dict[str, int]:
    scan_day(c, day)
    return mail_day(c, day)
