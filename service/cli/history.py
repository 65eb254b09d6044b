"""`pledges history REF`: a pledge's history as a table that fits the terminal, or as JSON."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.portal.history_view import fields
from service.cli.common import console, container, print_json

PIPE_WIDTH = 120  # in a pipe or a file there is no terminal to fit: wide enough to read


def history(
    pledge: Annotated[str, typer.Argument(help="Reference (GCM-2026-0042) or id.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (plain values) instead of a table.")
    ] = False,
) -> None:
    """Every event of a pledge in version order: the day it took effect, when it was
    recorded, who did it and what it recorded."""
    with container() as c:
        entries = c.histories.entries(pledge)
        if as_json:
            print_json(entries)
            return
        table = Table(title=f"History of {entries[0]['data'].get('reference', pledge)}")
        table.add_column("v", justify="right")
        table.add_column("effective", no_wrap=True)
        table.add_column("recorded (UTC)", no_wrap=True)
        table.add_column("event")
        table.add_column("by", ratio=1)
        table.add_column("what it recorded", ratio=3, overflow="fold")
        for e in entries:
            table.add_row(
                str(e["version"]),
                e["effective_on"],
                e["recorded_at"][:16].replace("T", " "),
                e["type"],
                e["actor"]["name"] if e["actor"] else "unknown",
                "\n".join(f"{name}: {text}" for name, text in fields(e["data"])),
            )
        out = console if console.is_terminal else Console(width=PIPE_WIDTH)
        out.print(table)
