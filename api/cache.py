"""Answers of the public read endpoints, kept by exactly what they depend on.

The key of an answer is the read models' positions, the day (overdue flags change with it) and
the query, so an answer is computed once per change of the read models instead of once per
request: a public dashboard is read far more often than pledges change. The key is also the
answer's ETag, so a client that sends it back gets a 304 without a body.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from fastapi import Request, Response
from pydantic import BaseModel

from api.pages.web import etag_for, matches

CACHE_CONTROL = "public, no-cache"  # may be stored, but revalidated before each use
HEADERS_KEPT = ("x-read-model-position", "x-read-model-stale")


class AnswerCache:
    """A bounded LRU of JSON bodies by ETag; safe across the threadpool's threads."""

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


def cached_json(
    request: Request,
    response: Response,
    key: tuple[object, ...],
    compute: Callable[[], BaseModel],
) -> Response:
    """The answer for `key`: a 304 if the client has it, else the kept body, else computed.

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
        body = compute().model_dump_json().encode()
        CACHE.put(etag, body)
    return Response(body, media_type="application/json", headers=headers)
