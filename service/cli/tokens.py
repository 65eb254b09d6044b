"""`pledges tokens`: API tokens for the Secretariat and for pledgers."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from domain.taxonomy import Role
from service.cli.common import console, container, errors, pledger_id

tokens_app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)


class TokenRole(StrEnum):
    SECRETARIAT = "secretariat"
    PLEDGER = "pledger"


@tokens_app.command("create")
def create(
    role: Annotated[TokenRole, typer.Option(help="secretariat, or pledger (needs --pledger).")],
    name: Annotated[str, typer.Option(help="Who or what holds it, e.g. 'Lisbon city hall'.")],
    pledger: Annotated[
        str | None, typer.Option(help="The pledger's id: a pledger token acts only for it.")
    ] = None,
) -> None:
    """Create a token and print it once: only its hash is stored."""
    with container() as c:
        holder = pledger_id(pledger) if pledger else None
        if holder is not None:
            c.app.get_pledger(holder)  # a token for an unknown pledger is a typo
        info, plain = c.tokens.create(Role(role.value), name, holder)
        errors.print(f"Token {info.id} ({info.role}, {info.name}); shown once, keep it safe:")
        console.print(plain, soft_wrap=True)


@tokens_app.command("list")
def list_tokens() -> None:
    """Every token: id, role, pledger, name, when created and revoked (never the token)."""
    with container() as c:
        table = Table(title="API tokens")
        for column in ("id", "role", "pledger", "name", "created", "revoked"):
            table.add_column(column, overflow="fold")
        for t in c.tokens.list():
            table.add_row(
                str(t.id),
                t.role,
                str(t.pledger_id or ""),
                t.name,
                t.created_at.strftime("%Y-%m-%d %H:%M"),
                t.revoked_at.strftime("%Y-%m-%d %H:%M") if t.revoked_at else "",
            )
        console.print(table)


@tokens_app.command("revoke")
def revoke(token_id: Annotated[int, typer.Argument(help="The token's id (see `list`).")]) -> None:
    """Revoke a token: from now on it gets 401."""
    with container() as c:
        if not c.tokens.revoke(token_id):
            errors.print(f"[red]No live token has the id {token_id}.[/red]")
            raise typer.Exit(1)
        console.print(f"Token {token_id} revoked.")
