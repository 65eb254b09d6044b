"""The feeds' entries, from the list's rows (and, for progress reports, the pledge's public
history, as its page shows it): what a website, a newsletter or a feed reader follows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from api.pages.atom import Entry, Feed, tag
from api.pages.labels import label
from api.pages.query import PageQuery
from domain.application import PledgeTracker
from domain.taxonomy import OBJECTIVES
from projections.feeds import FeedQueries

SIZE = 30  # entries a feed holds
NARRATIVE = 2000  # characters of a report's narrative in its entry
Rows = list[dict[str, Any]]
Made = Callable[[str, dict[str, Any]], list[Entry]]


def categories(row: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f"objective-{n}", f"{n}. {OBJECTIVES[n][1]}") for n in row["objectives"]]


def about(row: dict[str, Any]) -> str:
    objectives = ", ".join(str(n) for n in row["objectives"])
    return (
        f"{row['pledger_name']} ({label(row['category'])}): a {label(row['type']).lower()}"
        f" pledge on GCM objectives {objectives}, deadline {row['deadline'].isoformat()}."
    )


def pledged(base: str, row: dict[str, Any]) -> list[Entry]:
    ref = row["reference"]
    return [
        Entry(
            id=tag(base, f"{ref}/v1"),  # the pledge's first event, its submission
            title=f"{ref}: {row['title']}",
            link=f"{base}/pledges/{ref}",
            updated=row["submitted_at"],
            published=row["submitted_at"],
            summary=about(row),
            author=row["pledger_name"] or "",
            categories=categories(row),
        )
    ]


def fulfilled(base: str, row: dict[str, Any]) -> list[Entry]:
    ref, on = row["reference"], row["fulfilled_on"]
    return [
        Entry(
            id=tag(base, f"{ref}/fulfilled"),  # a pledge is fulfilled once: nothing follows
            title=f"{ref} fulfilled: {row['title']}",
            link=f"{base}/pledges/{ref}",
            updated=row["updated_at"],
            summary=f"Reported fulfilled on {on.isoformat() if on else 'an unknown date'}. "
            + about(row),
            author=row["pledger_name"] or "",
            categories=categories(row),
        )
    ]


def reports_of(app: PledgeTracker) -> Made:
    def reports(base: str, row: dict[str, Any]) -> list[Entry]:
        ref, out = row["reference"], []
        for event in app.history(row["pledge_id"]):
            if event.type != "ProgressReported":
                continue
            d = event.data
            out.append(
                Entry(
                    id=tag(base, f"{ref}/v{event.version}"),
                    title=f"{ref}: {d['percent_complete']}% complete as of {d['as_of']}",
                    link=f"{base}/pledges/{ref}",
                    updated=event.recorded_at,
                    published=event.recorded_at,
                    summary=f"{row['title']}. {str(d['narrative'])[:NARRATIVE]}",
                    author=row["pledger_name"] or "",
                    categories=categories(row),
                )
            )
        return out

    return reports


KINDS = {
    "pledges": ("New pledges", "Pledges as they are published, the newest first."),
    "reports": ("Progress reports", "Progress reports on pledges, the newest first."),
    "fulfilled": ("Fulfilled pledges", "Pledges reported fulfilled, the latest first."),
}


def links(query: PageQuery) -> list[tuple[str, str]]:
    """The feeds of the pledges a (filtered) dashboard shows: (title, address)."""
    plain = PageQuery(query.filters)
    return [(title, plain.url(f"/feeds/{kind}.atom")) for kind, (title, _) in KINDS.items()]


def feed(
    kind: str, base: str, query: PageQuery, today: date, app: PledgeTracker, q: FeedQueries
) -> Feed:
    rows: Rows
    make: Made
    if kind == "pledges":
        rows, make = q.pledges(query.filters, today, SIZE), pledged
    elif kind == "fulfilled":
        rows, make = q.fulfilled(query.filters, today, SIZE), fulfilled
    else:
        rows, make = q.reported(query.filters, today, SIZE), reports_of(app)
    entries = [e for row in rows for e in make(base, row)]
    if kind == "reports":
        entries = sorted(entries, key=lambda e: e.updated, reverse=True)[:SIZE]
    title, subtitle = KINDS[kind]
    plain = PageQuery(query.filters)  # a feed has its own order: the sort is no part of it
    path = plain.url(f"/feeds/{kind}.atom")
    filtered = " (filtered)" if plain.pairs() else ""
    alternate = plain.url("/", status=["fulfilled"]) if kind == "fulfilled" else plain.url("/")
    return Feed(
        id=tag(base, path.lstrip("/")),
        title=f"GCM Pledge Tracker: {title.lower()}{filtered}",
        subtitle=subtitle,
        self_url=base + path,
        alternate=base + alternate,
        entries=entries,
    )
