"""What the dashboard page shows: the figures (as GET /api/dashboard gives them for the same
filters), the charts made from them, the filter form's choices and one page of the list."""

from __future__ import annotations

from datetime import date
from typing import Any

from api.pages import charts
from api.pages.labels import label
from api.pages.query import CHOICES, SORTS, PageQuery
from domain.taxonomy import COUNTRIES, OBJECTIVES, ROUND_TABLES
from infrastructure.container import Container
from projections.listing import Filters

PAGE_SIZE = 20
HEADLINES = (
    ("pledges", "Pledges"),
    ("pledgers", "Pledgers"),
    ("fulfilled", "Fulfilled"),
    ("in_progress", "In progress"),
    ("overdue", "Overdue"),
    ("lapsed", "Lapsed"),
)


def figures(container: Container, filters: Filters, today: date) -> dict[str, Any]:
    """The same choice GET /api/dashboard makes, so the page and the API always agree."""
    if filters != Filters():
        return container.queries.counts(filters, today)
    return container.views.dashboard.dashboard(today)


def form_options() -> dict[str, list[tuple[str, str]]]:
    options = {name: [(v, label(v)) for v in values] for name, values in CHOICES.items()}
    options["objective"] = [(str(n), f"{n}. {short}") for n, (_t, short) in OBJECTIVES.items()]
    options["round_table"] = [
        (str(n), f"Round table {n} (objectives {', '.join(map(str, sorted(objs)))})")
        for n, objs in ROUND_TABLES.items()
    ]
    options["country"] = sorted(COUNTRIES.items(), key=lambda item: item[1])
    options["sort"] = list(SORTS.items())
    return options


OPTIONS = form_options()


def build_charts(figs: dict[str, Any], query: PageQuery) -> list[charts.Chart]:
    def link(name: str, value: object) -> str:
        return query.url("/", **{name: [value]}) + "#figures"

    return [
        charts.objectives_chart(figs, link),
        charts.bars_chart("status", "Pledges by status", figs["by_status"], "status", link),
        charts.bars_chart(
            "category", "Pledges by pledger category", figs["by_category"], "category", link
        ),
        charts.bars_chart(
            "region",
            "Pledges by region of implementation",
            figs["by_region"],
            "region",
            link,
        ),
        charts.bars_chart("type", "Pledges by type", figs["by_type"], "type", link),
        charts.bars_chart(
            "form",
            "Pledges by form",
            figs["by_form"],
            "form",
            link,
            "A pledge may take several forms; it counts under each.",
        ),
        charts.bars_chart(
            "round_table",
            "Pledges by IMRF round table",
            figs["by_round_table"],
            "round_table",
            link,
            "A pledge counts under every round table one of its objectives falls in.",
        ),
    ]


def context(container: Container, query: PageQuery, today: date) -> dict[str, Any]:
    figs = figures(container, query.filters, today)
    page = container.queries.list(
        query.filters, today, query.sort, PAGE_SIZE, query.cursor, count=False
    )
    chart_list = build_charts(figs, query)
    for bar in chart_list[-1].bars:
        bar.label = f"Round table {bar.key}"
    return {
        "query": query,
        "filters": query.filters,
        "filtered": query.filters != Filters(),
        "figures": figs,
        "partnerships": container.queries.partnerships(query.filters, today),
        "headlines": [(key, name, figs["totals"].get(key, 0)) for key, name in HEADLINES],
        "charts": chart_list,
        "timeline": charts.over_time(figs),
        "items": page.items,
        "total": figs["totals"]["pledges"],  # the same filters: the same count
        "next_url": query.url("/", cursor=page.next_cursor) + "#pledges"
        if page.next_cursor
        else None,
        "first_url": query.url("/") + "#pledges" if query.cursor else None,
        "options": OPTIONS,
        "today": today,
    }
