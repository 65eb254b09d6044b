"""Failing fast while the database is unreachable, and finding it again when it is back.

A request waits at most WAIT seconds for a connection. When a pool cannot give one in that
time and a new connection to the database fails too (a busy pool on a live database is not an
outage: the caller sees the pool's timeout, and the `eventsourcing` library retries as it
always did), the database counts as down for COOL_DOWN seconds: any connection asked for
meanwhile fails at once with DatabaseUnavailableError instead of waiting again, which also ends
the library's ten retries of a read at the first (it retries its own OperationalError, not
this). So an outage answers 503 within some WAIT seconds and holds no thread for long; after
the cool-down the next requests try the database again.

A pool that lost its connections retries them with growing pauses; after RECONNECT seconds
it stops and makes new ones when asked, so once the database is back the service answers
again within about RECONNECT seconds, whatever the outage's length.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool, ConnectionPool, PoolTimeout

log = logging.getLogger(__name__)
WAIT = 5.0  # seconds a request waits for a connection
PROBE = 2  # seconds for a new connection, when a pool has none to give (libpq's least)
COOL_DOWN = 1.0
RECONNECT = 10.0
LOG_EVERY = 60.0  # an outage is logged once a minute, not once per request


class DatabaseUnavailableError(Exception):
    """The database gave no connection in time, just now: try again in a moment."""


class Availability:
    """Shared by every pool of a process: one outage, seen by all of them at once."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self.down_until = 0.0
        self.logged_at = -LOG_EVERY

    def check(self) -> None:
        if time.monotonic() < self.down_until:
            raise DatabaseUnavailableError("The database is not answering; try again shortly.")

    def reachable(self) -> bool:
        try:
            psycopg.connect(self.conninfo, connect_timeout=PROBE).close()
        except psycopg.Error:
            return False
        return True

    async def reachable_async(self) -> bool:
        try:
            await (
                await psycopg.AsyncConnection.connect(self.conninfo, connect_timeout=PROBE)
            ).close()
        except psycopg.Error:
            return False
        return True

    def trip(self) -> None:
        now = time.monotonic()
        self.down_until = now + COOL_DOWN
        if now - self.logged_at >= LOG_EVERY:
            self.logged_at = now
            log.warning("the database gives no connections: answering 503 until it does")

    def guard(self, pool: ConnectionPool[Any]) -> None:
        """Routes the pool's connections through check() and trip()."""
        getconn: Callable[..., Any] = pool.getconn

        def guarded(timeout: float | None = None) -> Any:
            self.check()
            try:
                return getconn(timeout)
            except PoolTimeout:
                if not self.reachable():
                    self.trip()
                raise

        pool.getconn = guarded  # type: ignore[method-assign]
        pool.timeout, pool.reconnect_timeout = WAIT, RECONNECT

    def guard_async(self, pool: AsyncConnectionPool[Any]) -> None:
        getconn: Callable[..., Any] = pool.getconn

        async def guarded(timeout: float | None = None) -> Any:
            self.check()
            try:
                return await getconn(timeout)
            except PoolTimeout:
                if not await self.reachable_async():
                    self.trip()
                raise

        pool.getconn = guarded  # type: ignore[method-assign]
        pool.timeout, pool.reconnect_timeout = WAIT, RECONNECT
