"""Answers of the public read endpoints, kept by exactly what they depend on.

The key of an answer is the read models' positions, the day (overdue flags change with it) and
the query, so an answer is computed once per change of the read models instead of once per
request: a public dashboard is read far more often than pledges change. The key is also the
answer's ETag, so a client that sends it back gets a 304 without a body.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from api.pages.web import etag_for, matches
from infrastructure.container import Container
from projections.registry import APPLICATION

CACHE_CONTROL = "public, no-cache"  # may be stored, but revalidated before each use
HEADERS_KEPT = ("x-read-model-position", "x-read-model-stale")


class AnswerCache:
    """A bounded LRU of JSON bodies by ETag; safe across the threadpool's threads. Keys name
    the database too: one process may serve several (the tests do)."""

    def __init__(self, size: int = 512) -> None:
        self.size, self.bodies = size, OrderedDict[str, bytes]()
        self.lock = threading.Lock()

    def get(self, etag: str) -> bytes | None:
        with self.lock:
            found = self.bodies.get(etag)
            if found is not None:
                self.bodies.move_to_end(etag)
            return found

    def put(self, etag: str, body: bytes) -> None:
        with self.lock:
            self.bodies[etag] = body
            while len(self.bodies) > self.size:
                self.bodies.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.bodies.clear()


CACHE = AnswerCache()


class RecentPositions:
    """Both read models' positions (summaries, dashboard), read at most once per `ttl`
    seconds in this process: under load one read serves every request of that window,
    instead of two queries each. Reads may so trail the read models by `ttl`; a client that
    must see its own write passes `min_position`, which reads the position afresh."""

    def __init__(self, container: Container, ttl: float) -> None:
        self.container, self.ttl = container, ttl
        self.lock = threading.Lock()
        self.value, self.read_at = (0, 0), float("-inf")

    def cached(self) -> tuple[int, int] | None:
        """The positions if read within `ttl`, without touching the database."""
        with self.lock:
            return self.value if time.monotonic() - self.read_at < self.ttl else None

    async def recent(self) -> tuple[int, int]:
        """For `async def` endpoints: a database read, if needed, in the threadpool."""
        found = self.cached()
        return found if found is not None else await run_in_threadpool(self.get)

    def get(self) -> tuple[int, int]:
        started = time.monotonic()
        with self.lock:
            if started - self.read_at < self.ttl:
                return self.value
        c = self.container
        value = (c.queries.position(), c.views.dashboard.max_tracking_id(APPLICATION) or 0)
        with self.lock:
            if started > self.read_at:
                self.value, self.read_at = value, started
        return value


async def cached_json(
    request: Request,
    response: Response,
    key: tuple[object, ...],
    compute: Callable[[], BaseModel],
) -> Response:
    """The answer for `key`: a 304 if the client has it, else the kept body, else computed
    in the threadpool (the read models' queries are synchronous). A hit touches neither the
    database nor a thread, which is why the endpoints using it are `async def`.

    `response` is the endpoint's own (where dependencies set headers); its read-model headers
    are carried over, since a returned Response replaces it.
    """
    etag = etag_for(*key)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    headers.update({k: v for k, v in response.headers.items() if k in HEADERS_KEPT})
    if matches(request, etag):
        return Response(status_code=304, headers=headers)
    body = CACHE.get(etag)
    if body is None:
        body = await run_in_threadpool(lambda: compute().model_dump_json().encode())
        CACHE.put(etag, body)
    return Response(body, media_type="application/json", headers=headers)
