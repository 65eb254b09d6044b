"""Benchmark (not a test): an embed (`/embed/figures`) and a feed (`/feeds/pledges.atom`)
against `/healthz`, in the same run, over a real uvicorn server on localhost with a concurrent
client, as bench/pages.py measures the dashboard (its server, client and figures are reused).

    .venv/bin/python bench/embeds.py --database-url postgresql://postgres@127.0.0.1:5432/NAME

The database must already hold pledges with the projections caught up (bench/README.md). Each
path is measured in rounds, interleaved, so a noisy machine affects all of them alike; half the
requests of the embed are in French and half send the ETag they were given (a website's
visitors: most come back). Bar (issue 19): each at least 0.7 x the /healthz rate.
"""

from __future__ import annotations

import httpx
from pages import Ask, Result, hammer, measure, options, table

PATHS = ["/healthz", "/embed/figures", "/feeds/pledges.atom"]
FRENCH = "/embed/figures?lang=fr"


def visitor(path: str) -> Ask:
    """A website's visitor: the embed in French every other time, and the ETag it was given
    sent back half the time (a 304)."""
    etags: dict[str, str] = {}
    count = 0

    def ask(client: httpx.Client) -> httpx.Response:
        nonlocal count
        count += 1
        asked = FRENCH if path == "/embed/figures" and count % 2 else path
        sent = {"If-None-Match": etags[asked]} if asked in etags and count % 4 < 2 else {}
        response = client.get(asked, headers=sent)
        if "etag" in response.headers:
            etags[asked] = response.headers["etag"]
        return response

    return ask


def drive(base: str, path: str, seconds: float, clients: int, result: Result) -> None:
    hammer(base, path, seconds, clients, result, visitor)


def main() -> None:
    results = measure(options(__doc__ or "", "bench-embeds"), PATHS, drive)
    health = table(results, width=22)
    verdicts = {p: results[p].rate() / health >= 0.7 for p in PATHS[1:]}
    print("bars: >= 0.7 x /healthz: " + ", ".join(f"{p} {ok}" for p, ok in verdicts.items()))


if __name__ == "__main__":
    main()
