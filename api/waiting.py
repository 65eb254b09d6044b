"""Waiting for the read models to reach a position, on the event loop.

A read with `min_position` waits until the pledge summaries include that event, for at most
a bound (api/routers/filters.py), then answers, marked stale if they did not. The waits hold
no thread: while anyone waits, one task per process reads the summaries' position every POLL
seconds (in a worker thread, for the moment the query takes) and wakes every read whose
position it has reached. Sixty waiting reads so cost one query per POLL, not sixty threads
taken from the pages and commands for seconds each.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import anyio.to_thread

log = logging.getLogger(__name__)
POLL = 0.02  # seconds; a command's event reaches the summaries in some 30 ms (README)


class PositionWatch:
    def __init__(self, read: Callable[[], int]) -> None:
        self.read = read
        self.reached = 0  # positions only grow: one reached stays reached
        self.waiters: list[tuple[int, asyncio.Future[None]]] = []
        self.task: asyncio.Task[None] | None = None

    async def wait_for(self, position: int, timeout: float) -> bool:
        """Whether the summaries include `position` within `timeout` seconds."""
        if position <= self.reached:
            return True
        loop = asyncio.get_running_loop()
        waiter = (position, loop.create_future())
        self.waiters.append(waiter)
        if self.task is None or self.task.done():
            self.task = loop.create_task(self.watch(), name="read-model-position-watch")
        try:
            async with asyncio.timeout(timeout):
                await waiter[1]
            return True
        except TimeoutError:
            return False
        finally:
            self.waiters.remove(waiter)

    async def watch(self) -> None:
        failing = False
        while self.waiters:
            try:
                self.reached = max(self.reached, await anyio.to_thread.run_sync(self.read))
                failing = False
            except Exception:  # an outage: the reads time out, then answer as they can
                if not failing:
                    log.warning("cannot read the read models' position", exc_info=True)
                failing = True
            for position, future in self.waiters:
                if position <= self.reached and not future.done():
                    future.set_result(None)
            await asyncio.sleep(POLL * 25 if failing else POLL)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
