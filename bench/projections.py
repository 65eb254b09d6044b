"""Projection benchmark (issue 4): rebuild rate, projection lag, read latency over HTTP.

    .venv/bin/python bench/projections.py --reuse            # prepare once, then measure
    .venv/bin/python bench/projections.py --help

One run, against a dedicated database filled with sample data through the application (the
same `SampleData` as `pledges sample-data`), prints:

1. the rebuild rate of each projection (`projections.rebuild.rebuild`) in events/s, against
   the rate of reading the notification log in the same run: raw, the library's
   `select_notifications` in pages of 1000 without decoding, and with
   `app.mapper.to_domain_event` (bar: >= 0.3 x raw and >= 5,000 events/s); and, to show what a
   rebuild costs beyond its own reading, the rebuild's own reader (`projections/log.py`, binary
   rows in chunks of 2000), rows only and decoded;
2. projection lag p50/p95/p99 while progress reports arrive at a paced 200 commands/s, with
   the real runners in a separate worker process (the projection runners of `pledges worker`,
   without its deadline scan and mailer) (bar: p99 < 250 ms);
3. `GET /api/pledges?status=in_progress&objective=5`, `GET /api/dashboard` and `/healthz`
   latency over HTTP on a real uvicorn server on localhost (bar: p95 < 50 ms);
4. peak memory of the bench, the worker and the server.

Figures are medians over rounds (every workload once per round), because the machine is shared.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402
from psycopg.conninfo import conninfo_to_dict  # noqa: E402
from psycopg.rows import tuple_row  # noqa: E402

from domain.pledge import Pledge  # noqa: E402
from domain.taxonomy import Role, Status  # noqa: E402
from domain.values import Actor  # noqa: E402
from infrastructure.container import Container  # noqa: E402
from infrastructure.settings import load_settings  # noqa: E402
from projections.log import LogReader  # noqa: E402
from projections.rebuild import cycles_uncollected, rebuild  # noqa: E402
from projections.registry import APPLICATION, PROJECTIONS  # noqa: E402
from service.container import build_container  # noqa: E402
from service.sample import SampleData  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
SEED = 2026
SECRETARIAT = Actor(id="bench", role=Role.SECRETARIAT)
META_TABLE = "bench_projections_meta"
BARS = {"rebuild_ratio": 0.3, "rebuild_rate": 5000.0, "lag_p99_ms": 250.0, "http_p95_ms": 50.0}
LIST_PATH = "/api/pledges?status=in_progress&objective=5"
VENV_BIN = Path(sys.executable).parent


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float], fmt: str = "{:,.0f}") -> str:
    if not values:
        return "n/a"
    return f"{fmt.format(median(values))} ({fmt.format(min(values))}-{fmt.format(max(values))})"


# ---- the database ------------------------------------------------------------------------
def database_url(admin_url: str, dbname: str) -> str:
    params = conninfo_to_dict(admin_url)
    params["dbname"] = dbname
    user, host = params.get("user", "postgres"), params.get("host", "127.0.0.1")
    port = params.get("port", 5432)
    password = params.get("password")
    auth = f"{user}:{password}" if password else f"{user}"
    return f"postgresql://{auth}@{host}:{port}/{dbname}"


def admin(admin_url: str, statement: sql.Composable) -> None:
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(statement)


def database_exists(admin_url: str, dbname: str) -> bool:
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
    return row is not None


def read_meta(url: str) -> dict[str, str] | None:
    """What a finished preparation recorded, or None (absent, or interrupted)."""
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
            rows = conn.execute(f"SELECT key, value FROM {META_TABLE}").fetchall()  # noqa: S608
    except psycopg.Error:
        return None
    meta = dict(rows)
    return meta if meta.get("complete") == "yes" else None


class ExtraReports(SampleData):
    """`SampleData` with `extra` more progress reports on each pledge that is still open after
    its simulated life ends at a report, so the event count approaches the issue's 10 per
    pledge. Drawn from a second random stream: the base data set stays that of the CLI."""

    def __init__(self, *args: Any, extra: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.extra = extra
        self.extra_rng = random.Random(SEED + 1)

    def report(self, pledge: Pledge, actor: Actor) -> None:
        super().report(pledge, actor)
        end = min(pledge.deadline, self.today)
        as_of = pledge.last_report_on or pledge.pledged_on
        if pledge.status != Status.IN_PROGRESS:  # leave the mix of statuses as it was
            return
        percent = pledge.percent_complete
        for _ in range(self.extra):
            as_of = min(as_of + timedelta(days=self.extra_rng.randint(20, 60)), end)
            if as_of < pledge.pledged_on:
                return
            percent = min(100, percent + self.extra_rng.randint(0, 5))
            pledge.report_progress(
                as_of,
                percent,
                f"Interim update as of {as_of}: {percent}% done.",
                (),
                actor,
                as_of,
            )


def prepare(args: argparse.Namespace, url: str, dbname: str) -> dict[str, str]:
    """Create the database and fill it through the application, within the time budget."""
    if database_exists(args.database_url, dbname):
        log(f"dropping {dbname} (incomplete or not --reuse)")
        admin(args.database_url, sql.SQL("DROP DATABASE {} WITH (FORCE)").format(
            sql.Identifier(dbname)))  # fmt: skip
    admin(args.database_url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    today = date.fromisoformat(args.today)
    started = time.monotonic()
    budget = args.fill_budget * 60
    with build_container(load_settings(database_url=url)) as c:
        data = ExtraReports(c.app, c.contacts, SEED, today, extra=args.extra_reports)
        written = [0]
        last_log = [started]

        class Budget(Exception):
            pass

        def progress(n: int) -> None:
            written[0] += n
            now = time.monotonic()
            if now - last_log[0] > 30:
                last_log[0] = now
                rate = written[0] / (now - started)
                log(f"  {written[0]:,} pledges, {data.events:,} events, {rate:,.0f} pledges/s")
            if now - started > budget:
                raise Budget

        try:
            data.run(args.pledges, progress)
        except Budget:
            log(f"fill budget of {args.fill_budget} min spent: keeping {written[0]:,} pledges")
        head = c.app.recorder.max_notification_id() or 0
        seconds = time.monotonic() - started
    meta = {
        "requested_pledges": str(args.pledges),
        "pledges": str(written[0]),
        "events": str(head),
        "extra_reports": str(args.extra_reports),
        "seed": str(SEED),
        "today": today.isoformat(),
        "fill_seconds": f"{seconds:.0f}",
        "complete": "yes",
    }
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {META_TABLE} (key text PRIMARY KEY, value text NOT NULL)")
        with conn.cursor() as curs:
            curs.executemany(f"INSERT INTO {META_TABLE} VALUES (%s, %s)", list(meta.items()))  # noqa: S608
        conn.execute("VACUUM ANALYZE")
    log(f"prepared {dbname}: {written[0]:,} pledges, {head:,} events in {seconds:,.0f} s")
    return meta


# ---- the figures -------------------------------------------------------------------------
@dataclass
class Report:
    dbname: str
    meta: dict[str, str]
    events: int = 0
    read_raw: list[float] = field(default_factory=list)  # events/s per round
    read_decoded: list[float] = field(default_factory=list)
    read_lean: list[float] = field(default_factory=list)  # the rebuild's own reader
    read_lean_decoded: list[float] = field(default_factory=list)
    rebuild: dict[str, list[float]] = field(default_factory=dict)  # events/s per round
    rebuild_ratio: dict[str, list[float]] = field(default_factory=dict)  # per-round ratio to raw
    rebuild_ratio_decoded: dict[str, list[float]] = field(default_factory=dict)
    rebuild_ratio_lean: dict[str, list[float]] = field(default_factory=dict)
    lag: list[dict[str, float]] = field(default_factory=list)  # per round
    lag_all: list[float] = field(default_factory=list)  # seconds, every command of every round
    lag_views_p99: dict[str, list[float]] = field(default_factory=dict)
    http: dict[str, list[dict[str, float]]] = field(default_factory=dict)  # path -> rounds
    http_notes: list[str] = field(default_factory=list)
    memory: dict[str, float] = field(default_factory=dict)  # MiB
    notes: list[str] = field(default_factory=list)

    def print(self, args: argparse.Namespace) -> None:
        out: list[str] = []
        add = out.append
        m = self.meta
        add("")
        add(f"Projection benchmark on {self.dbname}: {int(m['pledges']):,} pledges, "
            f"{self.events:,} events (requested {int(m['requested_pledges']):,} pledges, "
            f"extra reports {m['extra_reports']}, seed {m['seed']}, data until {m['today']}, "
            f"filled in {int(m['fill_seconds']):,} s)")  # fmt: skip
        add(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end; "
            f"{args.rebuild_rounds or args.rounds} rebuild rounds, {args.rounds} other rounds; "
            "figures are median (min-max) over rounds")  # fmt: skip
        add("")
        add("1. Rebuild vs reading the notification log (events/s)")
        add(f"   {'raw: library select_notifications, pages 1000':<44} {spread(self.read_raw):>28}")
        add(f"   {'library read + app.mapper.to_domain_event':<44} "
            f"{spread(self.read_decoded):>28}")  # fmt: skip
        add(f"   {'lean: the rebuild own reader, rows only':<44} {spread(self.read_lean):>28}")
        add(f"   {'lean read + decoding (LogReader)':<44} {spread(self.read_lean_decoded):>28}")
        for name, rates in self.rebuild.items():
            ratio = self.rebuild_ratio[name]
            ratio_d = self.rebuild_ratio_decoded[name]
            ratio_l = self.rebuild_ratio_lean[name]
            ok = median(ratio) >= BARS["rebuild_ratio"] and median(rates) >= BARS["rebuild_rate"]
            add(f"   {'rebuild ' + name:<44} {spread(rates):>28}   x raw "
                f"{spread(ratio, '{:.2f}')}, x decoded {spread(ratio_d, '{:.2f}')}, x lean "
                f"{spread(ratio_l, '{:.2f}')}  {'MET' if ok else 'MISSED'}")  # fmt: skip
        add(f"   bar: >= {BARS['rebuild_ratio']} x the raw read rate and >= "
            f"{BARS['rebuild_rate']:,.0f} events/s; the rebuild reads with its own query "
            "(lean), so x lean says what it costs beyond its own reading")  # fmt: skip
        add("")
        add(f"2. Projection lag at {args.rate:.0f} commands/s (progress reports, {args.writers} "
            "threads, the runners of `pledges worker` in a separate process), command return"
            " -> all three views' tracking position reach it (ms)")  # fmt: skip
        if self.lag:
            keys = ["p50", "p95", "p99", "max"]
            add(f"   {'round':<8}" + "".join(f"{k:>9}" for k in keys)
                + f"{'commands':>10}{'rate/s':>9}{'cmd p50':>9}{'cmd p99':>9}")  # fmt: skip
            for i, r in enumerate(self.lag, 1):
                add(f"   {i:<8}" + "".join(f"{r[k]:>9.1f}" for k in keys)
                    + f"{r['n']:>10.0f}{r['rate']:>9.1f}{r['cmd_p50']:>9.1f}"
                    f"{r['cmd_p99']:>9.1f}")  # fmt: skip
            add(f"   {'median':<8}" + "".join(
                f"{median([r[k] for r in self.lag]):>9.1f}" for k in keys))  # fmt: skip
            pooled = [x * 1000 for x in self.lag_all]
            add(f"   {'pooled':<8}" + "".join(
                f"{v:>9.1f}" for v in (percentile(pooled, 50), percentile(pooled, 95),
                                       percentile(pooled, 99), max(pooled))))  # fmt: skip
            for name, p99s in self.lag_views_p99.items():
                add(f"   p99 of {name} alone: {spread(p99s, '{:.1f}')} ms")
            ok = median([r["p99"] for r in self.lag]) < BARS["lag_p99_ms"]
            add(f"   bar: p99 < {BARS['lag_p99_ms']:.0f} ms  {'MET' if ok else 'MISSED'}")
        add("")
        add(f"3. HTTP on uvicorn (localhost, one process, sequential keep-alive requests, "
            f"{args.requests} per path per round) (ms)")  # fmt: skip
        for path, rounds in self.http.items():
            p50 = [r["p50"] for r in rounds]
            p95 = [r["p95"] for r in rounds]
            p99 = [r["p99"] for r in rounds]
            verdict = ""
            if path != "/healthz":
                verdict = "MET" if median(p95) < BARS["http_p95_ms"] else "MISSED"
            f1 = "{:.1f}"
            add(f"   GET {path:<46} p50 {spread(p50, f1):>18}  p95 "
                f"{spread(p95, f1):>18}  p99 {spread(p99, f1):>18}  {verdict}")  # fmt: skip
        for note in self.http_notes:
            add(f"   {note}")
        add(f"   bar: p95 < {BARS['http_p95_ms']:.0f} ms (/healthz is the baseline)")
        add("")
        add("4. Peak memory (maxrss / VmHWM, MiB)")
        for name, mib in self.memory.items():
            add(f"   {name:<44} {mib:>10,.0f}")
        for note in self.notes:
            add(f"note: {note}")
        print("\n".join(out), flush=True)


# ---- 1. rebuild against reading the log --------------------------------------------------
def read_log(c: Container, head: int, decode: bool) -> int:
    recorder, mapper, position, count = c.app.recorder, c.app.mapper, 0, 0
    while position < head:
        page = recorder.select_notifications(
            start=position, limit=1000, stop=head, inclusive_of_start=False
        )
        if not page:
            break
        if decode:
            for n in page:
                mapper.to_domain_event(n)
        position, count = page[-1].id, count + len(page)
    return count


def read_lean(c: Container, head: int, decode: bool) -> int:
    """The log as the rebuild reads it (projections/log.py), with or without decoding."""
    reader, position, count = LogReader(c.app), 0, 0
    while position < head:
        if decode:
            chunk = reader.events_after(position, head, 2000)
            ids = [n for n, _ in chunk]
        else:
            with (
                reader.datastore.get_connection() as conn,
                conn.cursor(binary=True, row_factory=tuple_row) as curs,
            ):
                ids = [r[0] for r in curs.execute(reader.query, (position, head, 2000)).fetchall()]
        if not ids:
            break
        position, count = ids[-1], count + len(ids)
    return count


def timed_rate(work: Callable[[], int]) -> float:
    started = time.perf_counter()
    count = work()
    return count / (time.perf_counter() - started)


def measure_rebuilds(args: argparse.Namespace, c: Container, report: Report) -> None:
    names = [n.strip() for n in args.projections.split(",") if n.strip()]
    datastore = c.app.recorder.datastore  # type: ignore[attr-defined]
    head = c.app.recorder.max_notification_id() or 0
    report.events = head
    for round_no in range(1, (args.rebuild_rounds or args.rounds) + 1):
        started = time.perf_counter()
        n = read_log(c, head, decode=False)
        raw = n / (time.perf_counter() - started)
        started = time.perf_counter()
        n = read_log(c, head, decode=True)
        decoded = n / (time.perf_counter() - started)
        report.read_raw.append(raw)
        report.read_decoded.append(decoded)
        with cycles_uncollected():  # as the rebuild reads
            lean = timed_rate(lambda: read_lean(c, head, decode=False))
            lean_decoded = timed_rate(lambda: read_lean(c, head, decode=True))
        report.read_lean.append(lean)
        report.read_lean_decoded.append(lean_decoded)
        log(f"round {round_no}: read {raw:,.0f}/s raw, {decoded:,.0f}/s decoded, lean "
            f"{lean:,.0f}/s, lean decoded {lean_decoded:,.0f}/s")  # fmt: skip
        for name in names:
            started = time.perf_counter()
            result = rebuild(name, c.app, datastore, lambda _done, _head: None)
            rate = result.events / (time.perf_counter() - started)
            report.rebuild.setdefault(name, []).append(rate)
            report.rebuild_ratio.setdefault(name, []).append(rate / raw)
            report.rebuild_ratio_decoded.setdefault(name, []).append(rate / decoded)
            report.rebuild_ratio_lean.setdefault(name, []).append(rate / lean)
            log(f"round {round_no}: rebuild {name}: {result.events:,} events, {rate:,.0f}/s")


# ---- 2. projection lag under paced commands ----------------------------------------------
@contextmanager
def subprocess_running(
    name: str, command: list[str], env: dict[str, str], report: Report
) -> Iterator[subprocess.Popen[bytes]]:
    logfile = open(f"/tmp/bench_projections_{name}_{os.getpid()}.log", "wb")  # noqa: S108
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=logfile, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        yield process
    finally:
        report.memory[f"{name} (pid {process.pid}, VmHWM)"] = vm_hwm(process.pid)
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        logfile.close()


def vm_hwm(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def service_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POSTGRES_", "PG"))}
    scratch = Path(f"/tmp/bench_projections_{os.getpid()}")  # noqa: S108
    env.update(
        DATABASE_URL=url,
        LOG_LEVEL="WARNING",
        ENVIRONMENT="development",
        DATA_DIR=str(scratch),  # mail and metrics files stay out of the project
        MAIL_DIR=str(scratch / "mail"),
    )
    return env


TRACKING_SQL = (
    "SELECT (SELECT max(notification_id) FROM pledge_summaries_tracking"
    " WHERE application_name = %(app)s),"
    " (SELECT max(notification_id) FROM dashboard_tracking WHERE application_name = %(app)s),"
    " (SELECT max(notification_id) FROM deadlines_tracking WHERE application_name = %(app)s)"
)
VIEWS = ("pledge_summaries", "dashboard", "deadlines")


class TrackingMonitor(threading.Thread):
    """Polls the three tracking positions; samples are (time they arrived, positions)."""

    def __init__(self, url: str, interval: float = 0.002) -> None:
        super().__init__(daemon=True, name="tracking-monitor")
        self.url, self.interval = url, interval
        self.times: list[float] = []
        self.positions: list[tuple[int, int, int]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stop.is_set():
                row = conn.execute(TRACKING_SQL, {"app": APPLICATION}, prepare=True).fetchone()
                now = time.monotonic()
                self.times.append(now)
                self.positions.append(tuple(int(v or 0) for v in row))  # type: ignore[union-attr,arg-type]
                time.sleep(self.interval)

    def current(self) -> tuple[int, int, int]:
        return self.positions[-1] if self.positions else (0, 0, 0)

    def reached(self, position: int, after: float, view: int | None = None) -> float | None:
        """When the views (or one) first showed `position` at or after `after`."""
        import bisect

        start = bisect.bisect_left(self.times, after)
        for i in range(start, len(self.times)):
            pos = self.positions[i]
            value = pos[view] if view is not None else min(pos)
            if value >= position:
                return self.times[i]
        return None


def in_progress_pledges(url: str, limit: int) -> list[tuple[Any, int]]:
    with psycopg.connect(url, autocommit=True) as conn:
        return [
            (r[0], r[1])
            for r in conn.execute(
                "SELECT pledge_id, percent_complete FROM pledge_summaries"
                " WHERE status = 'in_progress' AND deadline >= %s ORDER BY pledge_id LIMIT %s",
                (date.today(), limit),
            )
        ]


def paced_commands(
    c: Container, pledges: list[tuple[Any, int]], rate: float, writers: int, seconds: float
) -> tuple[list[tuple[float, int]], list[float], list[str]]:
    """Progress reports at `rate`/s from `writers` threads, each on its own pledges.
    Returns (return time, position) per command, command latencies, and errors."""
    results: list[tuple[float, int]] = []
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    shares = [pledges[i::writers] for i in range(writers)]
    start = time.monotonic() + 0.05
    end = start + seconds
    today = c.app.today()

    def writer(i: int) -> None:
        mine, k = shares[i], 0
        while True:
            due = start + (k * writers + i) / rate
            if due >= end:
                return
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            pledge_id, percent = mine[k % len(mine)]
            k += 1
            sent = time.monotonic()
            try:
                result = c.app.report_progress(
                    pledge_id, today, percent, f"Bench update {k}.", (), SECRETARIAT
                )
            except Exception as error:
                with lock:
                    errors.append(f"{type(error).__name__}: {error}")
                continue
            returned = time.monotonic()
            with lock:
                results.append((returned, int(result.position or 0)))
                latencies.append(returned - sent)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, latencies, errors


def run_projections(url: str) -> None:
    """The worker process of the lag run: every projection runner `pledges worker` starts
    (the three views and, where present, the mail outbox), each under its advisory lock, but
    not the daily deadline scan or the mailer, which would lapse pledges and send mail."""
    from workers.leadership import Leadership
    from workers.projection_runner import start_projection_runners

    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with build_container(load_settings(database_url=url)) as c:
        threads = start_projection_runners(c.eventsourcing_env, c.database.conninfo, stop)
        try:
            from workers.scheduler import outbox_job
        except ImportError:
            pass
        else:
            outbox = Leadership(
                "mail_outbox", c.database.conninfo, outbox_job(c.eventsourcing_env), stop
            )
            outbox.start()
            threads.append(outbox)
        stop.wait()
        for thread in threads:
            thread.join(timeout=10)


def wait_caught_up(monitor: TrackingMonitor, head: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if min(monitor.current()) >= head:
            return True
        time.sleep(0.1)
    return False


def measure_lag(args: argparse.Namespace, c: Container, url: str, report: Report) -> None:
    pledges = in_progress_pledges(url, 20_000)
    if len(pledges) < args.writers:
        report.notes.append("too few in-progress pledges for the lag measurement")
        return
    command = [sys.executable, str(Path(__file__).resolve()), "--run-projections", url]
    with subprocess_running("worker", command, service_env(url), report) as worker:
        monitor = TrackingMonitor(url)
        monitor.start()
        head = c.app.recorder.max_notification_id() or 0
        if not wait_caught_up(monitor, head, 900):
            report.notes.append(f"worker did not catch up with {head} in 900 s")
        log(f"worker {worker.pid} caught up at {head:,}")
        paced_commands(c, pledges, args.rate, args.writers, 2.0)  # warm-up, not counted
        time.sleep(1.0)
        for round_no in range(1, args.rounds + 1):
            results, latencies, errors = paced_commands(
                c, pledges, args.rate, args.writers, args.lag_seconds
            )
            time.sleep(1.0)  # let the views reach the last command
            lags: list[float] = []
            per_view: list[list[float]] = [[], [], []]
            missing = 0
            for returned, position in results:
                when = monitor.reached(position, returned)
                if when is None:
                    missing += 1
                    continue
                lags.append(when - returned)
                for v in range(3):
                    seen = monitor.reached(position, returned, v)
                    if seen is not None:
                        per_view[v].append(seen - returned)
            if missing:
                wait_caught_up(monitor, max(p for _, p in results), 30)
                for returned, position in results:
                    if monitor.reached(position, returned) is None:
                        lags.append(30.0)
            ms = [x * 1000 for x in lags]
            cms = [x * 1000 for x in latencies]
            gaps = [b - a for a, b in zip(monitor.times, monitor.times[1:], strict=False)]
            row = {
                "p50": percentile(ms, 50), "p95": percentile(ms, 95),
                "p99": percentile(ms, 99), "max": max(ms), "n": len(results),
                "rate": len(results) / args.lag_seconds,
                "cmd_p50": percentile(cms, 50), "cmd_p99": percentile(cms, 99),
                "poll_ms": median(gaps[-2000:]) * 1000 if gaps else float("nan"),
            }  # fmt: skip
            report.lag.append(row)
            report.lag_all.extend(lags)
            for v, name in enumerate(VIEWS):
                if per_view[v]:
                    report.lag_views_p99.setdefault(name, []).append(
                        percentile([x * 1000 for x in per_view[v]], 99)
                    )
            if errors:
                report.notes.append(f"lag round {round_no}: {len(errors)} failed commands, "
                                    f"first: {errors[0]}")  # fmt: skip
            log(f"lag round {round_no}: {len(results)} commands ({row['rate']:.0f}/s), "
                f"p50 {row['p50']:.1f} p95 {row['p95']:.1f} p99 {row['p99']:.1f} ms, "
                f"polling every {row['poll_ms']:.1f} ms")  # fmt: skip
        monitor.stop.set()
        monitor.join()
        report.notes.append(
            "lag is measured by polling the tracking tables every "
            f"~{median([r['poll_ms'] for r in report.lag]):.1f} ms; a figure includes up to "
            "one polling interval"
        )


# ---- 3. HTTP -----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed_gets(client: httpx.Client, path: str, n: int, check: Callable[[httpx.Response], None]
               ) -> list[float]:  # fmt: skip
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        check(response)
    return times


def measure_http(args: argparse.Namespace, url: str, report: Report) -> None:
    port = free_port()
    command = [
        str(VENV_BIN / "python"), "-m", "uvicorn", "api.main:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    with subprocess_running("uvicorn", command, service_env(url), report) as server:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("uvicorn did not start; see its log in /tmp")
                time.sleep(0.2)
            first_list = client.get(LIST_PATH).json()
            first_dash = client.get("/api/dashboard").json()
            report.http_notes.append(
                f"{LIST_PATH}: total {first_list['total']:,}, {len(first_list['items'])} items "
                f"a page; /api/dashboard: {first_dash['totals']['pledges']:,} pledges"
            )

            def ok(response: httpx.Response) -> None:
                if response.status_code != 200:
                    raise RuntimeError(f"{response.request.url}: {response.status_code}")

            paths = ["/healthz", LIST_PATH, "/api/dashboard"]
            for path in paths:
                timed_gets(client, path, 30, ok)  # warm-up
            for round_no in range(1, args.rounds + 1):
                for path in paths:
                    t = timed_gets(client, path, args.requests, ok)
                    figures = {"p50": percentile(t, 50), "p95": percentile(t, 95),
                               "p99": percentile(t, 99)}  # fmt: skip
                    report.http.setdefault(path, []).append(figures)
                    log(f"http round {round_no}: {path}: p50 {figures['p50']:.1f} "
                        f"p95 {figures['p95']:.1f} ms")  # fmt: skip


def measure(args: argparse.Namespace, url: str, report: Report) -> None:
    with build_container(load_settings(database_url=url, pool_size=max(10, args.writers + 2))) as c:
        measure_rebuilds(args, c, report)
        measure_lag(args, c, url, report)
    measure_http(args, url, report)
    report.memory["bench process (maxrss)"] = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )


# ---- main -------------------------------------------------------------------------------
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL),
        help="a server (and a database to administer it from); the bench works in its own "
        "database on that server, never in this one",
    )
    parser.add_argument("--pledges", type=int, default=100_000, help="pledges to prepare")
    parser.add_argument(
        "--extra-reports",
        type=int,
        default=5,
        help="more progress reports per pledge that has any, to approach 10 events per pledge",
    )
    parser.add_argument(
        "--database-name",
        default=None,
        help="the bench database; default pledges_bench_<size>, e.g. pledges_bench_100k",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the prepared database between runs (prepare it only if missing or "
        "unfinished); without it the database is dropped and prepared again",
    )
    parser.add_argument(
        "--drop", action="store_true", help="drop the bench database at the end of the run"
    )
    parser.add_argument("--run-projections", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--prepare-only", action="store_true", help="prepare, measure nothing")
    parser.add_argument(
        "--fill-budget",
        type=float,
        default=25.0,
        help="minutes the preparation may take; it keeps the pledges written by then",
    )
    parser.add_argument(
        "--today", default=date.today().isoformat(), help="the day the sample data ends"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every measurement")
    parser.add_argument(
        "--rebuild-rounds",
        type=int,
        default=None,
        help="rounds of reading and rebuilding (default: --rounds); each reads the whole log "
        "twice and rebuilds every projection",
    )
    parser.add_argument("--rate", type=float, default=200.0, help="commands/s during the lag run")
    parser.add_argument("--writers", type=int, default=4, help="threads sending commands")
    parser.add_argument(
        "--lag-seconds", type=float, default=15.0, help="seconds of paced commands per round"
    )
    parser.add_argument("--requests", type=int, default=300, help="HTTP requests per path/round")
    parser.add_argument(
        "--projections",
        default=",".join(PROJECTIONS),
        help="comma-separated projections to rebuild",
    )
    return parser.parse_args(argv)


def size_label(pledges: int) -> str:
    if pledges % 1_000_000 == 0:
        return f"{pledges // 1_000_000}m"
    if pledges % 1000 == 0:
        return f"{pledges // 1000}k"
    return str(pledges)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.run_projections:  # on SIGTERM, unwind: stop the worker and server it started
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.run_projections:
        run_projections(args.run_projections)
        return 0
    dbname = args.database_name or f"pledges_bench_{size_label(args.pledges)}"
    url = database_url(args.database_url, dbname)
    meta = read_meta(url) if args.reuse else None
    if meta is None:
        meta = prepare(args, url, dbname)
    else:
        log(f"reusing {dbname}: {int(meta['pledges']):,} pledges, {int(meta['events']):,} events")
    if args.prepare_only:
        return 0
    report = Report(dbname=dbname, meta=meta)
    try:
        measure(args, url, report)
    finally:
        if args.drop:
            admin(args.database_url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(dbname)))  # fmt: skip
    report.print(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
