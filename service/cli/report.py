"""`pledges report`: the consolidated IMRF report as a PDF or DOCX file, as the site serves it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

import typer

from api import reports
from api.schemas.listing import FilterError, filters_of
from infrastructure.container import Container
from projections.registry import PROJECTIONS
from service.cli.common import console, container, errors, progress_bar
from workers.catch_up import catch_up


def up_to_date(c: Container) -> None:
    """The summaries reach every event recorded so far (run here if no worker runs them)."""
    projection, view = PROJECTIONS["pledge_summaries"]
    catch_up(
        "pledge_summaries",
        projection,
        view,
        c.eventsourcing_env,
        c.database.named("lock"),
        c.queries.position,
        c.app.recorder.max_notification_id() or 0,
    )


def report(
    out: Annotated[Path, typer.Option("--out", help="The file to write.", dir_okay=False)],
    kind: Annotated[
        Literal["pdf", "docx"], typer.Option("--format", help="pdf or docx.")
    ] = "pdf",
    round_table: Annotated[
        list[int] | None, typer.Option(help="IMRF round table (1 to 4); repeat for several.")
    ] = None,
    objective: Annotated[
        list[int] | None, typer.Option(help="GCM objective (1 to 23); repeat for several.")
    ] = None,
    region: Annotated[list[str] | None, typer.Option(help="Region code, e.g. africa.")] = None,
    category: Annotated[
        list[str] | None, typer.Option(help="Pledger category code, e.g. civil_society.")
    ] = None,
    status: Annotated[list[str] | None, typer.Option(help="Status code, e.g. fulfilled.")] = None,
    pledger: Annotated[
        str | None, typer.Option(help="A pledger's id: the pledges it made or partners.")
    ] = None,
) -> None:
    """Write the consolidated report of the published pledges that match the filters (the
    list's: GET /api/pledges), with a progress bar. Public data only, as the site serves it."""
    given = {
        "round_table": round_table,
        "objective": objective,
        "region": region,
        "category": category,
        "status": status,
        "pledger": pledger,
    }
    try:
        filters = filters_of({k: v for k, v in given.items() if v})
    except FilterError as error:
        errors.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    with container() as c, progress_bar() as bar:
        task = bar.add_task("Reading pledges", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total or None)

        up_to_date(c)
        today = c.app.today()
        reports.write(c, filters, kind, out, today, datetime.now(UTC), progress)
    console.print(f"Wrote {out} ({out.stat().st_size:,} bytes).")
