"""Benchmark (not a test): the dashboard page `/` and `GET /api/dashboard` against `/healthz`,
in the same run, over a real uvicorn server on localhost with a concurrent client.

    .venv/bin/python bench/pages.py --database-url postgresql://postgres@127.0.0.1:5432/NAME

The database must already hold pledges with the projections caught up (see bench/README.md:
`pledges sample-data --pledges 100000`, then `pledges projections rebuild`). Nothing is written.
Each path is measured in rounds, interleaved, so a noisy machine affects all three alike.
Bars (issue 6): /api/dashboard >= 0.7 x the /healthz rate; p95 < 30 ms for `/` and the API.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["/healthz", "/api/dashboard", "/"]


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0

    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(database_url: str, port: int, data_dir: str) -> subprocess.Popen[bytes]:
    """uvicorn in its own process (one worker, as `pledges serve` runs), so the client's
    threads do not share the server's interpreter lock."""
    env = {**os.environ, "DATABASE_URL": database_url, "PLEDGES_DATA_DIR": data_dir}
    env.setdefault("LOG_LEVEL", "WARNING")
    command = [sys.executable, "-m", "uvicorn", "--factory", "service.asgi:server_app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    server = subprocess.Popen([*command, "--no-access-log"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise SystemExit("the server did not start")
        time.sleep(0.2)


# A client's way of asking: given its httpx client, the response to its next request. One is
# made per client thread (it may remember what it was answered, as a browser does).
Ask = Callable[[httpx.Client], httpx.Response]
OK = (200, 304)


def hammer(
    base: str,
    path: str,
    seconds: float,
    clients: int,
    result: Result,
    asker: Callable[[str], Ask] | None = None,
) -> None:
    stop = time.monotonic() + seconds

    def worker() -> None:
        ask = asker(path) if asker else (lambda client: client.get(path))
        with httpx.Client(base_url=base, timeout=10) as client:
            while time.monotonic() < stop:
                started = time.perf_counter()
                response = ask(client)
                elapsed = time.perf_counter() - started
                if response.status_code not in OK:
                    result.errors += 1
                result.latencies.append(elapsed)

    began = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(worker) for _ in range(clients)]:
            future.result()
    result.seconds += time.monotonic() - began


Hammer = Callable[[str, str, float, int, Result], None]


def options(description: str, data_dir: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/pages_bench"
        ),
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--data-dir", default=str(ROOT / "var" / data_dir))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=4.0, help="seconds per path per round")
    return parser.parse_args()


def measure(args: argparse.Namespace, paths: list[str], drive: Hammer) -> dict[str, Result]:
    """A server of its own; each path driven in interleaved rounds after a warm-up; the
    results, after a line saying what was measured."""
    port = free_port()
    server = start_server(args.database_url, port, args.data_dir)
    base = f"http://127.0.0.1:{port}"
    pledges = httpx.get(base + "/api/dashboard", timeout=30).json()["totals"]["pledges"]
    for path in paths:  # warm up: pools, prepared statements, template compilation
        drive(base, path, 1.0, args.clients, Result())
    results = {path: Result() for path in paths}
    for _ in range(args.rounds):
        for path in paths:
            drive(base, path, args.duration, args.clients, results[path])
    server.terminate()
    server.wait(10)
    rounds = f"{args.rounds} x {args.duration:g} s per path"
    print(f"{pledges:,} pledges, {args.clients} clients, {rounds}")
    return results


def table(results: dict[str, Result], width: int = 16) -> float:
    """Prints each path's figures against /healthz; returns the /healthz rate."""
    print(
        f"{'path':{width}} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        f" {'errors':>7} {'vs healthz':>10}"
    )
    health = results["/healthz"].rate()
    for path, r in results.items():
        print(
            f"{path:{width}} {r.rate():8.1f} {r.pct(0.5):8.2f} {r.pct(0.95):8.2f}"
            f" {r.pct(0.99):8.2f} {r.errors:7d} {r.rate() / health:10.2f}"
        )
    return health


def main() -> None:
    results = measure(options(__doc__ or "", "bench-pages"), PATHS, hammer)
    health = table(results)
    api, page = results["/api/dashboard"], results["/"]
    print(
        f"bars: /api/dashboard >= 0.7 x /healthz: {api.rate() / health >= 0.7}; "
        f"p95 < 30 ms: /api/dashboard {api.pct(0.95) < 30}, / {page.pct(0.95) < 30}"
    )


if __name__ == "__main__":
    main()
