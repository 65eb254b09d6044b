"""Event store benchmark: PledgeTracker vs the raw eventsourcing library vs pgbench.

One run creates a scratch database on the server named by --database-url, measures, prints
one table and drops the scratch database. It never touches any other database's data.

    .venv/bin/python bench/event_store.py               # defaults: 5 rounds of 3 s per cell
    .venv/bin/python bench/event_store.py --rounds 3 --duration 2 --no-db-functions

Rounds are interleaved (every workload once per round, in the same order), so that noise from
other processes on the machine hits every workload alike; figures are medians over rounds.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode
from uuid import UUID

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import psycopg_pool  # noqa: E402
from eventsourcing.application import Application  # noqa: E402
from eventsourcing.domain import Aggregate, event  # noqa: E402
from psycopg import sql  # noqa: E402
from psycopg.conninfo import conninfo_to_dict  # noqa: E402

from domain.application import PledgeTracker  # noqa: E402
from domain.taxonomy import Category, Form, Level, PledgeType, Principle, Region, Role  # noqa: E402
from domain.values import Actor, Money, PledgeContent, Target  # noqa: E402
from infrastructure.container import Container  # noqa: E402
from infrastructure.settings import load_settings  # noqa: E402
from service.container import build_container  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
SECRETARIAT = Actor(id="bench", role=Role.SECRETARIAT)
DESCRIPTION = (
    "The City commits to open two one-stop centres where newly arrived migrants receive "
    "information on residence, work, health care and schooling in their own language, and to "
    "train municipal staff in a rights-based approach. Progress is measured by the number of "
    "migrants served and staff trained, reported twice a year to the city council."
)
CONTENT = PledgeContent(
    title="One-stop centres for newly arrived migrants",
    description=DESCRIPTION,
    type=PledgeType.PARTNERSHIP,
    forms=(Form.POLICY, Form.FINANCIAL),
    objectives=(3, 15, 16),
    principles=(Principle.HUMAN_RIGHTS, Principle.WHOLE_OF_SOCIETY),
    levels=(Level.LOCAL,),
    countries=("PRT",),
    region=Region.EUROPE_NORTH_AMERICA,
    targets=(Target("migrants reached", Decimal(0), Decimal(500), "people"),),
    financial=Money(Decimal("250000.00"), "EUR"),
)
PLEDGED_ON = date.today() - timedelta(days=400)
DEADLINE = date.today() + timedelta(days=1000)

PGBENCH_INSERT = (
    "INSERT INTO bench_events (originator_id, originator_version, topic, state)\n"
    "  VALUES (gen_random_uuid(), 1, 'bench:Created', '\\x7b7d'::bytea);\n"
)
# The same insert wrapped as eventsourcing 9.5 wraps it (see PostgresApplicationRecorder).
PGBENCH_ES_TXN = (
    "BEGIN;\n"
    "SET LOCAL lock_timeout = '0s';\n"
    "LOCK TABLE bench_events IN EXCLUSIVE MODE;\n"
    "NOTIFY bench_events;\n" + PGBENCH_INSERT + "END;\n"
)


# ---- the raw library's minimal aggregate --------------------------------------------------
class Counter1(Aggregate):
    @event("Created")
    def __init__(self) -> None:
        self.n = 0

    @event("Incremented")
    def increment(self) -> None:
        self.n += 1


class RawApp(Application[UUID]):
    name = "RawBench"


# ---- measurement ---------------------------------------------------------------------------
@dataclass
class Sample:
    rate: float  # operations per second
    p50: float  # milliseconds
    p95: float
    p99: float
    errors: int = 0


@dataclass
class Results:
    samples: dict[tuple[str, int], list[Sample]] = field(default_factory=lambda: defaultdict(list))

    def add(self, key: tuple[str, int], sample: Sample) -> None:
        self.samples[key].append(sample)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def summarise(latencies: list[float], elapsed: float, errors: int = 0) -> Sample:
    ms = [x * 1000 for x in latencies]
    return Sample(
        rate=len(ms) / elapsed if elapsed > 0 else 0.0,
        p50=percentile(ms, 0.50),
        p95=percentile(ms, 0.95),
        p99=percentile(ms, 0.99),
        errors=errors,
    )


def run_threads(
    threads: int,
    duration: float,
    warmup: float,
    make_op: Callable[[int], Callable[[], Any]],
) -> tuple[Sample, list[list[Any]]]:
    """Run make_op(i)() in a loop on each thread; time what starts after the warm-up."""
    barrier = threading.Barrier(threads + 1)
    latencies: list[list[float]] = [[] for _ in range(threads)]
    outputs: list[list[Any]] = [[] for _ in range(threads)]
    errors = [0] * threads
    times: dict[str, float] = {}

    def worker(i: int) -> None:
        op = make_op(i)
        barrier.wait()
        start, end = times["start"], times["end"]
        clock = time.perf_counter
        while True:
            t0 = clock()
            if t0 >= end:
                break
            try:
                out = op()
            except Exception as error:  # counted and reported, never hidden
                errors[i] += 1
                if errors[i] == 1:
                    print(f"  ! thread {i}: {type(error).__name__}: {error}", file=sys.stderr)
                continue
            t1 = clock()
            outputs[i].append(out)
            if t0 >= start and t1 <= end:
                latencies[i].append(t1 - t0)

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for t in pool:
        t.start()
    now = time.perf_counter()
    times["start"] = now + warmup
    times["end"] = now + warmup + duration
    barrier.wait()
    for t in pool:
        t.join()
    flat = [x for per in latencies for x in per]
    return summarise(flat, duration, sum(errors)), outputs


# ---- databases -------------------------------------------------------------------------------
def connect_with_retry(conninfo: str, attempts: int = 60) -> psycopg.Connection[Any]:
    """The shared server is sometimes full ("too many clients"): wait for a slot."""
    for attempt in range(attempts):
        try:
            return psycopg.connect(conninfo, autocommit=True)
        except psycopg.OperationalError as error:
            if "too many clients" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(1)
    raise AssertionError("unreachable")


@contextmanager
def scratch_database(admin_url: str) -> Iterator[str]:
    name = f"bench_es_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with connect_with_retry(admin_url) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_dbname(admin_url, name)
    finally:
        with connect_with_retry(admin_url) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        print(f"dropped scratch database {name}")


def with_dbname(url: str, dbname: str) -> str:
    """The same server as a postgresql:// URL (what Settings accepts), another database."""
    p = {k: str(v) for k, v in conninfo_to_dict(url).items() if v is not None}
    user = quote(p.pop("user", "postgres"), safe="")
    password = p.pop("password", "")
    auth = f"{user}:{quote(password, safe='')}@" if password else f"{user}@"
    host, port = p.pop("host", "127.0.0.1"), p.pop("port", "5432")
    p.pop("dbname", None)
    if host.startswith("/"):  # a Unix socket directory goes in the query string
        p["host"] = host
        host = ""
    query = ("?" + urlencode(p)) if p else ""
    return f"postgresql://{auth}{host}:{port}/{quote(dbname)}{query}"


def raw_env(url: str, pool_size: int, db_functions: bool) -> dict[str, str]:
    """The library's defaults, plus where the server is and the same pool size as the app."""
    p = conninfo_to_dict(url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": str(p.get("dbname")),
        "POSTGRES_HOST": str(p.get("host", "127.0.0.1")),
        "POSTGRES_PORT": str(p.get("port", "5432")),
        "POSTGRES_USER": str(p.get("user", "postgres")),
        "POSTGRES_PASSWORD": str(p.get("password", "")),
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_MAX_OVERFLOW": str(pool_size),
        "POSTGRES_ENABLE_DB_FUNCTIONS": "y" if db_functions else "n",
    }


def open_tracker(url: str, pool_size: int) -> Container:
    settings = load_settings(database_url=url, environment="test", pool_size=pool_size)
    return build_container(settings)


# ---- workloads -------------------------------------------------------------------------------
class Flavor:
    """One system under test: a create command and an update command on what it created."""

    label: str

    def create_op(self, _i: int) -> Callable[[], Any]:
        raise NotImplementedError

    def update_op(self, _i: int, ids: list[Any]) -> Callable[[], Any]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class TrackerFlavor(Flavor):
    def __init__(self, url: str, pool_size: int) -> None:
        self.label = "app"
        self.container = open_tracker(url, pool_size)
        self.app = self.container.app
        self.pledger = self.app.register_pledger(
            "City of Lisbon", Category.LOCAL_REGIONAL_GOVERNMENT, "PRT", False, SECRETARIAT
        )
        self.owner = Actor(str(self.pledger), Role.PLEDGER)

    def create_op(self, _i: int) -> Callable[[], Any]:
        def op() -> UUID:
            return self.app.submit(self.pledger, CONTENT, PLEDGED_ON, DEADLINE, self.owner).id

        return op

    def update_op(self, _i: int, ids: list[Any]) -> Callable[[], Any]:
        counter = iter(range(10**9))
        today = date.today()

        def op() -> int:
            n = next(counter)
            return self.app.report_progress(
                ids[n % len(ids)], today, n % 101, f"Report {n}: on track.", (), self.owner
            ).version

        return op

    def close(self) -> None:
        self.container.close()


class RawFlavor(Flavor):
    def __init__(self, url: str, pool_size: int, db_functions: bool) -> None:
        self.label = "raw" + (" +dbf" if db_functions else "")
        self.app = RawApp(env=raw_env(url, pool_size, db_functions))

    def create_op(self, _i: int) -> Callable[[], Any]:
        def op() -> UUID:
            aggregate = Counter1()
            self.app.save(aggregate)
            return aggregate.id

        return op

    def update_op(self, _i: int, ids: list[Any]) -> Callable[[], Any]:
        counter = iter(range(10**9))

        def op() -> int:
            aggregate: Counter1 = self.app.repository.get(ids[next(counter) % len(ids)])
            aggregate.increment()
            self.app.save(aggregate)
            return aggregate.version

        return op

    def close(self) -> None:
        self.app.close()


def measure_flavor(
    flavor: Flavor, threads: int, duration: float, warmup: float, results: Results
) -> None:
    sample, outputs = run_threads(threads, duration, warmup, flavor.create_op)
    results.add((f"{flavor.label} create", threads), sample)
    created = [x for per in outputs for x in per]
    # Each writer updates its own share of what was just created: no write conflicts.
    shares = [created[i::threads] or created[:1] for i in range(threads)]
    sample, _ = run_threads(threads, duration, warmup, lambda i: flavor.update_op(i, shares[i]))
    results.add((f"{flavor.label} update", threads), sample)


def pgbench_binary(explicit: str | None) -> str:
    candidates = [explicit, shutil.which("pgbench")]
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin/pgbench"), reverse=True)
    for c in candidates:
        if c and Path(c).exists():
            return str(c)
    raise SystemExit("pgbench not found: apt-get install postgresql-contrib, or pass --pgbench")


def pgbench_env_args(url: str) -> tuple[dict[str, str], list[str]]:
    p = conninfo_to_dict(url)
    env = dict(os.environ)
    if p.get("password"):
        env["PGPASSWORD"] = str(p["password"])
    args = [
        "-h",
        str(p.get("host", "127.0.0.1")),
        "-p",
        str(p.get("port", "5432")),
        "-U",
        str(p.get("user", "postgres")),
    ]
    return env, args


def run_pgbench(
    binary: str, url: str, script: str, clients: int, duration: float, warmup: float
) -> Sample:
    env, args = pgbench_env_args(url)
    dbname = str(conninfo_to_dict(url)["dbname"])
    with tempfile.TemporaryDirectory(prefix="pgbench_") as tmp:
        script_path = Path(tmp) / "insert.sql"
        script_path.write_text(script)
        seconds = max(1, round(duration + warmup))
        command = [
            binary,
            *args,
            "-n",
            "-f",
            str(script_path),
            "-c",
            str(clients),
            "-j",
            str(min(clients, os.cpu_count() or 1)),
            "-T",
            str(seconds),
            "-l",
            "--log-prefix",
            str(Path(tmp) / "log"),
            dbname,
        ]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stdout, done.stderr, file=sys.stderr)
            raise RuntimeError(f"pgbench failed ({done.returncode})")
        # Per-transaction log: client_id tx_no latency_us script_no epoch_s epoch_us.
        rows: list[tuple[float, float]] = []
        for log in Path(tmp).glob("log*"):
            for line in log.read_text().splitlines():
                parts = line.split()
                if len(parts) >= 6:
                    finished = int(parts[4]) + int(parts[5]) / 1e6
                    rows.append((finished, int(parts[2]) / 1e6))
        match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", done.stdout)
    if not rows:
        return Sample(float(match.group(1)) if match else 0.0, *(3 * [float("nan")]))
    first = min(r[0] for r in rows)
    last = max(r[0] for r in rows)
    # Drop the warm-up from the front, as for the Python workloads.
    kept = [lat for t, lat in rows if t >= first + warmup]
    elapsed = max(1e-9, last - (first + warmup))
    return summarise(kept, elapsed)


def prepare_pgbench_table(url: str) -> None:
    with connect_with_retry(url) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_events ("
            "originator_id uuid NOT NULL, originator_version bigint NOT NULL, "
            "topic text, state bytea, notification_id bigserial, "
            "PRIMARY KEY (originator_id, originator_version))"
        )
        conn.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS bench_events_notification_id "
            "ON bench_events (notification_id ASC)"
        )


# ---- loading a long-lived pledge -------------------------------------------------------------
@dataclass
class LoadFigures:
    events: int
    snapshot_ms: list[float]
    no_snapshot_ms: list[float]
    snapshot_version: int
    snapshot_bytes: int
    events_after_snapshot: int


def bench_loads(url: str, pool_size: int, reports: int, loads: int) -> LoadFigures:
    container = open_tracker(url, pool_size)
    app = container.app
    try:
        pledger = app.register_pledger(
            "Municipality of Porto", Category.LOCAL_REGIONAL_GOVERNMENT, "PRT", False, SECRETARIAT
        )
        owner = Actor(str(pledger), Role.PLEDGER)
        pledge_id = app.submit(pledger, CONTENT, PLEDGED_ON, DEADLINE, owner).id
        today = date.today()
        for n in range(reports):  # through the command, as a pledger would: snapshots as usual
            app.report_progress(
                pledge_id, today, min(100, n // 10), f"Report {n}: on track.", (), owner
            )
        plain = PledgeTracker(env={**container.eventsourcing_env, "IS_SNAPSHOTTING_ENABLED": "n"})
        try:
            assert plain.repository.snapshot_store is None
            with_snap = time_loads(lambda: app.get_pledge(pledge_id), loads)
            without = time_loads(lambda: plain.get_pledge(pledge_id), loads)
            assert app.get_pledge(pledge_id).version == plain.get_pledge(pledge_id).version
        finally:
            plain.close()
        assert app.snapshots is not None
        snapshots = list(app.snapshots.get(pledge_id, desc=True, limit=1))
        snap_version = snapshots[0].originator_version if snapshots else 0
        stored = list(app.snapshots.recorder.select_events(pledge_id, desc=True, limit=1))
        size = len(stored[0].state) if stored else 0
        version = app.get_pledge(pledge_id).version
        return LoadFigures(version, with_snap, without, snap_version, size, version - snap_version)
    finally:
        container.close()


def time_loads(load: Callable[[], Any], n: int) -> list[float]:
    for _ in range(3):
        load()  # warm the pool and the prepared statements
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        load()
        out.append((time.perf_counter() - t0) * 1000)
    return out


# ---- costs: statements and connection checkouts per command, and a profile -------------------
class StatementCounter:
    """Counts SQL statements and pool checkouts made by this process while active."""

    def __init__(self) -> None:
        self.statements: Counter[str] = Counter()
        self.checkouts = 0
        self.active = False

    @contextmanager
    def installed(self) -> Iterator[StatementCounter]:
        cursor_execute = psycopg.Cursor.execute
        cursor_many = psycopg.Cursor.executemany
        getconn = psycopg_pool.ConnectionPool.getconn
        counter = self

        def execute(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
            if counter.active:
                counter.statements[counter.describe(query, self)] += 1
            return cursor_execute(self, query, *args, **kwargs)

        def executemany(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
            if counter.active:
                counter.statements[counter.describe(query, self)] += 1
            return cursor_many(self, query, *args, **kwargs)

        def counted_getconn(self: Any, *args: Any, **kwargs: Any) -> Any:
            if counter.active:
                counter.checkouts += 1
            return getconn(self, *args, **kwargs)

        psycopg.Cursor.execute = execute  # type: ignore[method-assign]
        psycopg.Cursor.executemany = executemany  # type: ignore[method-assign]
        psycopg_pool.ConnectionPool.getconn = counted_getconn  # type: ignore[method-assign]
        try:
            yield self
        finally:
            psycopg.Cursor.execute = cursor_execute  # type: ignore[method-assign]
            psycopg.Cursor.executemany = cursor_many  # type: ignore[method-assign]
            psycopg_pool.ConnectionPool.getconn = getconn  # type: ignore[method-assign]

    @staticmethod
    def describe(query: Any, cursor: Any) -> str:
        if isinstance(query, bytes):  # the recorder's statements, rendered once
            text = query.decode()
        else:
            text = query if isinstance(query, str) else query.as_string(cursor.connection)
        text = " ".join(text.split())
        if not text:
            return "(empty: pool pre-ping check)"
        return text[:70]

    @contextmanager
    def counting(self) -> Iterator[None]:
        self.statements.clear()
        self.checkouts = 0
        self.active = True
        try:
            yield
        finally:
            self.active = False


def bench_costs(url: str, pool_size: int, profile_ops: int) -> list[str]:
    lines: list[str] = []
    tracker = TrackerFlavor(url, pool_size)
    raw = RawFlavor(url, pool_size, False)
    try:
        submit, raw_create = tracker.create_op(0), raw.create_op(0)
        ids, raw_ids = [submit() for _ in range(60)], [raw_create() for _ in range(60)]
        report, raw_update = tracker.update_op(0, ids), raw.update_op(0, raw_ids)
        for _ in range(60):  # some pledges pass version 50: their next load uses a snapshot
            report()
            raw_update()
        counter = StatementCounter()
        with counter.installed():
            for label, op in [
                ("app submit", submit),
                ("app report_progress", report),
                ("raw create", raw_create),
                ("raw update", raw_update),
            ]:
                n = 20
                with counter.counting():
                    for _ in range(n):
                        op()
                total = sum(counter.statements.values())
                lines.append(
                    f"  {label:<22} {total / n:5.2f} statements, "
                    f"{counter.checkouts / n:4.2f} pool checkouts per command"
                )
                for text, count in counter.statements.most_common():
                    lines.append(f"      {count / n:5.2f} x {text}")
        for label, op in [("app report_progress", report), ("app submit", submit)]:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(profile_ops):
                op()
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("tottime").print_stats(14)
            lines.append(f"  cProfile, {profile_ops} x {label}, 1 thread, top by own time:")
            body = out.getvalue().splitlines()
            start = next((i for i, x in enumerate(body) if "ncalls" in x), 0)
            lines += ["    " + x.strip() for x in body[max(0, start - 4) : start + 15] if x]
    finally:
        tracker.close()
        raw.close()
    return lines


# ---- report ----------------------------------------------------------------------------------
def machine_facts(url: str) -> list[str]:
    with connect_with_retry(url) as conn:
        row = conn.execute("SELECT version()").fetchone()
        settings = conn.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN "
            "('max_connections', 'shared_buffers', 'synchronous_commit', 'fsync', "
            "'wal_level') ORDER BY name"
        ).fetchall()
        active = conn.execute("SELECT count(*) FROM pg_stat_activity").fetchone()
    return [
        f"nproc: {os.cpu_count()}    load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"python: {platform.python_version()}    eventsourcing: {version('eventsourcing')}"
        f"    psycopg: {psycopg.__version__}",
        f"server: {row[0] if row else '?'}",
        "server settings: " + ", ".join(f"{k}={v}" for k, v in settings),
        f"server connections in use at start: {active[0] if active else '?'}",
    ]


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_table(results: Results, rounds: int) -> list[str]:
    lines = [
        f"{'workload':<26}{'writers':>8}{'ops/s (median)':>16}{'min-max':>16}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
    ]
    order = sorted(
        results.samples, key=lambda k: (ORDER.index(k[0]) if k[0] in ORDER else 99, k[1])
    )
    for name, t in order:
        s = results.samples[(name, t)]
        rates = [x.rate for x in s]
        spread = f"{min(rates):.0f}-{max(rates):.0f}"
        lines.append(
            f"{NAMES.get(name, name):<26}{t:>8}{med(rates):>16.1f}{spread:>16}"
            f"{med([x.p50 for x in s]):>9.2f}{med([x.p95 for x in s]):>9.2f}"
            f"{med([x.p99 for x in s]):>9.2f}{sum(x.errors for x in s):>8}"
        )
    lines.append(f"(medians over {rounds} rounds; latency columns are medians of per-round values)")
    return lines


ORDER = [
    "app create",
    "app update",
    "raw create",
    "raw update",
    "raw +dbf create",
    "raw +dbf update",
    "pgbench insert",
    "pgbench es-txn",
]
NAMES = {
    "app create": "app submit",
    "app update": "app report_progress",
    "raw create": "raw create (1 event)",
    "raw update": "raw get+event+save",
    "raw +dbf create": "raw +dbf create",
    "raw +dbf update": "raw +dbf get+event+save",
}


def ratio_lines(results: Results, threads: list[int], pairs: list[tuple[str, str]]) -> list[str]:
    lines = []
    for app_key, raw_key in pairs:
        for t in threads:
            a, r = results.samples.get((app_key, t)), results.samples.get((raw_key, t))
            if not a or not r:
                continue
            per_round = [x.rate / y.rate for x, y in zip(a, r, strict=False) if y.rate]
            ratio = med(per_round)
            verdict = "MET" if ratio >= 0.8 else "MISSED"
            lines.append(
                f"  {NAMES.get(app_key, app_key):<26} / {NAMES.get(raw_key, raw_key):<24}"
                f" {t:>2} writers: {ratio:5.2f}  (per-round {min(per_round):.2f}-"
                f"{max(per_round):.2f}; bar 0.80: {verdict})"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL),
        help="a server and a maintenance database to connect to; the bench creates and drops "
        "its own scratch database there and writes nowhere else",
    )
    parser.add_argument("--duration", type=float, default=3.0, help="seconds measured per cell")
    parser.add_argument("--warmup", type=float, default=0.5, help="seconds before measuring")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (medians)")
    parser.add_argument("--threads", default="1,16", help="writer thread counts")
    parser.add_argument("--pool-size", type=int, default=10, help="POSTGRES_POOL_SIZE, both apps")
    parser.add_argument("--reports", type=int, default=1000, help="progress reports to load")
    parser.add_argument("--loads", type=int, default=50, help="timed loads of that pledge")
    parser.add_argument(
        "--db-functions",
        choices=["off", "on", "both"],
        default="both",
        help="POSTGRES_ENABLE_DB_FUNCTIONS for the raw library: both adds '+dbf' rows (the app"
        " always inserts through its recorder's own locked function)",
    )
    parser.add_argument("--no-pgbench", action="store_true", help="skip the pgbench rows")
    parser.add_argument("--pgbench", default=None, help="path to pgbench")
    parser.add_argument("--no-costs", action="store_true", help="skip statement counts/profile")
    parser.add_argument("--profile-ops", type=int, default=300, help="commands to cProfile")
    args = parser.parse_args(argv)
    threads = [int(x) for x in args.threads.split(",") if x.strip()]
    dbf = {"off": [False], "on": [True], "both": [False, True]}[args.db_functions]
    pgbench = None if args.no_pgbench else pgbench_binary(args.pgbench)

    print("Event store benchmark: " + " ".join(sys.argv))
    for line in machine_facts(args.database_url):
        print(line)
    results = Results()
    started = time.time()
    with scratch_database(args.database_url) as url:
        print(f"scratch database: {conninfo_to_dict(url)['dbname']}")
        if pgbench:
            prepare_pgbench_table(url)
        for r in range(1, args.rounds + 1):
            t_round = time.time()
            # The app has one insert path (its recorder's locked function); the library's
            # own database function (+dbf) is measured on the raw side only.
            for functions in [None, *dbf]:
                flavor: Flavor = (
                    TrackerFlavor(url, args.pool_size)
                    if functions is None
                    else RawFlavor(url, args.pool_size, functions)
                )
                try:
                    for t in threads:
                        measure_flavor(flavor, t, args.duration, args.warmup, results)
                finally:
                    flavor.close()
            if pgbench:
                for label, script in [("insert", PGBENCH_INSERT), ("es-txn", PGBENCH_ES_TXN)]:
                    for t in threads:
                        sample = run_pgbench(pgbench, url, script, t, args.duration, args.warmup)
                        results.add((f"pgbench {label}", t), sample)
            print(f"round {r}/{args.rounds} done in {time.time() - t_round:.0f} s", flush=True)
        print("loading a pledge with many progress reports ...", flush=True)
        loads = bench_loads(url, args.pool_size, args.reports, args.loads)
        costs = [] if args.no_costs else bench_costs(url, args.pool_size, args.profile_ops)

        print()
        print("=" * 100)
        print("(1-3) commands per second and latency")
        for line in print_table(results, args.rounds):
            print(line)
        print()
        print(
            f"(4) loading one pledge with {loads.events} events ({args.reports} progress reports)"
        )
        for label, ms in [
            ("with snapshots", loads.snapshot_ms),
            ("without snapshots", loads.no_snapshot_ms),
        ]:
            print(
                f"  {label:<20} median {med(ms):7.2f} ms   p95 {percentile(ms, 0.95):7.2f} ms"
                f"   (n={len(ms)}; bar < 10 ms: {'MET' if med(ms) < 10 else 'MISSED'} at median,"
                f" {'MET' if percentile(ms, 0.95) < 10 else 'MISSED'} at p95)"
            )
        print(
            f"  latest snapshot at version {loads.snapshot_version} "
            f"({loads.snapshot_bytes / 1024:.0f} KiB); {loads.events_after_snapshot} events "
            "replayed after it"
        )
        usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print()
        print(
            f"(5) peak memory (maxrss): bench process {usage:.0f} MiB; largest child "
            f"(pgbench) {children:.0f} MiB"
        )
        print()
        print("(6) ratios app/raw (median of per-round ratios; rounds are interleaved)")
        pairs = [("app create", "raw create"), ("app update", "raw update")]
        if True in dbf:
            pairs += [("app create", "raw +dbf create"), ("app update", "raw +dbf update")]
            if False in dbf:
                pairs += [("raw +dbf create", "raw create"), ("raw +dbf update", "raw update")]
        for line in ratio_lines(results, threads, pairs):
            print(line)
        if costs:
            print()
            print("(7) costs per command (1 thread, after warm-up)")
            for line in costs:
                print(line)
        print()
        print("machine at the end: load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        print(f"total time {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
