"""Deadline scan benchmark (issue 5): the scan's cost follows the due pledges, not all pledges.
(The mail's speed is bench/mailer.py's.)

    .venv/bin/python bench/scan.py [--due 1000] [--others 99000] [--rounds 3]

Makes a scratch database on the server named by --database-url, and drops it afterwards.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.taxonomy import Category, PledgeType, Role
from domain.values import Actor
from infrastructure.contacts import Contact
from infrastructure.container import Container
from infrastructure.settings import load_settings
from service.container import build_container
from tests.factories import content
from workers.catch_up import catch_up
from workers.scan import scan_deadlines

TODAY = date(2026, 11, 22)
SECRETARIAT = Actor("bench", Role.SECRETARIAT)
FILLER = """INSERT INTO deadline_rows (pledge_id, reference, pledger_id, pledger_name, category,
    title, type, forms, objectives, round_tables, principles, levels, countries, region, language,
    gcr_mirror, target_count, pledged_on, deadline, submitted_at, final_status, status,
    percent_complete, reports, matches, partners, partner_ids, matched_amount, reminders, version,
    updated_at)
  SELECT gen_random_uuid(), 'GCM-2020-' || (900000 + n), gen_random_uuid(), 'Filler', 'other',
    'Filler', 'individual', '{policy}', '{1}', '{4}', '{}', '{local}', '{}', 'global', 'en', false,
    0, DATE '2019-01-01', d, now(), CASE WHEN d < %(today)s THEN 'fulfilled' END,
    CASE WHEN d < %(today)s THEN 'fulfilled' ELSE 'in_progress' END, 50, 1, 0, 0, '{}', 0,
    '{}', 3, now()
  FROM (SELECT n, %(today)s + ((n %% 3650) - 1825) AS d FROM generate_series(1, %(count)s) n) s
  WHERE d < %(today)s OR d > %(today)s + 31"""


def scratch(admin: str) -> str:
    name = f"bench_scan_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def drop(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def prepare(c: Container, due: int, others: int) -> None:
    """`due` overdue pledges (deadline yesterday: due again every 30 days) and `others`
    pledges in the deadlines projection that no reminder is due for."""
    c.app.today = lambda: TODAY
    pledger = c.app.register_pledger("Bench", Category.CIVIL_SOCIETY, None, False, SECRETARIAT)
    c.contacts.add(pledger, [Contact(name="Bench", email="bench@example.org")])
    for _ in range(due):
        c.app.submit(
            pledger,
            content(type=PledgeType.INDIVIDUAL),
            date(2025, 1, 1),
            TODAY - timedelta(days=1),
            SECRETARIAT,
        )
    caught_up(c)
    with c.database.pool().connection() as conn:
        conn.execute(FILLER, {"today": TODAY, "count": int(others * 1.02)})
        conn.execute("ANALYZE deadline_rows")


def caught_up(c: Container) -> None:
    from projections.registry import PROJECTIONS

    projection, view = PROJECTIONS["deadlines"]
    catch_up(
        "deadlines",
        projection,
        view,
        c.eventsourcing_env,
        c.database.conninfo,
        lambda: c.views.positions()["deadlines"],
        c.app.recorder.max_notification_id() or 0,
    )


def scan_rounds(c: Container, rounds: int) -> list[float]:
    times = []
    for r in range(rounds):
        day = TODAY + timedelta(days=30 * r)
        c.app.today = lambda day=day: day
        caught_up(c)
        started = time.perf_counter()
        result = scan_deadlines(c, day)
        times.append(time.perf_counter() - started)
        print(f"    round {r + 1}: {len(result.reminders)} reminders in {times[-1]:.2f} s")
    return times


def one_case(admin: str, url: str, due: int, others: int, rounds: int) -> list[float]:
    name = scratch(admin)
    try:
        with build_container(
            load_settings(
                database_url=url.rsplit("/", 1)[0] + "/" + name, environment="test", pool_size=4
            )
        ) as c:
            prepare(c, due, others)
            with c.database.pool().connection() as conn:
                row = conn.execute("SELECT count(*) FROM deadline_rows").fetchone()
            print(f"  {row[0] if row else 0} pledges in the deadlines projection, {due} due")
            return scan_rounds(c, rounds)
    finally:
        drop(admin, name)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--others", type=int, default=99000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    url = args.database_url
    print(f"Scan: {args.due} due among {args.due + args.others} pledges")
    large = one_case(url, url, args.due, args.others, args.rounds)
    print(f"Scan: {args.due} due among {args.due} pledges (baseline)")
    small = one_case(url, url, args.due, 0, args.rounds)
    ratio = statistics.median(large) / statistics.median(small)
    print(
        f"\nscan median: {statistics.median(large):.2f} s at {args.due + args.others} pledges, "
        f"{statistics.median(small):.2f} s at {args.due}; ratio {ratio:.2f} (bar: within 2x)"
    )
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
