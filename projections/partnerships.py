"""Who pledges with whom: joint pledges (with at least one partner that joined) among the
pledges the filters select, and the pledgers in the most of them (as owner or partner).

Invited partners are not counted: the read model's `partner_ids` holds only partners that
joined (projections/state.py), so nothing unconsented reaches the dashboard.
"""

from __future__ import annotations

from typing import Any

from psycopg import Cursor, sql
from psycopg.rows import DictRow

TOP = 10


def partnerships(
    curs: Cursor[DictRow],
    table: str,
    pledgers_table: str,
    where: sql.Composable,
    params: dict[str, Any],
) -> dict[str, Any]:
    """{"joint", "pledges", "share", "top": [{"pledger_id", "name", "joint_pledges"}]}."""
    totals = curs.execute(
        sql.SQL(
            "SELECT count(*) AS pledges, count(*) FILTER (WHERE partners > 0) AS joint"
            " FROM {} WHERE {}"
        ).format(sql.Identifier(table), where),
        params,
    ).fetchone()
    pledges, joint = (totals["pledges"], totals["joint"]) if totals else (0, 0)
    top = curs.execute(
        sql.SQL(
            "WITH joint AS (SELECT pledge_id, pledger_id, partner_ids FROM {table}"
            " WHERE partners > 0 AND {where}),"
            " member AS (SELECT pledge_id, pledger_id AS who FROM joint"
            " UNION SELECT pledge_id, unnest(partner_ids) FROM joint)"
            " SELECT m.who AS pledger_id, coalesce(p.name, '') AS name,"
            " count(DISTINCT m.pledge_id) AS joint_pledges"
            " FROM member m LEFT JOIN {pledgers} p ON p.pledger_id = m.who"
            " GROUP BY m.who, p.name ORDER BY joint_pledges DESC, name LIMIT {top}"
        ).format(
            table=sql.Identifier(table),
            where=where,
            pledgers=sql.Identifier(pledgers_table),
            top=sql.Literal(TOP),
        ),
        params,
    ).fetchall()
    return {
        "joint": joint,
        "pledges": pledges,
        "share": round(joint / pledges, 4) if pledges else 0.0,
        "top": [dict(r) for r in top],
    }
