"""Import benchmark: a template workbook of N pledges (default 3,500), each with two targets
and three progress reports, imported into a scratch database on the server; then the same
file again (everything skipped). Prints seconds, pledges/s and peak memory (RSS).

    .venv/bin/python bench/import.py [--pledges 3500] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

from api.imports.importer import Importer  # noqa: E402
from api.imports.template import book  # noqa: E402
from infrastructure.settings import load_settings  # noqa: E402
from service.container import build_container  # noqa: E402

TEXT = (
    "The organisation commits to open information points for newly arrived migrants, to "
    "train staff in a rights-based approach and to report twice a year on people served, "
    "with data disaggregated by sex, age and migration status, together with local "
    "authorities, civil society and the private sector, in a whole-of-society approach."
)


def workbook(pledges: int) -> bytes:
    start = date(2019, 1, 15)
    rows: dict[str, list[list[object]]] = {
        "Pledgers": [],
        "Pledges": [],
        "Targets": [],
        "Reports": [],
    }
    for p in range(pledges // 3 + 1):
        rows["Pledgers"].append([f"Migrant Support Network {p + 1}", "civil_society", "PRT", ""])
    for i in range(pledges):
        on = start + timedelta(days=i % 1200)
        ref = f"GCM-{on.year}-{i + 1:05d}"
        rows["Pledges"].append(
            [
                ref,
                f"Migrant Support Network {i // 3 + 1}",
                f"Information points ({i + 1})",
                TEXT,
                "individual",
                "process; policy",
                f"{i % 23 + 1}" if i % 23 == 15 else f"{i % 23 + 1}; 16",
                "human_rights",
                "local",
                "PRT",
                "europe_north_america",
                "en",
                on,
                on + timedelta(days=1500),
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
        rows["Targets"] += [
            [ref, "people served", 0, 1000, "people"],
            [ref, "staff trained", 0, 50, "people"],
        ]
        for n in range(1, 4):
            as_of = on + timedelta(days=120 * n)
            rows["Reports"].append(
                [
                    ref,
                    as_of,
                    20 * n,
                    f"Report {n}.",
                    f"people served: {250 * n}; staff trained: {10 * n}",
                ]
            )
    out = io.BytesIO()
    book(rows).save(out)
    return out.getvalue()


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pledges", type=int, default=3500)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    data = workbook(args.pledges)
    print(f"workbook: {len(data) / 2**20:.1f} MiB, peak so far {peak_mib():.0f} MiB")
    name = f"bench_import_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        url = args.database_url.rsplit("/", 1)[0] + "/" + name
        settings = load_settings(database_url=url, environment="test", pool_size=2)
        with build_container(settings) as c:
            for label in ("first import", "same file again"):
                began = time.perf_counter()
                s = Importer(c.app, {}).run("bench.xlsx", data, "cli:bench")
                took = time.perf_counter() - began
                assert not s.errors, s.errors[:5]
                print(
                    f"{label}: {took:.1f} s, {args.pledges / took:.0f} pledges/s, imported "
                    f"{s.pledges_imported}, skipped {s.pledges_skipped}, reports {s.reports}, "
                    f"peak RSS {peak_mib():.0f} MiB"
                )
    finally:
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


if __name__ == "__main__":
    main()
