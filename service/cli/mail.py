"""The deadline scan on demand, and the state of the mail outbox."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from infrastructure.container import Container
from infrastructure.settings import Settings
from projections.outbox import OutboxView
from projections.registry import PROJECTIONS
from service.cli.common import console, container, errors
from workers.catch_up import catch_up
from workers.digests import compose_day
from workers.mailer import deliver_due
from workers.notices import OUTBOX
from workers.preview import would_mail
from workers.scan import ScanResult, scan_deadlines

mail_app = typer.Typer(help="Reminder emails.", no_args_is_help=True)


def bring_up_to_date(c: Container, outbox: bool = True) -> None:
    """The deadlines projection (and the outbox) reach every event recorded so far."""
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
    if outbox:
        catch_up(
            "mail_outbox",
            OUTBOX,
            OutboxView,
            env,
            conninfo,
            c.outbox.position,
            c.outbox.last_notice_position(OUTBOX.topics),
        )


def scan_day(settings: Settings, today: str | None, dry_run: bool) -> date:
    """The day to scan as of: a day other than today only for a dry run, or in tests."""
    now = datetime.now(ZoneInfo(settings.scan_timezone)).date()
    try:
        day = date.fromisoformat(today) if today else now
    except ValueError:
        errors.print(f"[red]--today {today!r} is not a date (YYYY-MM-DD).[/red]")
        raise typer.Exit(2) from None
    if day != now and not dry_run and settings.environment != "test":
        errors.print(
            f"[red]--today {day} is not today ({now}): a scan records real lapses and "
            "reminders, and mails them. Add --dry-run to see what it would do as of that "
            "day.[/red]"
        )
        raise typer.Exit(2)
    return day


def scan_deadlines_command(
    today: Annotated[
        str | None,
        typer.Option(
            help="Scan as of this date (YYYY-MM-DD); default today (SCAN_TIMEZONE). Another "
            "day than today only with --dry-run (or with ENVIRONMENT=test)."
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Print what would lapse, which reminders would be recorded and who would be "
            "mailed (names and addresses: personal data), and record and send nothing.",
        ),
    ] = False,
) -> None:
    """Lapse what the rules lapse, record every reminder due as of a date, and mail the day's
    digests (one per address); with --dry-run, only say what it would do."""
    with container() as c:
        day = scan_day(c.settings, today, dry_run)
        c.app.today = lambda: day
        bring_up_to_date(c, outbox=not dry_run)  # a dry run writes nothing to the outbox
        result = scan_deadlines(c, day, dry_run)
        if dry_run:
            print_dry_run(c, result)
            return
        bring_up_to_date(c)
        composed = compose_day(c, day)
        outcome = deliver_due(c)
        for reference, kind, due_on in result.reminders:
            console.print(f"{reference}  {kind:<22} due {due_on}")
        console.print(
            f"As of {day}: {len(result.lapsed)} lapsed, {len(result.reminders)} "
            f"reminders recorded; {composed or 0} digests made; mail: "
            f"{outcome or 'nothing to send'}"
        )
        if c.settings.smtp_host is None:
            console.print(f"Messages are written to {c.settings.mail_folder}")
        console.print(links_lead(c.settings), markup=False)


def links_lead(settings: Settings) -> str:
    """Where the mails' links lead: a scan run beside `pledges serve --port P` without
    PUBLIC_URL mails links to the default address, which nothing may answer."""
    said = f"Links in the mails lead to {settings.public_url}"
    if "public_url" in settings.model_fields_set:
        return said + " (PUBLIC_URL)."
    return said + ", the default: set PUBLIC_URL to the address people open."


def print_dry_run(c: Container, result: ScanResult) -> None:
    say = functools.partial(console.print, markup=False, highlight=False, soft_wrap=True)
    say(f"Dry run as of {result.today}: nothing is recorded and no mail is sent.")
    say(links_lead(c.settings))
    say(f"Would lapse {len(result.lapsing_rows)} pledge(s):")
    for row in result.lapsing_rows:
        say(f"  {row['reference']}  {row['pledger_name']}  deadline {row['deadline']}")
    say(f"Would record {len(result.due_rows)} reminder(s):")
    for row in result.due_rows:
        say(f"  {row['reference']}  {row['kind']:<22} due {row['due_on']}  {row['pledger_name']}")
    mails = would_mail(c, result)
    say(
        f"Would mail {len(mails)} digest(s), one per address (names and addresses are "
        "personal data: keep this output to the Secretariat):"
    )
    for mail in mails:
        pledges = "; ".join(f"{ref} ({', '.join(kinds)})" for ref, kinds in mail.pledges)
        say(f"  {mail.name} <{mail.address}>, for {', '.join(mail.pledgers)}: {pledges}")
    if c.digests.composed(result.today):
        say(f"The digests of {result.today} went out already: these would wait for the next day's.")


@mail_app.command("status")
def status() -> None:
    """Notices (reminders, lapses, reinstatements) and the digests that carry them: sent,
    pending and failing."""
    with container() as c:
        notices, digests, failing = c.outbox.counts(), c.digests.counts(), c.digests.failing()
    table = Table("status", "notices", "digests")
    statuses = {r["status"]: [str(r["n"]), "0"] for r in notices}
    for row in digests:
        statuses.setdefault(row["status"], ["0", "0"])[1] = str(row["n"])
    for name, (n_notices, n_digests) in sorted(statuses.items()):
        table.add_row(name, n_notices, n_digests)
    console.print(table)
    for f in failing:
        console.print(
            f"[yellow]failing[/yellow] digest {f['id']} of {f['day']} after {f['attempts']} "
            f"attempt(s), next at {f['next_attempt_at']:%Y-%m-%d %H:%M}: {f['last_error']}",
            markup=False,
        )
