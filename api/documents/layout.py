"""One part of the report laid out by WeasyPrint, in this process or a worker process.

Returns the part's PDF and where its anchors landed (page and position), which is all the join
needs to number pages and stamp "see page N". No URL is ever fetched: the HTML holds no
external resource, and the fetcher allows no scheme at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

# (page index within the part, x1, y1, x2, y2) in CSS pixels from the page's top left.
Anchor = tuple[int, float, float, float, float]


@dataclass(frozen=True)
class Laid:
    pdf: bytes
    pages: int
    anchors: dict[str, Anchor]


@cache
def _setup() -> tuple[Any, Any, Any]:
    # Imported here so that a process that only joins parts never loads WeasyPrint.
    from weasyprint import CSS, URLFetcher  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    from api.documents.html import stylesheet

    fonts = FontConfiguration()
    nothing = URLFetcher(allowed_protocols=())  # no scheme allowed: nothing is ever fetched
    return CSS(string=stylesheet(), font_config=fonts, url_fetcher=nothing), fonts, nothing


def lay_out(html: str) -> Laid:
    from weasyprint import HTML

    css, fonts, nothing = _setup()
    document = HTML(string=html, url_fetcher=nothing).render(
        stylesheets=[css], font_config=fonts, optimize_images=False
    )
    anchors: dict[str, Anchor] = {}
    for index, page in enumerate(document.pages):
        for name, (x1, y1, x2, y2) in page.anchors.items():
            anchors.setdefault(name, (index, x1, y1, x2, y2))
    return Laid(document.write_pdf(), len(document.pages), anchors)
