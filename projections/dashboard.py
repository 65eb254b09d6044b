"""Dashboard aggregates, kept as counters that each event changes by its difference."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from psycopg import Cursor, sql
from psycopg.rows import DictRow

from projections.aggregates import Key, facts, shape
from projections.base import PledgeRowView
from projections.columns import COLUMNS, OPTIONAL
from projections.projection import PledgeRowProjection
from projections.state import Row


def difference(
    before: list[Row | None], after: list[Row]
) -> tuple[Counter[Key], dict[str, Decimal]]:
    counts: Counter[Key] = Counter()
    money: dict[str, Decimal] = {}
    for old, new in zip(before, after, strict=True):
        (old_keys, old_money), (new_keys, new_money) = facts(old), facts(new)
        counts.update(new_keys)
        if old_keys:
            counts.subtract(old_keys)
        for currency in old_money.keys() | new_money.keys():
            change = new_money.get(currency, Decimal(0)) - old_money.get(currency, Decimal(0))
            money[currency] = money.get(currency, Decimal(0)) + change
    return counts, money


class DashboardView(PledgeRowView):
    base_table = "dashboard_rows"
    columns: ClassVar[list[str]] = [c for c in COLUMNS if c not in OPTIONAL]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counts_table = f"dashboard_counts{self.suffix}"
        self.money_table = f"dashboard_money{self.suffix}"

    def tables(self) -> list[str]:
        return [*super().tables(), self.counts_table, self.money_table]

    def prepare_statements(self) -> None:
        super().prepare_statements()
        self.add_count_sql = (
            sql.SQL(
                "INSERT INTO {0} (dimension, key, pledges) VALUES (%s, %s, %s) ON CONFLICT "
                "(dimension, key) DO UPDATE SET pledges = {0}.pledges + EXCLUDED.pledges"
            )
            .format(sql.Identifier(f"dashboard_counts{self.suffix}"))
            .as_string()
        )
        self.add_money_sql = (
            sql.SQL(
                "INSERT INTO {0} (currency, amount) VALUES (%s, %s) ON CONFLICT (currency) "
                "DO UPDATE SET amount = {0}.amount + EXCLUDED.amount"
            )
            .format(sql.Identifier(f"dashboard_money{self.suffix}"))
            .as_string()
        )

    def rows_changed(
        self, curs: Cursor[DictRow], before: list[Row | None], after: list[Row]
    ) -> None:
        counts, money = difference(before, after)
        self.add(curs, counts, money)

    def add(self, curs: Cursor[DictRow], counts: Counter[Key], money: dict[str, Decimal]) -> None:
        changes = [(d, k, n) for (d, k), n in sorted(counts.items()) if n]
        if changes:
            curs.executemany(self.add_count_sql, changes)
        amounts = [(c, a) for c, a in sorted(money.items()) if a]
        if amounts:
            curs.executemany(self.add_money_sql, amounts)

    def dashboard(self, today: date) -> dict[str, Any]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                sql.SQL(
                    "SELECT dimension, key, pledges FROM {} WHERE dimension <> 'pledger'"
                    " AND pledges <> 0"
                ).format(sql.Identifier(self.counts_table))
            )
            counts: Counter[Key] = Counter({(r["dimension"], r["key"]): r["pledges"] for r in curs})
            curs.execute(
                sql.SQL(
                    "SELECT count(*) n FROM {} WHERE dimension = 'pledger' AND pledges > 0"
                ).format(sql.Identifier(self.counts_table))
            )
            pledgers = curs.fetchone()["n"]  # type: ignore[index]
            curs.execute(
                sql.SQL("SELECT currency, amount FROM {} WHERE amount <> 0").format(
                    sql.Identifier(self.money_table)
                )
            )
            money = {
                r["currency"]: (
                    Decimal(r["amount"]),
                    counts.get(("money_pledges", r["currency"]), 0),
                )
                for r in curs
            }
            curs.execute(
                sql.SQL(
                    "SELECT count(*) n FROM {} WHERE final_status IS NULL AND deadline < %s"
                    " AND review = 'published'"
                ).format(sql.Identifier(self.table)),
                (today,),
            )
            overdue = curs.fetchone()["n"]  # type: ignore[index]
        return shape(counts, money, pledgers, overdue)


class DashboardAggregates(PledgeRowProjection):
    name = "dashboard"
