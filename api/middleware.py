"""One ASGI middleware: request ids, metrics, the security headers of every answer, and the
last line of defence against a 500 leak.

Pure ASGI rather than BaseHTTPMiddleware: it adds no task or stream copy per request, and it
sits inside Starlette's ServerErrorMiddleware, so an unexpected exception is answered here with
a problem detail (no stack trace) and logged once with the request id.

Every answer, JSON, problem, page, asset or redirect, leaves with `nosniff`, a referrer policy
and frame denial (here only: the embeds relax it for EMBED_ORIGINS, api/cross_site.py); a
page keeps its own Content-Security-Policy with `frame-ancestors` added, anything else gets
one that allows nothing. The public reads answer CORS requests here too (api/cross_site.py).
An answer to a request that carries credentials (a bearer token or a session cookie) is
`Cache-Control: no-store`, whatever the endpoint said.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.cross_site import CrossSite, merge_vary
from api.metrics import LATENCY, PROBLEMS, REQUESTS
from api.portal.auth import SESSION_COOKIE
from api.problems import MEDIA_TYPE, TITLES, TYPE_PREFIX

log = logging.getLogger("api.errors")
CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
SESSION = f"{SESSION_COOKIE}=".encode()
Headers = list[tuple[bytes, bytes]]
ALWAYS: Headers = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
NOTHING_ALLOWED = b"default-src 'none'"  # the CSP of an answer that is not a page
NO_STORE = (b"cache-control", b"no-store")


def read_request(scope: Scope) -> tuple[str, bool, str | None]:
    """The request id (a well-formed X-Request-ID from a proxy is kept, so logs can be joined
    up; else a new one), whether the request carries credentials, and its Origin, in one
    pass."""
    rid, credentials, origin = "", False, None
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text = bytes(value).decode("latin-1")
            rid = text if CLIENT_REQUEST_ID.match(text) else rid
        elif name == b"authorization" or (name == b"cookie" and SESSION in value):
            credentials = True
        elif name == b"origin":
            origin = bytes(value).decode("latin-1")
    return rid or uuid.uuid4().hex, credentials, origin


def harden(headers: Headers, scope: Scope, credentials: bool, cross: CrossSite) -> Headers:
    ancestors, older = cross.frame_policy(scope)
    out: Headers = []
    csp = NOTHING_ALLOWED
    for name, value in headers:
        if name == b"content-security-policy":
            csp = value
        elif not (credentials and name == b"cache-control"):
            out.append((name, value))
    out += [(b"content-security-policy", csp + b"; " + ancestors), *ALWAYS, *older]
    if credentials:
        out.append(NO_STORE)
    return out


def route_label(scope: Scope) -> str:
    # The route template keeps the label set small: /api/pledges/{id}, never one per pledge.
    route = scope.get("route")
    return str(getattr(route, "path", "unmatched"))


class RequestContextMiddleware:
    def __init__(
        self, app: ASGIApp, cross_site: Callable[[], CrossSite] = lambda: CrossSite(())
    ) -> None:
        self.app = app
        self.make_cross_site = cross_site
        self._cross: CrossSite | None = None

    @property
    def cross(self) -> CrossSite:
        if self._cross is None:
            self._cross = self.make_cross_site()
        return self._cross

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid, credentials, origin = read_request(scope)
        scope.setdefault("state", {})["request_id"] = rid
        started, status = time.perf_counter(), 500
        response_started = False
        cors = self.cross.cors_headers(scope, origin, credentials)

        async def send_hardened(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
                headers = harden(message.get("headers", []) + cors, scope, credentials, self.cross)
                message["headers"] = [*merge_vary(headers), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            granted = self.cross.preflight(scope, dict(scope.get("headers", [])))
            if granted is not None:
                start = {"type": "http.response.start", "status": 204, "headers": granted}
                await send_hardened(start)
                await send_hardened({"type": "http.response.body", "body": b""})
                return
            await self.app(scope, receive, send_hardened)
        except Exception:
            log.exception("unhandled error", extra={"request_id": rid, "path": scope["path"]})
            if response_started:
                raise  # too late for a problem response; the server closes the connection
            status = 500
            await send_server_error(send_hardened, rid, scope["path"])
        finally:
            method, route = scope["method"], route_label(scope)
            REQUESTS.labels(route, method, str(status)).inc()
            LATENCY.labels(route, method).observe(time.perf_counter() - started)


async def send_server_error(send: Send, rid: str, path: str) -> None:
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + "internal_error",
        "title": TITLES[500],
        "status": 500,
        "detail": "The server failed to answer this request. Quote the request id to report it.",
        "instance": path,
        "code": "internal_error",
        "request_id": rid,
    }
    payload = json.dumps(body).encode()
    PROBLEMS.labels("internal_error").inc()
    headers = [
        (b"content-type", MEDIA_TYPE.encode()),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
