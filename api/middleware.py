"""One ASGI middleware: request ids, metrics, and the last line of defence against a 500 leak.

Pure ASGI rather than BaseHTTPMiddleware: it adds no task or stream copy per request, and it
sits inside Starlette's ServerErrorMiddleware, so an unexpected exception is answered here with
a problem detail (no stack trace) and logged once with the request id.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.metrics import LATENCY, PROBLEMS, REQUESTS
from api.problems import MEDIA_TYPE, TITLES, TYPE_PREFIX

log = logging.getLogger("api.errors")
CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def choose_request_id(scope: Scope) -> str:
    """A well-formed X-Request-ID from a proxy is kept, so logs can be joined up; else a new one."""
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text = bytes(value).decode("latin-1")
            if CLIENT_REQUEST_ID.match(text):
                return text
    return uuid.uuid4().hex


def route_label(scope: Scope) -> str:
    # The route template keeps the label set small: /api/pledges/{id}, never one per pledge.
    route = scope.get("route")
    return str(getattr(route, "path", "unmatched"))


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = choose_request_id(scope)
        scope.setdefault("state", {})["request_id"] = rid
        started, status = time.perf_counter(), 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error", extra={"request_id": rid, "path": scope["path"]})
            if response_started:
                raise  # too late for a problem response; the server closes the connection
            status = 500
            await send_server_error(send, rid, scope["path"])
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
        (b"x-request-id", rid.encode()),
    ]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
