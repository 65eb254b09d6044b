"""The deadline scan on demand, and the state of the mail outbox."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from eventsourcing.utils import get_topic
from rich.table import Table

from domain.pledge import Pledge
from infrastructure.container import Container
from projections.outbox import MailOutbox, OutboxView
from projections.registry import PROJECTIONS
from service.cli.common import console, container
from workers.catch_up import catch_up
from workers.mailer import deliver_due
from workers.scan import scan_deadlines

mail_app = typer.Typer(help="Reminder emails.", no_args_is_help=True)
REMINDER_TOPIC = get_topic(Pledge.ReminderSent)  # type: ignore[attr-defined]


def last_reminder_position(c: Container) -> int:
    with c.database.pool().connection() as conn:
        row = conn.execute(
            "SELECT max(notification_id) FROM pledges_events WHERE topic = %s", (REMINDER_TOPIC,)
        ).fetchone()
    return int(row[0]) if row and row[0] else 0


def bring_up_to_date(c: Container) -> None:
    """The deadlines projection and the outbox reach every event recorded so far."""
    env, conninfo = c.eventsourcing_env, c.database.conninfo
    projection, view = PROJECTIONS["deadlines"]
    catch_up(
        "deadlines",
        projection,
        view,
        env,
        conninfo,
        lambda: c.views.positions()["deadlines"],
        c.app.recorder.max_notification_id() or 0,
    )
    catch_up(
        "mail_outbox",
        MailOutbox,
        OutboxView,
        env,
        conninfo,
        lambda: c.outbox.max_tracking_id("Pledges") or 0,
        last_reminder_position(c),
    )


def scan_deadlines_command(
    today: Annotated[
        str | None, typer.Option(help="Scan as of this date (YYYY-MM-DD); default today.")
    ] = None,
) -> None:
    """Lapse what the rules lapse, record every reminder due as of a date, and send them."""
    day = date.fromisoformat(today) if today else date.today()
    with container() as c:
        c.app.today = lambda: day
        bring_up_to_date(c)
        result = scan_deadlines(c, day)
        bring_up_to_date(c)
        outcome = deliver_due(c)
        for reference, kind, due_on in result.reminders:
            console.print(f"{reference}  {kind:<22} due {due_on}")
        console.print(
            f"As of {day}: {len(result.lapsed)} lapsed, {len(result.reminders)} "
            f"reminders recorded; mail: {outcome or 'nothing to send'}"
        )
        if c.settings.smtp_host is None:
            console.print(f"Messages are written to {c.settings.mail_folder}")


@mail_app.command("status")
def status() -> None:
    """Sent, pending and failing reminder emails."""
    with container() as c, c.database.pool().connection() as conn:
        counts = conn.execute(
            "SELECT status, count(*) FROM mail_outbox GROUP BY status ORDER BY 1"
        ).fetchall()
        failing = conn.execute(
            "SELECT message_id, attempts, next_attempt_at, last_error FROM mail_outbox"
            " WHERE status = 'pending' AND attempts > 0 ORDER BY id LIMIT 20"
        ).fetchall()
    table = Table("status", "messages")
    for name, count in counts:
        table.add_row(name, str(count))
    console.print(table)
    for message_id, attempts, next_at, error in failing:
        console.print(
            f"[yellow]failing[/yellow] {message_id} after {attempts} attempt(s), "
            f"next at {next_at:%Y-%m-%d %H:%M}: {error}"
        )
