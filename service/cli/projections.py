"""Projections: how far each has read, and rebuilding one from the first event."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import TaskID
from rich.table import Table

from projections.rebuild import rebuild
from projections.registry import PROJECTIONS
from service.cli.common import console, container, errors, progress_bar

projections_app = typer.Typer(help="Read models built from the events.", no_args_is_help=True)


@projections_app.command("status")
def status() -> None:
    """Each projection's position, the event store's head, and the lag between them; then
    any event a projection cannot apply: where, which pledge, what and why (exit code 1)."""
    with container() as c:
        head = c.app.recorder.max_notification_id() or 0
        table = Table("projection", "position", "head", "lag")
        for name, position in c.views.positions().items():
            table.add_row(name, str(position), str(head), str(head - position))
        console.print(table)
        failing = c.views.failing()
        if not failing:
            console.print("No projection is failing on an event.")
            return
        errors.print("[red]A projection cannot apply an event: it stays at the one before.[/red]")
        for f in failing:
            pledge = f.reference or (str(f.originator_id) if f.originator_id else "no pledge")
            since = f.first_at.strftime("%Y-%m-%d %H:%M:%S %Z")
            console.print(
                f"{f.projection}: event {f.position} ({f.event_type} of {pledge}), "
                f"{f.attempts} attempts since {since}: {f.error}",
                soft_wrap=True,
                markup=False,
            )
        raise typer.Exit(1)  # for scripts and monitoring: a stuck read model is a failure


@projections_app.command("rebuild")
def rebuild_command(
    name: Annotated[str | None, typer.Argument(help="One projection; all when left out.")] = None,
    batch: Annotated[int, typer.Option(min=1, help="Events per transaction.")] = 2000,
) -> None:
    """Rebuild from the first event into new tables while the old ones keep serving, then swap."""
    names = [name] if name else list(PROJECTIONS)
    for unknown in set(names) - set(PROJECTIONS):
        errors.print(f"[red]No projection is called {unknown!r}:[/red] {', '.join(PROJECTIONS)}")
        raise typer.Exit(2)
    with container() as c, progress_bar() as bar:
        for each in names:
            task = bar.add_task(each, total=c.app.recorder.max_notification_id() or 0)

            def progress(done: int, head: int, t: TaskID = task) -> None:
                bar.update(t, completed=done, total=head)

            datastore = c.app.recorder.datastore  # type: ignore[attr-defined]
            result = rebuild(each, c.app, datastore, progress, batch=batch)
            bar.update(task, completed=result.position)
            console.print(f"{each}: rebuilt from {result.events} events, now at {result.position}")
