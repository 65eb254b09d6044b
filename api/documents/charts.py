"""Horizontal bar charts as SVG, drawn here so that nothing is fetched: the PDF inlines the SVG,
the DOCX embeds the same SVG rendered to PNG (cairosvg). Every bar carries its number as text,
so the chart reads without colour, and the label is escaped like any other text."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from api.documents.model import Count
from api.documents.text import clean

WIDTH = 640
ROW = 17
LABEL_WIDTH = 190
BAR_WIDTH = 380
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
BAR_COLOUR = "#1f5f9e"
INK = "#1a1a1a"


def bar_chart(title: str, rows: Sequence[Count]) -> Markup:
    top = max((r.count for r in rows), default=0)
    height = ROW * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" font-family="{FONT}" font-size="10.5">',
        f"<title>{escape(clean(title))}</title>",
        f'<line x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height - 4}" '
        'stroke="#8a8a8a" stroke-width="0.75"/>',
    ]
    for i, row in enumerate(rows):
        y = 4 + i * ROW
        width = round(row.count / top * BAR_WIDTH, 2) if top else 0
        label = escape(clean(row.label))
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 11}" text-anchor="end" fill="{INK}">'
            f"{label}</text>"
        )
        if width:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{width}" height="{ROW - 5}" '
                f'fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + width + 5}" y="{y + 11}" fill="{INK}">{row.count:,}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text part above is escaped


def charts(objectives: Sequence[Count], round_tables: Sequence[Count]) -> list[tuple[str, Markup]]:
    return [
        ("Pledges by GCM objective", bar_chart("Pledges by GCM objective", objectives)),
        ("Pledges by IMRF round table", bar_chart("Pledges by IMRF round table", round_tables)),
    ]
