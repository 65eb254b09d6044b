"""HTTP API benchmark: progress reports per second over HTTP against raw eventsourcing saves.

One run creates a scratch database on the server named by --database-url, measures, prints one
table and drops the scratch database. For each --workers value it starts `pledges serve` on a
free loopback port, then 16 client threads (one keep-alive connection each) file progress
reports on their own pledges for --duration seconds. The baseline, in the same run, is the raw
`eventsourcing` library doing the same save (load an aggregate, trigger one event, save) in 16
threads in this process, on aggregates made afresh for each round (the library replays an
aggregate's whole history on every load, so its rate fell round after round on old ones).
Rounds alternate raw and HTTP. Bar: HTTP rate >= 0.7 x raw rate, and p99 < 100 ms.

    .venv/bin/python bench/http_api.py --workers 1,2 --rounds 5   # what bench/README.md quotes
    .venv/bin/python bench/http_api.py --embedded                 # a private PostgreSQL
    .venv/bin/python bench/http_api.py --workers 1 --baseline ../main/.venv/bin/pledges

`--baseline` names another checkout's `pledges`: each round then also measures a server of
that checkout (one server at a time, on the same pledges), so a change is compared with the
code before it in the same run, under the same machine noise.

`--db-functions on` gives the raw library its own insert function (POSTGRES_ENABLE_DB_FUNCTIONS);
the app always inserts through its recorder's function, which also takes the table lock.
Figures, and what they come from: bench/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import psutil
import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg_pool import ConnectionPool

ROOT = Path(__file__).resolve().parent.parent
THIS = Path(sys.executable).parent / "pledges"  # this checkout's, in this virtualenv
RAW = "raw eventsourcing, 16 threads"
DEFAULT_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REPORT = {"as_of": "2026-10-01", "percent_complete": 40, "narrative": "Centre one is open."}


@contextmanager
def scratch_database(admin: str) -> Iterator[str]:
    name = f"bench_http_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_conninfo(admin, dbname=name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def percentiles(latencies: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def run_threads(threads: int, duration: float, work: Callable[[int], None]) -> dict[str, Any]:
    """`work(i)` in `threads` threads until `duration` passes; rate and latencies."""
    latencies: list[list[float]] = [[] for _ in range(threads)]
    stop_at = time.perf_counter() + duration

    def loop(i: int) -> None:
        while (started := time.perf_counter()) < stop_at:
            work(i)
            latencies[i].append(time.perf_counter() - started)

    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    begun = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - begun
    merged = [x for per in latencies for x in per]
    return {"rate": len(merged) / elapsed, "count": len(merged), "p": percentiles(merged)}


# ---- the raw library -------------------------------------------------------------
class Counter(Aggregate):
    @event("Created")
    def __init__(self) -> None:
        self.reports: list[dict[str, Any]] = []

    @event("Reported")
    def report(self, as_of: str, percent_complete: int, narrative: str, actor: str) -> None:
        self.reports.append({"as_of": as_of, "percent": percent_complete, "by": actor})
        self.last_narrative = narrative


def raw_env(conninfo: str, pool_size: int, db_functions: bool) -> dict[str, str]:
    p = conninfo_to_dict(conninfo)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": str(p["dbname"]),
        "POSTGRES_HOST": str(p.get("host", "127.0.0.1")),
        "POSTGRES_PORT": str(p.get("port", "5432")),
        "POSTGRES_USER": str(p.get("user", "postgres")),
        "POSTGRES_PASSWORD": str(p.get("password", "")),
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_MAX_OVERFLOW": str(pool_size),
        "POSTGRES_ENABLE_DB_FUNCTIONS": "y" if db_functions else "n",
    }


class Raw:
    """The baseline: the library's own Application saving a minimal aggregate, in-process."""

    def __init__(self, conninfo: str, clients: int, per_client: int, db_functions: bool) -> None:
        self.app: Application[Any] = Application(env=raw_env(conninfo, clients, db_functions))
        self.clients, self.per_client = clients, per_client
        self.owned: list[list[Any]] = []
        self.turn = [0] * clients

    def fresh_aggregates(self) -> None:
        """New aggregates for each round: the library replays an aggregate's whole history
        on every load, so a round on the last round's aggregates would be slower than the
        one before (earlier runs measured 270/s in the first round and 130/s in the tenth),
        while the app's snapshots keep its loads alike from round to round."""
        self.owned = []
        for _ in range(self.clients):
            aggregates = [Counter() for _ in range(self.per_client)]
            self.app.save(*aggregates)
            self.owned.append([a.id for a in aggregates])

    def work(self, i: int) -> None:
        # Each thread saves on its own aggregates, as each HTTP client reports on its own pledges.
        self.turn[i] += 1
        mine = self.owned[i]
        aggregate: Counter = self.app.repository.get(mine[self.turn[i] % len(mine)])
        aggregate.report(str(REPORT["as_of"]), 40, str(REPORT["narrative"]), "bench")
        self.app.save(aggregate)

    def measure(self, duration: float) -> dict[str, Any]:
        self.fresh_aggregates()
        return run_threads(len(self.owned), duration, self.work)


# ---- the HTTP API ----------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_url(conninfo: str) -> str:
    """DATABASE_URL must be a postgresql:// URL; a socket directory goes in ?host=."""
    p = conninfo_to_dict(conninfo)
    user, host, port = p.get("user", "postgres"), str(p.get("host", "")), p.get("port", 5432)
    if host.startswith("/"):
        return f"postgresql://{user}@/{p['dbname']}?host={quote(host)}&port={port}"
    return f"postgresql://{user}@{host}:{port}/{p['dbname']}"


class Server:
    """`pledges serve` in a process, with its peak memory (the parent and every worker)."""

    def __init__(
        self, conninfo: str, workers: int, token: str, pledges: Path | None = None
    ) -> None:
        self.port, self.workers, self.conninfo = free_port(), workers, conninfo
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": as_url(conninfo),
            "DATA_DIR": tempfile.mkdtemp(prefix="bench_http_"),
            "LOG_LEVEL": "WARNING",  # no access log line per request
            "POOL_SIZE": "8",
            "PYTHONUNBUFFERED": "1",
        }
        self.pledges = pledges = pledges or THIS
        # --no-worker: the projections and the scheduler run elsewhere; this measures the API.
        command = [str(pledges), "serve", "--port", str(self.port), "--workers", str(workers)]
        command.append("--no-worker")
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.token = token
        self._wait_until_up()
        self.peak_rss, self._sampling = 0, True
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _wait_until_up(self) -> None:
        for _ in range(600):
            try:
                if httpx.get(f"{self.url}/readyz").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("pledges serve did not answer")

    def _sample(self) -> None:
        parent = psutil.Process(self.process.pid)
        while self._sampling:
            try:
                tree = [parent, *parent.children(recursive=True)]
                self.peak_rss = max(self.peak_rss, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.05)

    def cpu_seconds(self) -> float:
        """User and system CPU time of the server's processes so far."""
        parent = psutil.Process(self.process.pid)
        tree = [parent, *parent.children(recursive=True)]
        return sum(sum(p.cpu_times()[:2]) for p in tree)

    def stop(self) -> None:
        self._sampling = False
        self.process.terminate()
        self.process.communicate(timeout=60)


def setup_pledges(server: Server, clients: int, per_client: int) -> list[list[str]]:
    """A pledger per client with its own pledges, so clients never write the same pledge."""
    sys.path.insert(0, str(ROOT))
    from tests.factories import wire_pledge

    connection = Connection(server.port, server.token)
    owned = []
    for i in range(clients):
        pledger = connection.post("/api/pledgers", {"name": f"Bench {i}", "category": "academia"})
        pledges = [
            connection.post("/api/pledges", wire_pledge(pledger["id"])) for _ in range(per_client)
        ]
        owned.append([str(p["id"]) for p in pledges])
    connection.conn.close()
    return owned


class Connection:
    """One keep-alive connection per client thread: http.client, since the client shares the
    machine's CPUs with the server and a heavier client would slow the server it measures."""

    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.failures = 0

    def post(self, path: str, body: dict[str, Any]) -> Any:
        self.conn.request("POST", path, json.dumps(body), self.headers)
        response = self.conn.getresponse()
        data = json.loads(response.read())
        if response.status != 201:
            self.failures += 1
        return data


class Http:
    """16 clients filing progress reports on their own pledges through one server (or, with
    `serve`, through another server on the same pledges)."""

    def __init__(self, server: Server, clients: int, per_client: int) -> None:
        self.owned = setup_pledges(server, clients, per_client)
        self.turn = [0] * clients
        self.serve(server)

    def serve(self, server: Server) -> None:
        self.server = server
        self.connections = [Connection(server.port, server.token) for _ in self.owned]

    def work(self, i: int) -> None:
        self.turn[i] += 1
        pledge = self.owned[i][self.turn[i] % len(self.owned[i])]
        self.connections[i].post(f"/api/pledges/{pledge}/progress-reports", REPORT)

    def measure(self, duration: float) -> dict[str, Any]:
        for connection in self.connections:
            # The server closes connections idle for 5 s (as during a raw round): reconnect.
            connection.conn.close()
            connection.post(f"/api/pledges/{self.owned[0][0]}/progress-reports", REPORT)
        cpu_before = self.server.cpu_seconds()
        result = run_threads(len(self.owned), duration, self.work)
        result["server_cpu_ms"] = (self.server.cpu_seconds() - cpu_before) * 1000 / result["count"]
        result["failures"] = sum(c.failures for c in self.connections)
        return result


def embedded_admin() -> str:
    """A PostgreSQL of this run's own, for a machine whose shared server is busy."""
    sys.path.insert(0, str(ROOT))
    from infrastructure.database import start_embedded

    server = start_embedded(Path(tempfile.mkdtemp(prefix="bench_http_pg_")) / "pg")
    return str(server.get_uri())


def secretariat_token(conninfo: str) -> str:
    sys.path.insert(0, str(ROOT))
    from domain.taxonomy import Role
    from infrastructure.migrations import migrate
    from infrastructure.tokens import TokenStore

    migrate(conninfo)  # before any server starts: the token goes in the migrated table
    with ConnectionPool(conninfo, min_size=1, max_size=1, kwargs={"autocommit": True}) as pool:
        return TokenStore(pool).create(Role.SECRETARIAT, "bench")[1]


# ---- the run ---------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_URL,
        help="a server and a database to administer it from; the bench makes its own",
    )
    parser.add_argument("--embedded", action="store_true", help="a private embedded PostgreSQL")
    parser.add_argument("--workers", default="1,2", help="server processes to try, e.g. 1,2")
    parser.add_argument(
        "--clients", type=int, default=16, help="concurrent HTTP clients, and raw threads"
    )
    parser.add_argument("--pledges", type=int, default=16, help="pledges per client")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (medians)")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout's `pledges` executable, measured in the same rounds",
    )
    parser.add_argument(
        "--db-functions",
        choices=("on", "off"),
        default="off",
        help="POSTGRES_ENABLE_DB_FUNCTIONS for the raw library (the app always inserts"
        " through its recorder's own locked function)",
    )
    args = parser.parse_args()
    db_functions = args.db_functions == "on"
    admin = embedded_admin() if args.embedded else args.database_url
    results: dict[str, list[dict[str, Any]]] = {}
    servers: list[Server] = []
    # Two databases: with POSTGRES_ENABLE_DB_FUNCTIONS, the library names its insert function
    # the same for every application, so the raw app would write into the pledges' table.
    with scratch_database(admin) as conninfo, scratch_database(admin) as raw_conninfo:
        token = secretariat_token(conninfo)
        raw = Raw(raw_conninfo, args.clients, args.pledges, db_functions)
        try:
            for workers in (int(w) for w in args.workers.split(",")):
                # One server at a time: each process holds a pool of connections, and two
                # servers plus the raw app would need more than max_connections (100).
                server = Server(conninfo, workers, token)
                servers.append(server)
                try:
                    http = Http(server, args.clients, args.pledges)
                    label = f"HTTP, --workers {workers}"
                    if args.baseline:  # each measurement then has a fresh server of its own
                        server.stop()
                    # Rounds alternate raw and HTTP, so the machine's noise hits both alike.
                    for turn in range(args.rounds):
                        results.setdefault(RAW, []).append(raw.measure(args.duration))
                        if args.baseline:
                            servers += both_fresh(args, http, server, results, label, turn)
                            continue
                        results.setdefault(label, []).append(http.measure(args.duration))
                        results[label][-1]["raw_rate"] = results[RAW][-1]["rate"]
                finally:
                    server.stop()
        finally:
            raw.app.close()
    peaks: dict[str, int] = {}
    for s in servers:
        label = f"{'baseline ' if s.pledges != THIS else ''}HTTP, --workers {s.workers}"
        peaks[label] = max(peaks.get(label, 0), s.peak_rss)
    report(args, results, peaks)


def both_fresh(
    args: argparse.Namespace,
    http: Http,
    server: Server,
    results: dict[str, list[dict[str, Any]]],
    label: str,
    turn: int,
) -> list[Server]:
    """One measurement on a fresh server of this checkout and one on the baseline's, on the
    same pledges, in turn (which goes first alternates from round to round): both start
    with cold caches, one server at a time."""
    order = [(label, THIS), (f"baseline {label}", args.baseline)]
    started = []
    for name, pledges in order if turn % 2 == 0 else order[::-1]:
        fresh = Server(server.conninfo, server.workers, server.token, pledges)
        started.append(fresh)
        try:
            http.serve(fresh)
            results.setdefault(name, []).append(http.measure(args.duration))
            results[name][-1]["raw_rate"] = results[RAW][-1]["rate"]
        finally:
            fresh.stop()
    return started


def median_of(runs: list[dict[str, Any]], key: str, index: int | None = None) -> float:
    return statistics.median(r[key] if index is None else r[key][index] for r in runs)


def report(
    args: argparse.Namespace, results: dict[str, list[dict[str, Any]]], peaks: dict[str, int]
) -> None:
    print(
        f"\n{args.clients} clients x {args.pledges} pledges, {args.rounds} rounds of "
        f"{args.duration:.0f} s, raw library's db functions {args.db_functions} (the app always"
        " inserts through its recorder's locked function); medians over rounds"
    )
    print(
        f"{'':32} {'ops/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'vs raw':>6} "
        f"{'server MiB':>10} {'CPU ms/op':>9}  bar"
    )
    for label, runs in results.items():
        # The ratio is the median of per-round ratios: each round's HTTP against its own raw.
        ratio = statistics.median(r["rate"] / r.get("raw_rate", r["rate"]) for r in runs)
        p99 = median_of(runs, "p", 2)
        row = (
            f"{label:32} {median_of(runs, 'rate'):7.0f} {median_of(runs, 'p', 0):7.1f} "
            f"{median_of(runs, 'p', 1):7.1f} {p99:7.1f} {ratio:6.2f}"
        )
        if label in peaks:
            verdict = "PASS" if ratio >= 0.7 and p99 < 100 else "FAIL"
            failures = sum(r["failures"] for r in runs)
            row += (
                f" {peaks[label] / 2**20:10.0f} {median_of(runs, 'server_cpu_ms'):9.2f}  {verdict}"
            )
            row += f" ({failures} non-201)" if failures else ""
        print(row)
    for label, runs in results.items():
        rounds = ", ".join(f"{r['rate']:.0f}" for r in runs)
        print(f"  per round, {label}: {rounds} ops/s")
    for label, runs in results.items():
        before = results.get(f"baseline {label}")
        if before:  # each round's rate against the baseline's in the same round
            pairs = zip(runs, before, strict=True)
            ratio = statistics.median(r["rate"] / b["rate"] for r, b in pairs)
            p99s = f"p99 {median_of(runs, 'p', 2):.1f} ms vs {median_of(before, 'p', 2):.1f} ms"
            print(f"{label}: {ratio:.2f} x the baseline's rate (median of rounds), {p99s}")


if __name__ == "__main__":
    main()
