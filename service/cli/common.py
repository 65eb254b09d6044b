"""What every command shares: settings, the container, and clear failures."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from domain.errors import DomainError, InvalidPledgeError
from domain.taxonomy import Role
from domain.values import Actor
from infrastructure.container import Container
from infrastructure.logs import configure_logging
from infrastructure.settings import Settings, SettingsError, load_settings
from service.container import build_container

console = Console()
errors = Console(stderr=True)


def operator() -> Actor:
    """Commands run on the server act as the Secretariat, named after the OS user."""
    return Actor(id=f"cli:{getpass.getuser()}", role=Role.SECRETARIAT)


def settings_or_exit() -> Settings:
    try:
        settings = load_settings()
    except SettingsError as error:
        errors.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    configure_logging(settings)
    return settings


@contextmanager
def container(process: str = "cli") -> Iterator[Container]:
    with build_container(settings_or_exit(), process=process) as built:
        try:
            yield built
        except DomainError as error:
            errors.print(f"[red]{type(error).__name__}:[/red] {error.message}")
            raise typer.Exit(1) from None


def print_json(data: Any) -> None:
    console.print_json(json.dumps(data, ensure_ascii=False))


def pledger_id(text: str) -> UUID:
    """A pledger's id as typed; a clear refusal otherwise (inside `container()`: exit 1)."""
    try:
        return UUID(text)
    except ValueError:
        raise InvalidPledgeError("pledger", f"{text!r} is not an id") from None


def progress_bar() -> Progress:
    """The commands' progress bar: what is being done, the bar, done of total, time left."""
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    )
