"""The daily deadline scan (and the Secretariat's mail of the registrations that wait), the
mail outbox and its digests' sender, each active on one worker."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from infrastructure.container import Container
from projections.outbox import OutboxView
from workers.audit import checkpoint_due, verify_and_checkpoint
from workers.digests import compose_day
from workers.leadership import Leadership
from workers.mailer import deliver_due
from workers.notices import OUTBOX
from workers.projection_runner import running
from workers.registrations import mail_waiting_registrations
from workers.scan import ScanResult, scan_deadlines

log = logging.getLogger(__name__)


def scan_when_current(c: Container, today: date, timeout: float = 120.0) -> ScanResult:
    """Scan once the deadlines projection has every event recorded so far."""
    head = c.app.recorder.max_notification_id() or 0
    if not wait_for(lambda: c.views.positions()["deadlines"], head, timeout):
        log.warning("deadlines projection behind; scanning what it has", extra={"head": head})
    return scan_deadlines(c, today)


def wait_for(position: Callable[[], int], target: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while position() < target:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def scheduler_job(c: Container) -> Callable[[Callable[[], bool]], None]:
    settings = c.settings
    zone = ZoneInfo(settings.scan_timezone)

    def scan() -> None:
        today = datetime.now(zone).date()
        scan_when_current(c, today)
        mail_waiting_registrations(c, today)  # the Secretariat's mail of what waits

    def checkpoint() -> None:
        verify_and_checkpoint(c)

    def lead(still_leader: Callable[[], bool]) -> None:
        hour, minute = (int(part) for part in settings.scan_time.split(":"))
        scheduler = BackgroundScheduler(timezone=zone)
        # The scan, and the chain verified and its head signed, daily at the scan's time.
        for job in (scan, checkpoint):
            scheduler.add_job(
                job,
                CronTrigger(hour=hour, minute=minute, timezone=zone),
                misfire_grace_time=3600,
                coalesce=True,
                max_instances=1,
            )
        scan()  # a day missed while no worker ran is caught up at once
        if checkpoint_due(c):
            checkpoint()
        scheduler.start()
        try:
            while still_leader():
                threading.Event().wait(1.0)
        finally:
            scheduler.shutdown(wait=False)

    return lead


def outbox_job(env: dict[str, str]) -> Callable[[Callable[[], bool]], None]:
    def lead(still_leader: Callable[[], bool]) -> None:
        with running(OUTBOX, OutboxView, env) as runner:
            while still_leader():
                runner.run_forever(timeout=1.0)

    return lead


def mailer_job(c: Container, every: float = 5.0) -> Callable[[Callable[[], bool]], None]:
    """Composes the day's digests once its scan is done, and sends what is due."""
    zone = ZoneInfo(c.settings.scan_timezone)

    def lead(still_leader: Callable[[], bool]) -> None:
        while still_leader():
            compose_day(c, datetime.now(zone).date())
            deliver_due(c)
            threading.Event().wait(every)

    return lead


def start_scheduled_jobs(c: Container, stop: threading.Event) -> list[Leadership]:
    conninfo = c.database.named("lock")
    jobs = [
        Leadership("scheduler", conninfo, scheduler_job(c), stop),
        Leadership("mail_outbox", conninfo, outbox_job(c.eventsourcing_env), stop),
        Leadership("mailer", conninfo, mailer_job(c), stop),
    ]
    for job in jobs:
        job.start()
    return jobs
