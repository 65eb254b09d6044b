"""What the embeds show: the dashboard's own figures, charts and list (the same query
functions, so the same pledges), in a few words of the visitor's language, with links back to
the full pages on PUBLIC_URL (opened in the top window, out of the other site's frame)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from starlette.datastructures import QueryParams

from api.pages import charts, dashboard
from api.pages.embed_words import Words
from api.pages.query import PageQuery, parse
from infrastructure.container import Container
from projections.listing import Filters


@lru_cache(maxsize=1024)
def parsed(raw: str) -> tuple[PageQuery, str]:
    """A query string's filters and their ETag key, worked out once per distinct string (a
    website's embeds ask the same few again and again: 60 us of parsing a request saved). The
    query is shared by the requests that ask it: nothing changes it. Raises BadQuery."""
    query = parse(QueryParams(raw))
    return query, query.key


LIST_SIZE = 10
GROUPS = ("objective", "round_table")
# Heights (px) an iframe needs in a 320 px wide page (measured in chromium); wider, less.
HEIGHTS = {"figures": 460, "objectives": 1160, "round_table": 300, "list": 1560, "pledge": 340}


def common(container: Container, query: PageQuery, words: Words) -> dict[str, Any]:
    base = container.settings.public_url.rstrip("/")
    return {
        "words": words,
        "lang": words.lang,
        "base": base,
        "full_url": base + query.url("/"),
        "filtered": query.filters != Filters(),
    }


def figures(container: Container, query: PageQuery, today: date, words: Words) -> dict[str, Any]:
    figs = dashboard.figures(container, query.filters, today)
    headlines = [
        (key, words(name), figs["totals"].get(key, 0)) for key, name in dashboard.HEADLINES
    ]
    return {**common(container, query, words), "headlines": headlines, "today": today}


def chart(
    container: Container, query: PageQuery, today: date, words: Words, group: str
) -> dict[str, Any]:
    figs = dashboard.figures(container, query.filters, today)
    context = common(container, query, words)
    base: str = context["base"]

    def link(name: str, value: object) -> str:
        return base + query.url("/", **{name: [value]}) + "#figures"

    if group == "objective":
        drawn = charts.objectives_chart(figs, link)
        for bar in drawn.bars:
            bar.label = f"{bar.key}. {words.objective(int(bar.key))}"
            bar.title = None  # the objective's full title, in English only
            bar.note = words(bar.note) if bar.note else None
        drawn.title = words("Pledges by GCM objective")
    else:
        drawn = charts.bars_chart("round_table", "", figs["by_round_table"], "round_table", link)
        for bar in drawn.bars:
            bar.label = f"{words('Round table')} {bar.key}"
        drawn.title = words("Pledges by IMRF round table")
    return {**context, "chart": drawn, "group": group}


def latest(container: Container, query: PageQuery, today: date, words: Words) -> dict[str, Any]:
    page = container.queries.list(query.filters, today, query.sort, LIST_SIZE, count=False)
    return {**common(container, query, words), "items": page.items}


def card(
    container: Container, _query: PageQuery, today: date, words: Words, reference: str
) -> dict[str, Any] | None:
    """One pledge's card, found by the list's own query (a reference is one of the things
    its search matches), so a card shows only what the public list shows."""
    page = container.queries.list(Filters(q=reference), today, "reference", 50, count=False)
    found = [p for p in page.items if p["reference"].upper() == reference.upper()]
    if not found:
        return None
    pledge = found[0]
    context = common(container, PageQuery(Filters()), words)
    objectives = [(n, words.objective(n)) for n in pledge["objectives"]]
    return {
        **context,
        "pledge": pledge,
        "objectives": objectives,
        "full_url": f"{context['base']}/pledges/{pledge['reference']}",
    }


def with_pair(url: str, pair: str) -> str:
    return url + ("&" if "?" in url else "?") + pair if pair else url


def snippet(base: str, kind: str, path: str, query: PageQuery, title: str, pair: str = "") -> str:
    """The copy-paste HTML that frames an embed on another site (as text, to be shown)."""
    # Addresses come from urlencode, which leaves no quote or bracket to escape.
    src = with_pair(base + query.url(path), pair)
    return (
        f'<iframe src="{src}" title="{title}" width="100%" '
        f'height="{HEIGHTS[kind]}" loading="lazy"></iframe>'
    )


def snippets(base: str, query: PageQuery) -> dict[str, str]:
    """The dashboard's snippets, for the filters it shows."""
    return {
        "figures": snippet(base, "figures", "/embed/figures", query, "GCM pledges: figures"),
        "objective": snippet(
            base, "objectives", "/embed/objectives", query, "GCM pledges by objective"
        ),
        "round_table": snippet(
            base,
            "round_table",
            "/embed/objectives",
            query,
            "GCM pledges by IMRF round table",
            "by=round_table",
        ),
        "list": snippet(base, "list", "/embed/list", query, "GCM pledges: latest"),
    }
