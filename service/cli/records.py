"""Pledgers, pledges and contacts from the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from api.schemas.common import validated
from api.schemas.pledges import PledgeCreate
from domain.plain import pledge_state, to_plain
from domain.taxonomy import Category
from infrastructure.contacts import Contact
from service.cli.common import console, container, errors, operator, pledger_id, print_json

pledgers_app = typer.Typer(help="Register and list pledging entities.", no_args_is_help=True)
pledges_app = typer.Typer(help="Submit pledges and read them.", no_args_is_help=True)
contacts_app = typer.Typer(help="Personal data of pledgers' contacts.", no_args_is_help=True)


def parse_contact(text: str) -> Contact:
    """'Name <email>' or 'Name <email> | position'."""
    main, _, position = text.partition("|")
    name, _, rest = main.partition("<")
    return Contact(name=name.strip(), email=rest.rstrip("> ").strip(), position=position.strip())


@pledgers_app.command("add")
def add_pledger(
    name: Annotated[str, typer.Option(help="Organisation name, as it should be published.")],
    category: Annotated[Category, typer.Option(help="Pledger category.")],
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 code.")] = None,
    champion: Annotated[bool, typer.Option(help="The State is a GCM Champion.")] = False,
    contact: Annotated[
        list[str] | None,
        typer.Option(help="A contact as 'Name <email> | position'; repeat for more."),
    ] = None,
) -> None:
    """Register a pledging entity and its contacts; prints its id."""
    with container() as c:
        contacts = [parse_contact(text) for text in contact or []]
        registered = c.app.register_pledger(
            name, category, country.upper() if country else None, champion, operator()
        )
        c.contacts.add(registered, contacts)
        console.print(str(registered))


def submit(
    file: Annotated[
        Path,
        typer.Option(
            "--file",
            "-f",
            exists=True,
            dir_okay=False,
            help="A pledge in the API's JSON wire format.",
        ),
    ],
    idempotency_key: Annotated[
        str | None, typer.Option(help="Submitting again with the same key returns the same pledge.")
    ] = None,
) -> None:
    """Submit a pledge from a JSON file; prints its id, reference, version and status."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        errors.print(f"[red]{file} is not JSON:[/red] {error}")
        raise typer.Exit(2) from None
    with container() as c:
        body = validated(PledgeCreate, data)  # the API's schema: the same checks, the same names
        result = c.app.submit(
            body.pledger_id,
            body.content(),
            body.pledged_on,
            body.deadline,
            operator(),
            idempotency_key=idempotency_key,
        )
        print_json(to_plain(result))


def show(
    pledge: Annotated[str, typer.Argument(help="Reference (GCM-2026-0042) or id.")],
    version: Annotated[int | None, typer.Option(help="Show it as it was at this version.")] = None,
    as_of: Annotated[
        str | None, typer.Option(help="What was true on this day (YYYY-MM-DD), by effective dates.")
    ] = None,
) -> None:
    """Show a pledge's current state (or at a version, or as of a day)."""
    with container() as c:
        if version is not None and as_of is not None:
            errors.print("[red]--version, --as-of: give one of them at most[/red]")
            raise typer.Exit(2)
        day = None if as_of is None else parse_day(as_of)
        if day is None:
            loaded = c.app.get_pledge(pledge, version=version)
        else:
            loaded = c.app.get_pledge_on(pledge, day)
        reports = c.app.progress_reports(loaded.id, loaded.version, day)
        state = pledge_state(loaded, min(day or c.app.today(), c.app.today()), reports)
        state["pledger"] = to_plain(c.app.get_pledger(loaded.pledger_id).__dict__)
        print_json(state)


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.print(f"[red]--as-of: {text!r} is not a date (YYYY-MM-DD)[/red]")
        raise typer.Exit(2) from None


pledges_app.command("submit")(submit)
pledges_app.command("show")(show)


@contacts_app.command("erase")
def erase_contacts(
    pledger: Annotated[str, typer.Argument(help="The pledger's id.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase every contact of a pledger, for good (the right to erasure)."""
    with container() as c:
        erased = pledger_id(pledger)
        c.app.get_pledger(erased)
        if not yes and not typer.confirm(f"Erase all contacts of {erased} for good?"):
            raise typer.Exit(1)
        console.print(f"Erased {c.contacts.erase(erased)} contact(s) of {erased}.")


@contacts_app.command("list")
def list_contacts(pledger: Annotated[str, typer.Argument(help="The pledger's id.")]) -> None:
    """List a pledger's contacts (personal data: for the Secretariat only)."""
    with container() as c:
        print_json(to_plain(c.contacts.list(pledger_id(pledger))))
