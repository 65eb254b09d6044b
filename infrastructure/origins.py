"""EMBED_ORIGINS: the websites that may frame the embeds and read the public API cross-site."""

from __future__ import annotations

import re

# An origin: http(s), a host name or IPv4/[IPv6] address, an optional port; nothing after.
ORIGIN = re.compile(
    r"https?://([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
    r"|\[[0-9a-f:.]+\])(:[0-9]{1,5})?"
)


def embed_origins(value: str) -> tuple[str, ...]:
    """Origins as a browser sends them (scheme://host[:port], lower case, no path), or "*"
    alone; a wrong one raises ValueError naming it, so a typo stops the start instead of
    silently refusing a website."""
    found = tuple(dict.fromkeys(o.strip() for o in value.split(",") if o.strip()))
    if "*" in found:
        if len(found) > 1:
            raise ValueError("* means any origin: give it alone")
        return found
    for origin in found:
        if not ORIGIN.fullmatch(origin):
            raise ValueError(
                f"{origin[:80]!r} is not an origin such as https://www.example.org"
                " (scheme, host and port only, lower case, no path or trailing slash)"
            )
    return found
