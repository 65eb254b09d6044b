"""The daily deadline scan: lapse what the rules lapse, record every reminder that is due.

Due pledges come from the deadlines projection, never from loading every pledge. Each
reminder is a ReminderSent event on its pledge; the domain refuses a second one for the same
kind and due date, so a scan that runs twice (or on two workers) records it once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from domain.errors import DomainError, ReminderAlreadySentError
from domain.taxonomy import ReminderKind
from domain.values import SYSTEM
from infrastructure.container import Container
from projections.deadlines import due_reminders, lapsing

log = logging.getLogger(__name__)


@dataclass
class ScanResult:
    today: date
    lapsed: list[str] = field(default_factory=list)
    reminders: list[tuple[str, str, date]] = field(default_factory=list)
    skipped: int = 0


def scan_deadlines(c: Container, today: date) -> ScanResult:
    settings, result = c.settings, ScanResult(today)
    for row in lapsing(c.views.deadlines, today, settings.lapse_grace_days):
        try:
            c.app.lapse(
                row["pledge_id"],
                "The deadline and its grace period of "
                f"{settings.lapse_grace_days} days passed without fulfilment.",
                SYSTEM,
            )
            result.lapsed.append(row["reference"])
        except DomainError as error:  # changed since the projection saw it
            log.info("not lapsed", extra={"pledge": row["reference"], "why": error.message})
            result.skipped += 1
    lapsed = set(result.lapsed)
    due = due_reminders(
        c.views.deadlines,
        today,
        settings.reminder_offsets,
        settings.overdue_every_days,
        settings.lapse_grace_days,
        settings.report_due_days,
    )
    for row in due:
        if row["reference"] in lapsed:
            continue
        kind = ReminderKind(row["kind"])
        recipients = len(c.contacts.list(row["pledger_id"]))
        try:
            c.app.record_reminder(row["pledge_id"], kind, row["due_on"], recipients, SYSTEM)
            result.reminders.append((row["reference"], kind.value, row["due_on"]))
        except (ReminderAlreadySentError, DomainError):
            result.skipped += 1
    log.info(
        "deadline scan done",
        extra={
            "today": today.isoformat(),
            "lapsed": len(lapsed),
            "reminders": len(result.reminders),
        },
    )
    return result
