"""Dashboard figures: what one pledge row contributes, and the shape the API answers with."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from psycopg import Cursor, sql
from psycopg.rows import DictRow

from domain.taxonomy import OBJECTIVES, Category, Form, Level, PledgeType, Region, Status
from projections.state import Row

Key = tuple[str, str]
SCALARS = ("status", "category", "region", "type")
ARRAYS = {
    "objective": "objectives",
    "form": "forms",
    "level": "levels",
    "round_table": "round_tables",
}
UNDERREPORTED = 5


def month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"  # strftime costs ten times as much


def facts(row: Row | None) -> tuple[list[Key], dict[str, Decimal]]:
    """The counters one pledge adds one to (a counter may appear more than once), and the
    money it pledges by currency. A list, not a Counter: Counter.update counts a list in C,
    and a rebuild sums this for every pledge."""
    if row is None or row["review"] != "published":  # the public's figures: published only
        return [], {}
    keys: list[Key] = [("pledges", "all"), ("pledger", str(row["pledger_id"]))]
    keys += [(name, str(row[name] or "unknown")) for name in SCALARS]
    for name, column in ARRAYS.items():
        keys += [(name, str(value)) for value in row[column]]
    keys.append(("submitted_month", month(row["pledged_on"])))
    if row["status"] == Status.FULFILLED and row["fulfilled_on"] is not None:
        keys.append(("fulfilled_month", month(row["fulfilled_on"])))
    money: dict[str, Decimal] = {}
    if row["amount"] is not None and row["currency"]:
        keys.append(("money_pledges", row["currency"]))
        money[row["currency"]] = Decimal(row["amount"])
    return keys, money


def counts_query(
    curs: Cursor[DictRow], table: str, _pledgers: str, where: sql.Composable, params: dict[str, Any]
) -> dict[str, Any]:
    """The same counters as `facts` summed, computed by SQL over a filtered set of rows."""
    counts: Counter[Key] = Counter()
    t = sql.Identifier(table)

    def run(query: sql.Composed) -> list[DictRow]:
        return curs.execute(query, params).fetchall()

    for row in run(
        sql.SQL("SELECT count(*) n, count(DISTINCT pledger_id) p FROM {} WHERE {}").format(t, where)
    ):
        counts["pledges", "all"], pledgers = row["n"], row["p"]
    for name in SCALARS:
        for row in run(
            sql.SQL("SELECT {0} k, count(*) n FROM {1} WHERE {2} GROUP BY {0}").format(
                sql.Identifier(name), t, where
            )
        ):
            counts[name, str(row["k"] or "unknown")] = row["n"]
    for name, column in ARRAYS.items():
        for row in run(
            sql.SQL("SELECT k, count(*) n FROM {0}, unnest({1}) k WHERE {2} GROUP BY k").format(
                t, sql.Identifier(column), where
            )
        ):
            counts[name, str(row["k"])] = row["n"]
    months = "SELECT to_char({0}, 'YYYY-MM') k, count(*) n FROM {1} WHERE {2} AND {3} GROUP BY k"
    for key, column, extra in (
        ("submitted_month", "pledged_on", "TRUE"),
        ("fulfilled_month", "fulfilled_on", "status = 'fulfilled'"),
    ):
        for row in run(sql.SQL(months).format(sql.Identifier(column), t, where, sql.SQL(extra))):
            counts[key, row["k"]] = row["n"]
    money_rows = run(
        sql.SQL(
            "SELECT currency k, sum(amount) s, count(*) n FROM {} WHERE {}"
            " AND amount IS NOT NULL GROUP BY currency"
        ).format(t, where)
    )
    overdue = run(
        sql.SQL(
            "SELECT count(*) n FROM {} WHERE {} AND final_status IS NULL AND deadline < %(today)s"
        ).format(t, where)
    )[0]["n"]
    money = {r["k"]: (Decimal(r["s"]), r["n"]) for r in money_rows}
    return shape(counts, money, pledgers, overdue)


def _by(counts: Counter[Key], dimension: str, codes: list[str]) -> dict[str, int]:
    return {code: counts.get((dimension, code), 0) for code in codes}


def shape(
    counts: Counter[Key], money: dict[str, tuple[Decimal, int]], pledgers: int, overdue: int
) -> dict[str, Any]:
    total = counts.get(("pledges", "all"), 0)
    by_status = _by(counts, "status", [s.value for s in Status])
    active = total - sum(by_status[s] for s in ("fulfilled", "lapsed", "withdrawn"))
    by_objective = [
        {
            "objective": n,
            "label": label,
            "title": title,
            "pledges": counts.get(("objective", str(n)), 0),
        }
        for n, (title, label) in OBJECTIVES.items()
    ]
    fewest = sorted(by_objective, key=lambda o: (o["pledges"], o["objective"]))[:UNDERREPORTED]
    for item in by_objective:
        item["underreported"] = item in fewest
    months = sorted({k for d, k in counts if d in ("submitted_month", "fulfilled_month")})
    return {
        "totals": {"pledges": total, "pledgers": pledgers, "overdue": overdue, **by_status},
        "rates": {
            "fulfilment": round(by_status["fulfilled"] / total, 4) if total else 0.0,
            "overdue": round(overdue / active, 4) if active else 0.0,
        },
        "financial": [
            {"currency": c, "amount": str(a), "pledges": n} for c, (a, n) in sorted(money.items())
        ],
        "by_objective": by_objective,
        "underreported_objectives": [o["objective"] for o in fewest],
        "by_status": by_status,
        "by_category": _by(counts, "category", [c.value for c in Category]),
        "by_region": _by(counts, "region", [r.value for r in Region]),
        "by_type": _by(counts, "type", [t.value for t in PledgeType]),
        "by_form": _by(counts, "form", [f.value for f in Form]),
        "by_level": _by(counts, "level", [v.value for v in Level]),
        "by_round_table": _by(counts, "round_table", ["1", "2", "3", "4"]),
        "over_time": [
            {
                "month": m,
                "submitted": counts.get(("submitted_month", m), 0),
                "fulfilled": counts.get(("fulfilled_month", m), 0),
            }
            for m in months
        ],
    }
