"""The deadline scan on demand, and the state of the mail outbox."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from infrastructure.container import Container
from projections.outbox import MailOutbox, OutboxView
from projections.registry import PROJECTIONS
from service.cli.common import console, container
from workers.catch_up import catch_up
from workers.mailer import deliver_due
from workers.scan import scan_deadlines

mail_app = typer.Typer(help="Reminder emails.", no_args_is_help=True)


def bring_up_to_date(c: Container) -> None:
    """The deadlines projection and the outbox reach every event recorded so far."""
    env, conninfo = c.eventsourcing_env, c.database.named("lock")
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
        c.outbox.last_reminder_position(),
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
    with container() as c:
        counts, failing = c.outbox.counts(), c.outbox.failing()
    table = Table("status", "messages")
    for row in counts:
        table.add_row(row["status"], str(row["n"]))
    console.print(table)
    for f in failing:
        console.print(
            f"[yellow]failing[/yellow] {f['message_id']} after {f['attempts']} attempt(s), "
            f"next at {f['next_attempt_at']:%Y-%m-%d %H:%M}: {f['last_error']}"
        )
