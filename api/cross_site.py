"""What other websites may do with this service: frame the embeds, read the public data.

Both follow EMBED_ORIGINS (infrastructure/origins.py). `/embed/*` may be framed by those
origins (CSP `frame-ancestors`; the older X-Frame-Options cannot list origins, so it is left
out there); every other answer keeps `frame-ancestors 'none'` and `X-Frame-Options: DENY`.

The public reads (the list, a pledge, the dashboard, matching, exports, feeds) answer CORS
requests from those origins, GET only (the routes answer no other), never with credentials:
a request that carries a bearer token or a session cookie gets no CORS headers, so a browser
never hands another site what a signed-in person may read, and commands (POST...) never get
any either. A preflight for anything but a public GET without credentials is answered without
them: the browser then does not send the request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.types import Scope

Headers = list[tuple[bytes, bytes]]
PUBLIC_READS = re.compile(
    r"^/(api/(pledges(/[^/]+)?|dashboard|matching|exports/[^/]+)|feeds/[^/]+)$"
)
READ_METHODS = (b"GET",)
# Headers a cross-site reader may send (conditional requests) and read (validators, position).
ALLOWED_HEADERS = frozenset({"accept", "accept-language", "if-none-match", "if-modified-since"})
EXPOSED = b"ETag, X-Read-Model-Position, X-Read-Model-Stale, X-Request-ID"
PREFLIGHT_AGE = b"600"
DENY: tuple[bytes, Headers] = (b"frame-ancestors 'none'", [(b"x-frame-options", b"DENY")])


def is_embed(path: str) -> bool:
    return path.startswith("/embed/")


@dataclass(frozen=True)
class CrossSite:
    origins: tuple[str, ...]

    @property
    def any_origin(self) -> bool:
        return self.origins == ("*",)

    def frame_policy(self, scope: Scope) -> tuple[bytes, Headers]:
        """The CSP directive saying who may frame the answer, and the older header saying
        it: only the embeds, and only by EMBED_ORIGINS (nobody while it is empty)."""
        if not (self.origins and is_embed(scope["path"])):
            return DENY
        return b"frame-ancestors " + " ".join(self.origins).encode(), []

    def allowed(self, origin: str) -> bool:
        return self.any_origin or origin in self.origins

    def cors_headers(self, scope: Scope, origin: str | None, credentials: bool) -> Headers:
        """The CORS headers of a simple request's answer (none for most); `Vary: Origin`
        on every public read, since what it carries depends on the Origin sent."""
        if not PUBLIC_READS.match(scope["path"]):
            return []
        out: Headers = [(b"vary", b"Origin")]
        method = scope["method"].encode()
        if origin and not credentials and method in READ_METHODS and self.allowed(origin):
            out += [
                (b"access-control-allow-origin", b"*" if self.any_origin else origin.encode()),
                (b"access-control-expose-headers", EXPOSED),
            ]
        return out

    def preflight(self, scope: Scope, headers: dict[bytes, bytes]) -> Headers | None:
        """The answer's headers to a CORS preflight this service grants, else None (the
        request then goes on to the app, whose answer carries no CORS header)."""
        origin = headers.get(b"origin", b"").decode("latin-1")
        wanted = headers.get(b"access-control-request-method", b"")
        if scope["method"] != "OPTIONS" or not origin or not wanted:
            return None
        asked = headers.get(b"access-control-request-headers", b"").decode("latin-1")
        names = {h.strip().lower() for h in asked.split(",") if h.strip()}
        if not (
            PUBLIC_READS.match(scope["path"])
            and wanted in READ_METHODS
            and names <= ALLOWED_HEADERS
            and self.allowed(origin)
        ):
            return None
        return [
            (b"access-control-allow-origin", b"*" if self.any_origin else origin.encode()),
            (b"access-control-allow-methods", b"GET"),
            (b"access-control-allow-headers", ", ".join(sorted(ALLOWED_HEADERS)).encode()),
            (b"access-control-max-age", PREFLIGHT_AGE),
            (b"vary", b"Origin"),
        ]


def merge_vary(headers: Headers) -> Headers:
    """One Vary header listing every name the answer varies by (an endpoint may set one)."""
    names: list[str] = []
    out: Headers = []
    for name, value in headers:
        if name == b"vary":
            names += [v.strip() for v in value.decode("latin-1").split(",") if v.strip()]
        else:
            out.append((name, value))
    if names:
        out.append((b"vary", ", ".join(dict.fromkeys(names)).encode()))
    return out
