"""Chart models from the dashboard figures (projections.aggregates.shape): every bar carries
its number as text, and every chart is also a table, so nothing is said by colour alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from api.pages.labels import label

CHART_WIDTH = 100.0  # bars are drawn in a 0..100 viewBox that CSS scales to the cell


@dataclass
class Bar:
    key: str
    label: str
    value: int
    width: float
    href: str | None = None
    note: str | None = None
    title: str | None = None


@dataclass
class Chart:
    id: str
    title: str
    unit: str
    bars: list[Bar]
    description: str = ""
    filter_name: str | None = None
    total: int = 0
    notes: list[str] = field(default_factory=list)


def scale(values: list[int]) -> float:
    top = max(values, default=0)
    return CHART_WIDTH / top if top else 0.0


def bars_chart(
    chart_id: str,
    title: str,
    counts: dict[str, int],
    filter_name: str | None,
    link: Any,
    description: str = "",
) -> Chart:
    factor = scale(list(counts.values()))
    bars = [
        Bar(k, label(k), n, round(n * factor, 2), link(filter_name, k) if filter_name else None)
        for k, n in counts.items()
    ]
    return Chart(chart_id, title, "pledges", bars, description, filter_name, sum(counts.values()))


def objectives_chart(figures: dict[str, Any], link: Any) -> Chart:
    rows = figures["by_objective"]
    factor = scale([o["pledges"] for o in rows])
    bars = [
        Bar(
            key=str(o["objective"]),
            label=f"{o['objective']}. {o['label']}",
            value=o["pledges"],
            width=round(o["pledges"] * factor, 2),
            href=link("objective", o["objective"]),
            note="Underreported" if o["underreported"] else None,
            title=o["title"],
        )
        for o in rows
    ]
    description = (
        "Pledges by GCM objective; a pledge counts under each objective it addresses. "
        "Marked “Underreported”: the objectives with the fewest pledges, which the IMRF "
        "concept note asks pledgers to address."
    )
    return Chart("objective", "Pledges by GCM objective", "pledges", bars, description, "objective")


@dataclass
class Timeline:
    """Pledges made and fulfilled per month, as columns; yearly sums for the table."""

    months: list[dict[str, Any]]
    years: list[dict[str, Any]]
    width: int
    height: int
    top: int
    columns: list[dict[str, Any]]


def over_time(figures: dict[str, Any], height: int = 120) -> Timeline:
    months = figures["over_time"]
    top = max([m["submitted"] for m in months] + [m["fulfilled"] for m in months] + [1])
    step = 6
    columns = []
    for i, m in enumerate(months):
        sub_h = round(m["submitted"] / top * height, 2)
        ful_h = round(m["fulfilled"] / top * height, 2)
        columns.append(
            {
                "x": i * step,
                "sub_y": round(height - sub_h, 2),
                "sub_h": sub_h,
                "ful_y": round(height - ful_h, 2),
                "ful_h": ful_h,
                "month": m["month"],
                "january": m["month"].endswith("-01"),
            }
        )
    years: dict[str, dict[str, Any]] = {}
    for m in months:
        year = years.setdefault(m["month"][:4], {"year": m["month"][:4], "submitted": 0})
        year["submitted"] += m["submitted"]
        year["fulfilled"] = year.get("fulfilled", 0) + m["fulfilled"]
    return Timeline(
        months, list(years.values()), max(len(months) * step, step), height, top, columns
    )
