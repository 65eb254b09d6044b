"""The pages' own static files (no CDN): loaded once, fingerprinted, cached for a year.

A page links `/static/site.css?v=<hash>`; a new deploy changes the hash, so browsers may keep
each version forever. A request without the current hash is still answered, briefly cached.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
FOREVER = "public, max-age=31536000, immutable"
BRIEFLY = "public, max-age=300"


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    digest: str

    @property
    def etag(self) -> str:
        return f'"{self.digest}"'


def load() -> dict[str, Asset]:
    assets = {}
    for path in sorted(STATIC.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            body = path.read_bytes()
            kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
            digest = hashlib.blake2b(body, digest_size=8).hexdigest()
            assets[path.name] = Asset(body, kind or "application/octet-stream", digest)
    return assets


ASSETS = load()
VERSION = hashlib.blake2b(
    "".join(a.digest for a in ASSETS.values()).encode(), digest_size=6
).hexdigest()


def asset_url(name: str) -> str:
    return f"/static/{name}?v={ASSETS[name].digest}"
