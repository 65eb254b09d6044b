"""The daily deadline scan: lapse what the rules lapse, record every reminder that is due.

Due pledges come from the deadlines projection, never from loading every pledge. Each
reminder is a ReminderSent event on its pledge; the domain refuses a second one for the same
kind and due date, so a scan that runs twice (or on two workers) records it once. A finished
scan is recorded with the last event it wrote: the day's digests wait for it
(workers/digests.py). A dry run finds the same and records nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.errors import DomainError
from domain.taxonomy import ReminderKind
from domain.values import SYSTEM
from infrastructure.container import Container
from projections.deadlines import due_reminders, lapsing

log = logging.getLogger(__name__)


@dataclass
class ScanResult:
    today: date
    dry_run: bool = False
    lapsed: list[str] = field(default_factory=list)
    reminders: list[tuple[str, str, date]] = field(default_factory=list)
    skipped: int = 0
    position: int = 0  # of the last event recorded
    # What a dry run found (the deadlines projection's rows), for its report.
    lapsing_rows: list[dict[str, Any]] = field(default_factory=list)
    due_rows: list[dict[str, Any]] = field(default_factory=list)

    def recorded(self, position: int | None) -> None:
        self.position = max(self.position, position or 0)


def lapse_due(c: Container, result: ScanResult) -> None:
    grace = c.settings.lapse_grace_days
    for row in lapsing(c.views.deadlines, result.today, grace):
        if result.dry_run:
            result.lapsing_rows.append(row)
            result.lapsed.append(row["reference"])
            continue
        try:
            reason = f"The deadline and its grace period of {grace} days passed without fulfilment."
            result.recorded(c.app.lapse(row["pledge_id"], reason, SYSTEM).position)
            result.lapsed.append(row["reference"])
        except DomainError as error:  # changed since the projection saw it
            log.info("not lapsed", extra={"pledge": row["reference"], "why": error.message})
            result.skipped += 1


def remind_due(c: Container, result: ScanResult) -> None:
    settings, lapsed = c.settings, set(result.lapsed)
    due = due_reminders(
        c.views.deadlines,
        result.today,
        settings.reminder_offsets,
        settings.overdue_every_days,
        settings.lapse_grace_days,
        settings.report_due_days,
    )
    for row in due:
        if row["reference"] in lapsed:
            continue
        kind = ReminderKind(row["kind"])
        if result.dry_run:
            result.due_rows.append(row)
            result.reminders.append((row["reference"], kind.value, row["due_on"]))
            continue
        recipients = len(c.contacts.list(row["pledger_id"]))
        try:
            done = c.app.record_reminder(row["pledge_id"], kind, row["due_on"], recipients, SYSTEM)
        except DomainError:  # sent already (ReminderAlreadySentError), or closed meanwhile
            result.skipped += 1
            continue
        result.recorded(done.position)
        result.reminders.append((row["reference"], kind.value, row["due_on"]))


def scan_deadlines(c: Container, today: date, dry_run: bool = False) -> ScanResult:
    result = ScanResult(today, dry_run)
    lapse_due(c, result)
    remind_due(c, result)
    if not dry_run:
        c.digests.record_scan(today, result.position, len(result.lapsed), len(result.reminders))
    log.info(
        "deadline scan done",
        extra={
            "today": today.isoformat(),
            "dry_run": dry_run,
            "lapsed": len(result.lapsed),
            "reminders": len(result.reminders),
        },
    )
    return result
