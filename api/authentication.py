"""Bearer tokens as the API checks them: one indexed lookup, then from memory until the
tokens change.

Every change to `api_tokens` (a revocation, by the console, the command line or by hand in
SQL) fires a trigger whose NOTIFY reaches every API process within milliseconds, and each
process then forgets every token it knew. While a process's listener is not connected it
remembers nothing and looks every token up. Lookups and the listener run on the event
loop, so a request authenticates without a thread hop; the lookup and the hop had cost
a progress report a sixth of its server time (bench/README.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time

import psycopg
from psycopg_pool import AsyncConnectionPool

from domain.values import Actor
from infrastructure.availability import Availability
from infrastructure.tokens import (
    PREFIX,
    TokenStore,
    actor_for,
    check_line,
    digest,
    listen_for_changes,
)

log = logging.getLogger("api.auth")
REMEMBER_SECONDS = 60.0  # a bound even on a listener that misses a notification
CHECK_EVERY = 30.0  # seconds without a notification before the listener checks its line


class Authenticator:
    def __init__(
        self, tokens: TokenStore, conninfo: str, pool_size: int, availability: Availability
    ) -> None:
        self.conninfo = conninfo
        self.pool = AsyncConnectionPool(
            conninfo, min_size=1, max_size=pool_size, open=False, kwargs={"autocommit": True}
        )
        availability.guard_async(self.pool)
        self._known: dict[str, tuple[Actor, float]] = {}  # token hash -> actor, until
        self._generation = 0
        self._lock = threading.Lock()  # revocations in this process come from other threads
        self.listening = asyncio.Event()
        self._listener: asyncio.Task[None] | None = None
        self.tokens = tokens
        tokens.on_change.append(self.forget)

    async def start(self) -> None:
        await self.pool.open()
        self._listener = asyncio.create_task(self._listen(), name="api-tokens-listener")

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await self.pool.close()
        # The store outlives this app (the process's container): it must not call a stopped one.
        self.tokens.on_change.remove(self.forget)

    def forget(self) -> None:
        with self._lock:
            self._known.clear()
            self._generation += 1

    async def authenticate(self, token: str) -> Actor | None:
        """The token's actor, or None for an unknown or revoked token (the caller can't tell)."""
        if not token.startswith(PREFIX) or len(token) > 200:
            return None
        key, now = digest(token), time.monotonic()
        with self._lock:
            known = self._known.get(key)
            generation = self._generation
        if known is not None and now < known[1]:
            return known[0]
        async with self.pool.connection() as conn:
            actor = await actor_for(conn, key)
        with self._lock:
            # Not if the tokens changed while this looked: it may have read the old row.
            if actor is not None and self.listening.is_set() and generation == self._generation:
                self._known[key] = (actor, now + REMEMBER_SECONDS)
        return actor

    async def _listen(self) -> None:
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self.conninfo, autocommit=True
                ) as conn:
                    await listen_for_changes(conn)
                    self.forget()  # whatever changed before this line was open
                    self.listening.set()
                    while True:
                        async for _ in conn.notifies(timeout=CHECK_EVERY):
                            self.forget()
                        await check_line(conn)
            except Exception:
                log.warning("token change listener lost its connection; retrying", exc_info=True)
            finally:
                self.listening.clear()
                self.forget()
            await asyncio.sleep(1.0)
