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

import argparse
import os
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from pages import ROOT, Result, free_port, start_server

PATHS = ["/healthz", "/embed/figures", "/feeds/pledges.atom"]
FRENCH = "/embed/figures?lang=fr"


def hammer(base: str, path: str, seconds: float, clients: int, result: Result) -> None:
    """As bench/pages.py's, but a client alternates the two forms of the path it measures:
    with `lang=fr` for the embed, and with and without the ETag it got (304s)."""
    stop = time.monotonic() + seconds

    def worker() -> None:
        etags: dict[str, str] = {}
        n = 0
        with httpx.Client(base_url=base, timeout=10) as client:
            while time.monotonic() < stop:
                n += 1
                asked = FRENCH if path == "/embed/figures" and n % 2 else path
                headers = {"If-None-Match": etags[asked]} if asked in etags and n % 4 < 2 else {}
                started = time.perf_counter()
                response = client.get(asked, headers=headers)
                elapsed = time.perf_counter() - started
                if response.status_code not in (200, 304):
                    result.errors += 1
                if "etag" in response.headers:
                    etags[asked] = response.headers["etag"]
                result.latencies.append(elapsed)

    began = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(worker) for _ in range(clients)]:
            future.result()
    result.seconds += time.monotonic() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/pages_bench"
        ),
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench-embeds"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=4.0, help="seconds per path per round")
    args = parser.parse_args()
    port = free_port()
    server = start_server(args.database_url, port, args.data_dir)
    base = f"http://127.0.0.1:{port}"
    pledges = httpx.get(base + "/api/dashboard", timeout=30).json()["totals"]["pledges"]
    for path in PATHS:  # warm up: pools, template compilation, the first render of each
        hammer(base, path, 1.0, args.clients, Result())
    results = {path: Result() for path in PATHS}
    for _ in range(args.rounds):
        for path in PATHS:
            hammer(base, path, args.duration, args.clients, results[path])
    server.terminate()
    server.wait(10)
    rounds = f"{args.rounds} x {args.duration:g} s per path"
    print(f"{pledges:,} pledges, {args.clients} clients, {rounds}")
    print(
        f"{'path':22} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        f" {'errors':>7} {'vs healthz':>10}"
    )
    health = results["/healthz"].rate()
    for path, r in results.items():
        print(
            f"{path:22} {r.rate():8.1f} {r.pct(0.5):8.2f} {r.pct(0.95):8.2f} {r.pct(0.99):8.2f}"
            f" {r.errors:7d} {r.rate() / health:10.2f}"
        )
    verdicts = {p: results[p].rate() / health >= 0.7 for p in PATHS[1:]}
    print("bars: >= 0.7 x /healthz: " + ", ".join(f"{p} {ok}" for p, ok in verdicts.items()))


if __name__ == "__main__":
    main()
