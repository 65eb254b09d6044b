"""The API remembers tokens it has checked, and forgets them as soon as any token changes:
revoked here, by another process, or by hand in SQL; and it remembers nothing while it
cannot hear of changes."""

from __future__ import annotations

import asyncio
import time
from uuid import UUID

import psycopg
import pytest

from api.authentication import Authenticator
from domain.taxonomy import Role
from infrastructure.database import Database
from infrastructure.tokens import TokenStore, digest
from tests.e2e.conftest import World, problem

pytestmark = pytest.mark.postgres


def reads(world: World, token: str) -> int:
    return world.api.call("GET", f"/api/pledges/{world.pledge()}", token).status_code


def wait_for(condition: object, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.02)
    return False


def test_a_token_revoked_in_this_process_is_refused_at_once(world: World) -> None:
    tokens = world.api.container.tokens
    info, plain = tokens.create(Role.PLEDGER, "laptop", UUID(world.owner_id))
    assert reads(world, plain) == 200  # looked up, then remembered
    assert digest(plain) in world.api.auth._known
    assert tokens.revoke(info.id)
    response = world.api.call("GET", f"/api/pledges/{world.pledge()}", plain)
    problem(response, 401, "unauthorized")


def test_a_token_revoked_by_hand_in_sql_is_refused_within_moments(
    world: World, api_database: Database
) -> None:
    info, plain = world.api.container.tokens.create(Role.SECRETARIAT, "script")
    assert reads(world, plain) == 200
    assert reads(world, plain) == 200  # from memory this time
    # Another process (here a bare connection) changes the table, not through this store.
    with psycopg.connect(api_database.conninfo, autocommit=True) as conn:
        conn.execute("UPDATE api_tokens SET revoked_at = now() WHERE id = %s", (info.id,))
    assert wait_for(lambda: reads(world, plain) == 401, seconds=2.0)


def test_nothing_is_remembered_while_changes_cannot_be_heard(api_database: Database) -> None:
    async def scenario() -> tuple[bool, bool]:
        pool = api_database.pool()
        tokens = TokenStore(pool)
        _, plain = tokens.create(Role.SECRETARIAT, "offline listener")
        auth = Authenticator(tokens, api_database.conninfo, 1, api_database.availability)
        auth.conninfo = "host=127.0.0.1 port=1 connect_timeout=1"  # only the listener's line
        await auth.start()
        await asyncio.sleep(0.3)  # its first attempt has failed; the next is a second away
        try:
            first = await auth.authenticate(plain)
            remembered_offline = digest(plain) in auth._known
        finally:
            await auth.stop()
        return first is not None, remembered_offline

    found, remembered = asyncio.run(scenario())
    assert found and not remembered
