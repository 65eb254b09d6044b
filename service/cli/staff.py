"""`pledges staff`: the Secretariat staff who may sign in to the console by emailed link."""

from __future__ import annotations

from typing import Annotated

import typer

from service.cli.common import console, container, errors

staff_app = typer.Typer(help="Add, list and remove Secretariat staff.", no_args_is_help=True)


@staff_app.command("add")
def add(email: Annotated[str, typer.Argument(help="The staff member's email address.")]) -> None:
    """Let this address sign in to the Secretariat console (a link is mailed on request)."""
    with container() as c:
        member = c.staff.add(email)
        console.print(f"Staff member {member.id}: {member.email} can sign in at /sign-in.")


@staff_app.command("list")
def list_staff() -> None:
    """Every address that may sign in to the console."""
    with container() as c:
        for member in c.staff.list():
            console.print(f"{member.id}\t{member.email}\t{member.added_at:%Y-%m-%d}")


@staff_app.command("remove")
def remove(email: Annotated[str, typer.Argument(help="The address to remove.")]) -> None:
    """Stop this address from signing in; its open sessions end at their next request."""
    with container() as c:
        if not c.staff.remove(email):
            errors.print(f"[red]{email} is not a staff member.[/red]")
            raise typer.Exit(1)
        console.print(f"{email} removed.")
