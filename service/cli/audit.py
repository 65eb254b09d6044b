"""`pledges verify`: re-compute the event log's hash chain; `pledges audit`: its checkpoints."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from infrastructure.audit import describe
from infrastructure.chain import Row, head
from infrastructure.container import Container
from infrastructure.signing import encode_key
from service.cli.common import console, container, errors
from workers.audit import verify_and_checkpoint

audit_app = typer.Typer(help="The event log's signed checkpoints.", no_args_is_help=True)


def naming(c: Container) -> Any:
    """How a problem names an event's pledge: its reference, from the read model or else
    from the pledge's first event (or the event itself); else its id."""
    today = c.app.today()

    def name(row: Row) -> str:
        found = c.queries.get(row.pledge_id, today)
        if found is not None:
            return str(found["reference"])
        first = c.app.recorder.select_events(row.pledge_id, lte=1)
        for state in [row.state, *(e.state for e in first)]:
            reference = reference_in(state)
            if reference is not None:
                return reference
        return str(row.pledge_id)

    return name


def reference_in(state: bytes) -> str | None:
    try:
        data = json.loads(state)
    except ValueError:
        return None
    reference = data.get("reference") if isinstance(data, dict) else None
    return reference if isinstance(reference, str) else None


def verify(
    from_position: Annotated[
        int, typer.Option("--from", min=0, help="Start at this position (trusting the one before).")
    ] = 0,
) -> None:
    """Re-compute the event log's hash chain (and check it against every signed checkpoint);
    name the first event edited, deleted, inserted or reordered: its position, pledge and
    type (exit code 1). The result is recorded; the console shows the last one."""
    with container() as c:
        started = datetime.now(UTC)
        with c.database.pool().connection() as conn:
            last = head(conn)[0]
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=errors,
        ) as bar:
            task = bar.add_task("verifying", total=last, completed=from_position)
            result = c.audit.verify(
                from_position, lambda position, _n: bar.update(task, completed=position)
            )
            bar.update(task, completed=result.position if result.problem else last)
        problem = describe(result, naming(c))
        c.audit.record(result, started, "cli", problem)
        if problem is None:
            console.print(f"The chain holds: {result.events} events up to position {last}.")
            return
        errors.print(f"[red]The chain breaks at {problem}[/red]", soft_wrap=True)
        raise typer.Exit(1)


@audit_app.command("checkpoint")
def checkpoint() -> None:
    """Verify the whole chain, then sign its head now (what the scheduler does daily)."""
    with container("worker") as c:
        made = verify_and_checkpoint(c, "cli")
        if made is None:
            errors.print("[red]The chain does not verify: no checkpoint signed.[/red]")
            raise typer.Exit(1)
        console.print(f"Checkpoint at position {made.position}: {made.head_hash.hex()}")


@audit_app.command("new-key")
def new_key() -> None:
    """Print a new Ed25519 private key for AUDIT_SIGNING_KEY (keep it secret)."""
    console.print(encode_key(Ed25519PrivateKey.generate()), markup=False)
