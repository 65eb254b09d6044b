"""The `pledges` command line."""

from __future__ import annotations

import typer

from service.cli.audit import audit_app, verify
from service.cli.db import db_app
from service.cli.history import history
from service.cli.imports import import_file
from service.cli.mail import mail_app, scan_deadlines_command
from service.cli.projections import projections_app
from service.cli.records import contacts_app, pledgers_app, pledges_app, show, submit
from service.cli.report import report
from service.cli.sample import sample_data
from service.cli.serve import serve
from service.cli.staff import staff_app
from service.cli.tokens import tokens_app
from service.cli.worker import worker

app = typer.Typer(
    name="pledges",
    help="GCM Pledge Tracker: record, show and track Global Compact for Migration pledges.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db_app, name="db")
app.add_typer(pledgers_app, name="pledgers")
pledges_app.command("history")(history)
app.add_typer(pledges_app, name="pledges")
app.add_typer(contacts_app, name="contacts")
app.add_typer(tokens_app, name="tokens")
app.add_typer(staff_app, name="staff")
app.add_typer(projections_app, name="projections")
app.add_typer(mail_app, name="mail")
app.add_typer(audit_app, name="audit")
app.command("submit")(submit)
app.command("show")(show)
app.command("history")(history)
app.command("sample-data")(sample_data)
app.command("import")(import_file)
app.command("serve")(serve)
app.command("worker")(worker)
app.command("scan-deadlines")(scan_deadlines_command)
app.command("verify")(verify)
app.command("report")(report)


def main() -> None:
    app()
