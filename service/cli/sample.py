"""`pledges sample-data`: a realistic data set for demos, tests and benchmarks."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from service.cli.common import console, container, progress_bar
from service.sample import SampleData


def sample_data(
    pledges: Annotated[int, typer.Option(min=1, help="How many pledges to write.")] = 500,
    seed: Annotated[int, typer.Option(help="The same seed gives the same data.")] = 2026,
    today: Annotated[
        str | None, typer.Option(help="The day the data set ends (YYYY-MM-DD); default today.")
    ] = None,
) -> None:
    """Write pledgers of every category and pledges over every objective, type and form,
    with matches, partners, progress reports, fulfilments, overdue and lapsed pledges."""
    end = date.fromisoformat(today) if today else date.today()
    with container() as c:
        with progress_bar() as bar:
            task = bar.add_task("pledges", total=pledges)
            result = SampleData(c.app, c.contacts, seed, end).run(
                pledges, lambda n: bar.advance(task, n)
            )
        console.print(
            f"Wrote {result.pledgers} pledgers, {result.pledges} pledges "
            f"and {result.events} events: {result.pledges - result.waiting} published, "
            f"{result.waiting} waiting for review (not public; see /console/review)."
        )
        console.print(f"Try: pledges history {result.references[-1]}")
