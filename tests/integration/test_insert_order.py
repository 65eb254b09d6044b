"""Events commit in the order of their notification ids, however many write at once: a
reader that has seen id N has seen every id below it, so a projection runner never passes
over an event that commits later. The recorder's insert function takes the table lock that
orders them, as the library's own transaction does."""

from __future__ import annotations

import threading
import time
from datetime import date

import psycopg

from domain.taxonomy import Category, Role
from domain.values import Actor
from infrastructure.container import Container
from tests.factories import DEADLINE, PLEDGED_ON, content

SECRETARIAT = Actor("token:test", Role.SECRETARIAT)
WRITERS, COMMANDS = 8, 25


def test_an_insert_waits_for_the_lock_that_orders_inserts(container: Container) -> None:
    """ROW SHARE conflicts with the EXCLUSIVE lock that orders inserts, and not with the
    ROW EXCLUSIVE lock a bare INSERT takes: an insert that waits for it took the lock."""
    app = container.app
    inserted = threading.Event()
    with psycopg.connect(container.database.conninfo) as holder:
        holder.execute("LOCK TABLE pledges_events IN ROW SHARE MODE")

        def register() -> None:
            app.register_pledger("Waits", Category.ACADEMIA, None, False, SECRETARIAT)
            inserted.set()

        writer = threading.Thread(target=register)
        writer.start()
        time.sleep(0.5)
        waited = not inserted.is_set()
        holder.rollback()  # the lock goes with the transaction
    writer.join(10)
    assert waited and inserted.is_set()


def test_concurrent_writes_reach_a_reader_as_one_unbroken_run_of_ids(
    container: Container,
) -> None:
    app = container.app
    app.today = lambda: date(2026, 11, 22)
    owners = [
        Actor(str(app.register_pledger(f"P{i}", Category.ACADEMIA, None, False, SECRETARIAT)),
              Role.PLEDGER)
        for i in range(WRITERS)
    ]  # fmt: skip
    start = app.recorder.max_notification_id() or 0
    done = threading.Event()
    gaps: list[tuple[int, int]] = []

    def write(owner: Actor) -> None:
        assert owner.pledger_id is not None
        pledge = app.submit(owner.pledger_id, content(), PLEDGED_ON, DEADLINE, owner).id
        for n in range(COMMANDS):
            app.report_progress(pledge, date(2026, 11, 1), n, "Report", (), owner)

    def read() -> None:
        seen = start
        while True:
            finished = done.is_set()
            page = app.recorder.select_notifications(seen, 1000, inclusive_of_start=False)
            for notification in page:
                if notification.id != seen + 1:
                    gaps.append((seen, notification.id))
                seen = notification.id
            if finished and not page:
                return

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=write, args=(o,)) for o in owners]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    done.set()
    reader.join(30)
    written = (app.recorder.max_notification_id() or 0) - start
    assert written == WRITERS * (2 + COMMANDS)  # a submission is two events
    assert gaps == []
