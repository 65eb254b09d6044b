"""Suggestions for a pledge: published pledges of other pledgers it could partner with or
match, ranked by what they share with it.

A candidate's score adds PostgreSQL's trigram similarity (pg_trgm) of the titles and of the
descriptions to a tenth for each GCM objective and round table in common and a fifth for the
same region. Only candidates that share an objective, a round table or the region are scored,
so a query reads the pledges near this one, not every pledge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import sql

from projections.listing import FINAL
from projections.queries import SummaryQueries

SCORE = """(similarity(title, %(title)s) + similarity(coalesce(description, ''), %(description)s)
  + 0.1 * cardinality(ARRAY(SELECT unnest(objectives) INTERSECT
                            SELECT unnest(%(objectives)s::int[])))
  + 0.1 * cardinality(ARRAY(SELECT unnest(round_tables) INTERSECT
                            SELECT unnest(%(round_tables)s::int[])))
  + CASE WHEN region = %(region)s THEN 0.2 ELSE 0 END)"""
NEAR = (
    "(objectives && %(objectives)s::int[] OR round_tables && %(round_tables)s::int[]"
    " OR region = %(region)s)"
)


@dataclass(frozen=True)
class Subject:
    """The pledge suggestions are for: what is compared, and whose it is."""

    pledger_id: Any
    title: str
    description: str
    objectives: list[int]
    round_tables: list[int]
    region: str
    gives: list[str]  # kinds of support its pledger could give (financial, technical...)


def suggest(
    queries: SummaryQueries, subject: Subject, limit: int = 10
) -> dict[str, list[dict[str, Any]]]:
    """ "partners": the best common or partnership pledge of each other pledger; "matches":
    matching pledges seeking a kind of support this pledger could give."""
    partners = _ranked(queries, subject, "type = ANY(%(joint)s)", limit * 3)
    seen: set[Any] = set()
    best = []
    for row in partners:  # one entry per pledger: its best pledge
        if row["pledger_id"] not in seen:
            seen.add(row["pledger_id"])
            best.append(row)
    matches = _ranked(queries, subject, "type = 'matching' AND seeking && %(gives)s", limit)
    return {"partners": best[:limit], "matches": matches}


def _ranked(
    queries: SummaryQueries, subject: Subject, condition: str, limit: int
) -> list[dict[str, Any]]:
    query = sql.SQL(
        "SELECT pledge_id, reference, title, type, pledger_id, pledger_name, seeking,"
        " {score} AS score FROM {table}"
        " WHERE review = 'published' AND NOT status = ANY(%(final)s)"
        " AND pledger_id <> %(pledger)s AND {near} AND {condition}"
        " ORDER BY score DESC, reference LIMIT %(limit)s"
    ).format(
        score=sql.SQL(SCORE),
        table=sql.Identifier(queries.view.table),
        near=sql.SQL(NEAR),
        condition=sql.SQL(condition),
    )
    params = {
        "title": subject.title,
        "description": subject.description,
        "objectives": subject.objectives,
        "round_tables": subject.round_tables,
        "region": subject.region,
        "gives": subject.gives,
        "pledger": subject.pledger_id,
        "final": FINAL,
        "joint": ["common", "partnership"],
        "limit": limit,
    }
    with queries.view.datastore.transaction(commit=False) as curs:
        rows = curs.execute(query, params).fetchall()
    return [{**dict(r), "score": round(float(r["score"]), 4)} for r in rows]
