"""Rendering pages: the Jinja2 environment, security headers, ETags and compression.

Every page answers with the same Content-Security-Policy. Pages carry a weak ETag made
from what they depend on (the read model's position, the filters, the day), so a repeat view
is a 304 without rendering; bodies are gzipped when the client accepts it.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.pages import labels
from api.pages.assets import VERSION, asset_url

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# The pages' CSP; api/middleware.py adds who may frame them, and the headers every answer has.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'"
)
PAGE_HEADERS = {"Content-Security-Policy": CSP}
PAGE_CACHE = "public, no-cache"  # may be stored, but revalidated (ETag) before each use
MIN_GZIP = 1024
LONGEST = 10_000  # characters of one printed value: twice the longest text any rule allows


def build_version() -> str:
    """Changes with any template or asset, so a deploy never serves a stale 304."""
    digest = hashlib.blake2b(VERSION.encode(), digest_size=8)
    for path in sorted(TEMPLATES.glob("*.html")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def bounded(value: object) -> object:
    """What a template prints, as Jinja hands it over: a text longer than any rule allows
    (recorded before the rules) is cut there, with "…", so no page grows with what was
    stored. Markup (HTML the templates made, or figures made safe) is left as it is."""
    if type(value) is str and len(value) > LONGEST:
        return value[:LONGEST] + "…"
    return value


BUILD = build_version()
env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
    finalize=bounded,
)
env.globals.update(asset=asset_url, label=labels.label, objective_label=labels.objective_label)
env.filters.update(number=labels.number, money=labels.money, country=labels.country_name)


def etag_for(*parts: object) -> str:
    """A weak validator: the same inputs give the same page, whatever its encoding."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    return f'W/"{digest}"'


def matches(request: Request, etag: str) -> bool:
    sent = request.headers.get("if-none-match", "")
    tags = {t.strip().removeprefix("W/") for t in sent.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


def headers(etag: str | None = None, cache: str = PAGE_CACHE) -> dict[str, str]:
    out = {**PAGE_HEADERS, "Cache-Control": cache, "Vary": "Accept-Encoding"}
    if etag:
        out["ETag"] = etag
    return out


def not_modified(etag: str, cache: str = PAGE_CACHE) -> Response:
    return Response(status_code=304, headers=headers(etag, cache))


def attachment(request: Request, etag: str, name: str) -> tuple[dict[str, str], Response | None]:
    """A download's headers (its ETag and file name), and a 304 if the client has it."""
    found = {
        "Cache-Control": PAGE_CACHE,
        "ETag": etag,
        "Content-Disposition": f'attachment; filename="{name}"',
    }
    return found, Response(status_code=304, headers=found) if matches(request, etag) else None


class PageCache:
    """Rendered bodies by ETag: the ETag names the exact content (read-model position,
    filters, day, build), so a page is rendered once per change, not once per visitor."""

    def __init__(self, size: int = 256) -> None:
        self.size, self.bodies = size, OrderedDict[str, tuple[bytes, bytes]]()
        self.lock = threading.Lock()

    def get(self, etag: str) -> tuple[bytes, bytes] | None:
        with self.lock:
            found = self.bodies.get(etag)
            if found is not None:
                self.bodies.move_to_end(etag)
            return found

    def put(self, etag: str, plain: bytes) -> tuple[bytes, bytes]:
        both = (plain, gzip.compress(plain, compresslevel=6))
        with self.lock:
            self.bodies[etag] = both
            while len(self.bodies) > self.size:
                self.bodies.popitem(last=False)
        return both


CACHE = PageCache()


def cached(request: Request, etag: str) -> Response | None:
    found = CACHE.get(etag)
    return None if found is None else respond(request, found, etag)


def respond(request: Request, bodies: tuple[bytes, bytes], etag: str) -> Response:
    out = headers(etag)
    body = bodies[0]
    if "gzip" in request.headers.get("accept-encoding", ""):
        body, out["Content-Encoding"] = bodies[1], "gzip"
    return HTMLResponse(body, headers=out)


def render_cached(
    request: Request, template: str, context: Mapping[str, Any], etag: str
) -> Response:
    plain = env.get_template(template).render(request=request, **context).encode()
    return respond(request, CACHE.put(etag, plain), etag)


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    status: int = 200,
    etag: str | None = None,
    cache: str = PAGE_CACHE,
) -> Response:
    body = env.get_template(template).render(request=request, **context).encode()
    out = headers(etag, cache)
    if len(body) >= MIN_GZIP and "gzip" in request.headers.get("accept-encoding", ""):
        body = gzip.compress(body, compresslevel=5)
        out["Content-Encoding"] = "gzip"
    return HTMLResponse(body, status_code=status, headers=out)


def stream(
    template: str, context: Mapping[str, Any], etag: str | None = None, cache: str = PAGE_CACHE
) -> Response:
    """A long page (the consolidated report), sent as it renders."""
    chunks: Iterable[str] = env.get_template(template).generate(**context)

    def encoded() -> Iterator[bytes]:
        buffer: list[str] = []
        size = 0
        for chunk in chunks:
            buffer.append(chunk)
            size += len(chunk)
            if size > 64 * 1024:
                yield "".join(buffer).encode()
                buffer, size = [], 0
        yield "".join(buffer).encode()

    return StreamingResponse(
        encoded(), media_type="text/html; charset=utf-8", headers=headers(etag, cache)
    )


def error_page(
    request: Request, status: int, title: str, detail: str, extra: Mapping[str, str] | None = None
) -> Response:
    context = {"title": title, "detail": detail, "status": status}
    response = render(request, "error.html", context, status=status, cache="no-store")
    response.headers.update(extra or {})
    return response
