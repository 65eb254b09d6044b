"""`pledges import FILE [--dry-run]`: earlier pledges from an export or the template."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from api.imports.importer import Importer, Summary
from api.imports.sheets import UnreadableFileError
from service.cli.common import console, container, errors


def summary_lines(s: Summary) -> list[str]:
    head = "Dry run: nothing written." if s.dry_run else "Imported." if s.written else ""
    if s.written and not s.pledges_imported and not s.pledgers_created:
        head = "Nothing new: every pledge is already recorded."
    if s.errors:
        head = f"{len(s.errors)} errors: nothing written."
    return [
        f"{s.file} (sha256 {s.sha256[:12]})",
        head,
        f"pledgers created {s.pledgers_created}, found {s.pledgers_found}",
        f"pledges imported {s.pledges_imported}, skipped (already recorded) {s.pledges_skipped}",
        f"progress reports {s.reports}, partners {s.partners}",
    ]


def import_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row and report; write nothing.")
    ] = False,
) -> None:
    """Import earlier pledges from an export (CSV/XLSX) or docs/import-template.xlsx: every
    row checked, every error by sheet, row and column, nothing written if any is wrong; the
    same file twice changes nothing."""
    data = file.read_bytes()
    with container() as c:
        registered = {r["name"]: r["pledger_id"] for r in c.queries.pledgers()}
        importer = Importer(c.app, registered)
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
        ) as bar:
            task = bar.add_task("pledges", total=None)
            try:
                summary = importer.run(
                    file.name,
                    data,
                    f"cli:{getpass.getuser()}",
                    dry_run,
                    lambda n: bar.advance(task, n),
                    lambda total: bar.update(task, total=total),
                )
            except UnreadableFileError as error:
                errors.print(f"[red]{error}[/red]")
                raise typer.Exit(2) from None
    for fault in summary.errors:
        errors.print(str(fault))
    for line in summary_lines(summary):
        console.print(line)
    if summary.errors:
        raise typer.Exit(1)
