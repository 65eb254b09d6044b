"""The consolidated report for the IMRF: every pledge that matches the filters, grouped by GCM
objective (or by IMRF round table); a pledge is listed under each group it belongs to.

Rows are read one group at a time, so a long report streams without holding a connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from api.pages.dashboard import HEADLINES, figures
from api.pages.query import PageQuery
from domain.taxonomy import OBJECTIVES, ROUND_TABLES
from infrastructure.container import Container
from projections.listing import Filters
from projections.queries import REPORT_GROUPS

GROUPS = REPORT_GROUPS


def rows(
    container: Container, filters: Filters, group: str, key: int, today: date
) -> Iterator[dict[str, Any]]:
    """Read when the page streams this group's section (a long report holds no connection)."""
    yield from container.queries.in_group(filters, today, group, key)


def sections(
    container: Container, filters: Filters, group: str, figs: dict[str, Any], today: date
) -> Iterator[dict[str, Any]]:
    if group == "objective":
        for o in figs["by_objective"]:
            n = o["objective"]
            rts = [rt for rt, objs in ROUND_TABLES.items() if n in objs]
            yield {
                "id": f"objective-{n}",
                "key": n,
                "heading": f"Objective {n}: {OBJECTIVES[n][0]}",
                "sub": f"{o['label']} · round table {rts[0]}",
                "count": o["pledges"],
                "underreported": o["underreported"],
                "rows": rows(container, filters, group, n, today) if o["pledges"] else iter(()),
            }
    else:
        for rt, objs in ROUND_TABLES.items():
            count = figs["by_round_table"].get(str(rt), 0)
            yield {
                "id": f"round-table-{rt}",
                "key": rt,
                "heading": f"Round table {rt}",
                "sub": "Objectives " + ", ".join(f"{n} ({OBJECTIVES[n][1]})" for n in sorted(objs)),
                "count": count,
                "underreported": False,
                "rows": rows(container, filters, group, rt, today) if count else iter(()),
            }


def context(container: Container, query: PageQuery, group: str, today: date) -> dict[str, Any]:
    figs = figures(container, query.filters, today)
    toc = (
        [
            (f"objective-{o['objective']}", f"{o['objective']}. {o['label']}", o["pledges"])
            for o in figs["by_objective"]
        ]
        if group == "objective"
        else [
            (f"round-table-{rt}", f"Round table {rt}", figs["by_round_table"].get(str(rt), 0))
            for rt in ROUND_TABLES
        ]
    )
    return {
        "query": query,
        "filters": query.filters,
        "filtered": query.filters != Filters(),
        "group": group,
        "figures": figs,
        "headlines": [(key, name, figs["totals"].get(key, 0)) for key, name in HEADLINES],
        "toc": toc,
        "sections": sections(container, query.filters, group, figs, today),
        "today": today,
    }
