"""Hash chain benchmark: the write rate with the chain against without it, in the same run,
and `pledges verify` over a log of a million events.

    .venv/bin/python bench/chain.py                       # 5 rounds of 3 s, 1,000,000 events
    .venv/bin/python bench/chain.py --rounds 3 --events 100000

Writes: two scratch databases, both migrated; in one, the insert function is put back as it
was before migration 0005 (no hashes), so the same application code writes to both. Rounds
interleave the two (as bench/event_store.py does), each the app's submit and report_progress
commands, one writer and several; figures are medians, the ratio the median of per-round
ratios (bar: at least 0.9).

Verify: a third scratch database migrated up to 0004, filled with events by SQL (one
submission-sized event in five, the rest report-sized), then migration 0005 chains them
(timed: the upgrade of an existing database) and verify reads them all (bar: under 60 s).
Every scratch database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.event_store import (  # noqa: E402
    DEFAULT_URL,
    Results,
    TrackerFlavor,
    med,
    run_threads,
    scratch_database,
)
from infrastructure.chain import verify  # noqa: E402
from infrastructure.migrations import available, migrate  # noqa: E402

# The insert function as migration 0001 made it: the library's transaction, no hashes.
UNCHAINED = """
ALTER TABLE pledges_events ALTER COLUMN previous_hash DROP NOT NULL,
    ALTER COLUMN hash DROP NOT NULL;
CREATE OR REPLACE FUNCTION pledges_events_insert(events stored_event_uuid[])
RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$ BEGIN
    SET LOCAL lock_timeout = '0s';
    LOCK TABLE pledges_events IN EXCLUSIVE MODE;
    NOTIFY pledges_events;
    RETURN QUERY INSERT INTO pledges_events AS t
        (originator_id, originator_version, topic, state)
        SELECT originator_id, originator_version, topic, state FROM unnest(events)
        RETURNING notification_id;
END; $BODY$;
"""
# Events by SQL: pledge g/10, version g%10+1; one in five the size of a submission.
FILL = """INSERT INTO pledges_events (originator_id, originator_version, topic, state)
SELECT md5((g / 10)::text)::uuid, g %% 10 + 1,
    CASE WHEN g %% 5 = 0 THEN 'domain.pledge:Pledge.Submitted'
         ELSE 'domain.pledge:Pledge.ProgressReported' END,
    convert_to('{"timestamp":"2026-12-02T10:00:00.000000Z","n":' || g || ',"text":"'
        || repeat('x', CASE WHEN g %% 5 = 0 THEN 1200 ELSE 200 END) || '"}', 'UTF8')
FROM generate_series(%s, %s) g"""


def bench_writes(url_chain: str, url_plain: str, args: argparse.Namespace) -> list[str]:
    flavors = {"chain": TrackerFlavor(url_chain, args.pool_size)}
    flavors["plain"] = TrackerFlavor(url_plain, args.pool_size)
    results = Results()
    threads = [int(t) for t in args.threads.split(",")]
    try:
        for round_ in range(args.rounds):
            for t in threads:
                for name, flavor in flavors.items():
                    create, outputs = run_threads(t, args.duration, args.warmup, flavor.create_op)
                    results.add((f"{name} submit", t), create)
                    made = [x for per in outputs for x in per]
                    shares = [made[i::t] or made[:1] for i in range(t)]
                    update, _ = run_threads(
                        t,
                        args.duration,
                        args.warmup,
                        lambda i, s=shares, f=flavor: f.update_op(i, s[i]),
                    )
                    results.add((f"{name} report", t), update)
            print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr)
    finally:
        for flavor in flavors.values():
            flavor.close()
    lines = []
    for command in ("submit", "report"):
        for t in threads:
            chain, plain = (
                results.samples[(f"chain {command}", t)],
                results.samples[(f"plain {command}", t)],
            )
            ratios = [a.rate / b.rate for a, b in zip(chain, plain, strict=True) if b.rate]
            verdict = "MET" if med(ratios) >= 0.9 else "MISSED"
            lines.append(
                f"{command:<7}{t:>3} writers: chain {med([s.rate for s in chain]):7.1f}/s,"
                f" without {med([s.rate for s in plain]):7.1f}/s, ratio {med(ratios):.2f}"
                f" (rounds {min(ratios):.2f}-{max(ratios):.2f}; bar 0.90: {verdict})"
            )
    return lines


def bench_paired(url_chain: str, url_plain: str, pairs: int, pool_size: int) -> list[str]:
    """One writer, the two databases in turn command by command (which goes first alternates):
    both meet the same noise of a shared machine, which cells of seconds do not."""
    flavors = [TrackerFlavor(url_chain, pool_size), TrackerFlavor(url_plain, pool_size)]
    lines = []
    try:
        made: list[list[object]] = [[f.create_op(0)()] for f in flavors]
        for command in ("submit", "report"):
            ops = [
                f.create_op(0) if command == "submit" else f.update_op(0, made[i])
                for i, f in enumerate(flavors)
            ]
            times: list[list[float]] = [[], []]
            for n in range(pairs):
                for i in (0, 1) if n % 2 else (1, 0):
                    started = time.perf_counter()
                    out = ops[i]()
                    times[i].append(time.perf_counter() - started)
                    if command == "submit":
                        made[i].append(out)
            chain, plain = (pairs / sum(t) for t in times)
            p50 = [med(t) * 1000 for t in times]
            lines.append(
                f"{command:<7} 1 writer, paired: chain {chain:6.1f}/s, without {plain:6.1f}/s,"
                f" ratio {chain / plain:.2f} (median latency {p50[0]:.2f} against"
                f" {p50[1]:.2f} ms; bar 0.90: {'MET' if chain / plain >= 0.9 else 'MISSED'})"
            )
    finally:
        for flavor in flavors:
            flavor.close()
    return lines


def bench_verify(url: str, events: int) -> list[str]:
    known = available()
    migrate(url, known[:4])
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        step = 100_000
        for first in range(0, events, step):
            conn.execute(FILL, (first, min(first + step, events) - 1))
        conn.execute("VACUUM ANALYZE pledges_events")
        size = conn.execute("SELECT pg_size_pretty(pg_table_size('pledges_events'))").fetchone()
    filled = time.perf_counter() - started
    started = time.perf_counter()
    migrate(url, known)
    chained = time.perf_counter() - started
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        result = verify(conn)
    took = time.perf_counter() - started
    assert result.ok and result.events == events, result
    verdict = "MET" if took < 60 else "MISSED"
    return [
        f"log of {events:,} events ({size[0] if size else '?'}) written by SQL in {filled:.1f} s",
        f"migration 0005 chained them in {chained:.1f} s",
        f"verify: {events:,} events in {took:.1f} s, {events / took:,.0f}/s (bar 60 s: {verdict})",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--duration", type=float, default=3.0, help="seconds measured per cell")
    parser.add_argument("--warmup", type=float, default=0.5, help="seconds before measuring")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (medians)")
    parser.add_argument("--threads", default="1,8", help="writer thread counts")
    parser.add_argument("--pool-size", type=int, default=10)
    parser.add_argument("--pairs", type=int, default=2000, help="paired commands of each kind")
    parser.add_argument("--events", type=int, default=1_000_000, help="events to verify")
    parser.add_argument("--no-writes", action="store_true", help="only the verification")
    parser.add_argument("--no-verify", action="store_true", help="only the write rates")
    args = parser.parse_args(argv)
    lines: list[str] = []
    if not args.no_writes:
        with (
            scratch_database(args.database_url) as chain,
            scratch_database(args.database_url) as plain,
        ):
            migrate(chain)
            migrate(plain)
            with psycopg.connect(plain, autocommit=True) as conn:
                conn.execute(UNCHAINED.encode())
            lines += bench_paired(chain, plain, args.pairs, args.pool_size)
            lines += bench_writes(chain, plain, args)
    if not args.no_verify:
        with scratch_database(args.database_url) as url:
            lines += bench_verify(url, args.events)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
