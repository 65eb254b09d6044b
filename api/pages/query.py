"""The pages' query string: the list filters under the names GET /api/pledges uses.

A browser's GET form sends every field, empty ones too (`objective=`), so an empty value means
"any" here; an unknown value is a clear 400 page, never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from api.schemas.listing import FilterError, filters_of
from domain.taxonomy import Category, Form, Level, PledgeType, Region, Status
from projections import paging
from projections.listing import Filters

CHOICES: dict[str, list[str]] = {
    "status": [s.value for s in Status],
    "category": [c.value for c in Category],
    "region": [r.value for r in Region],
    "type": [t.value for t in PledgeType],
    "form": [f.value for f in Form],
    "level": [v.value for v in Level],
}
DEFAULT_SORT = "-pledged_on"  # newest first by the day pledged, not the day recorded
SORTS = {
    "-pledged_on": "Newest first",
    "deadline": "Deadline, soonest first",
    "-last_effective_on": "Recently updated",
    "reference": "Reference",
    "-percent_complete": "Most complete",
}
# Orders the pages offered before issue 18 (by recording time), for links kept since.
RENAMED = {"-submitted_at": DEFAULT_SORT, "-updated_at": "-last_effective_on"}
FILTER_NAMES: tuple[str, ...] = (
    *("objective", "round_table", "category", "region", "country", "status", "type"),
    *("form", "level", "overdue", "q", "pledger"),
)
SINGLE = ("overdue", "q", "pledger")  # one value each; the others are lists


class BadQuery(ValueError):
    def __init__(self, detail: str, title: str = "That filter is not valid") -> None:
        super().__init__(detail)
        self.title = title


@dataclass
class PageQuery:
    filters: Filters
    sort: str = DEFAULT_SORT
    cursor: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def pairs(self, **changes: object) -> list[tuple[str, str]]:
        """The filters (and sort) as query pairs, with `changes` replacing a name's values."""
        out: list[tuple[str, str]] = []
        for name in FILTER_NAMES:
            value = changes.get(name, getattr(self.filters, name))
            values = value if isinstance(value, list) else [] if value is None else [value]
            out += [(name, str(v).lower() if isinstance(v, bool) else str(v)) for v in values]
        sort = changes.get("sort", self.sort)
        if sort != DEFAULT_SORT:
            out.append(("sort", str(sort)))
        if changes.get("cursor"):  # only when asked: any other link starts at the first page
            out.append(("cursor", str(changes["cursor"])))
        return out

    def url(self, path: str = "/", **changes: object) -> str:
        pairs = self.pairs(**changes)
        return f"{path}?{urlencode(pairs)}" if pairs else path

    @property
    def key(self) -> str:
        """A canonical form for ETags: the same filters give the same key in any order."""
        return urlencode(sorted(self.pairs())) + f"&cursor={self.cursor or ''}"


def values(params: QueryParams, name: str) -> list[str]:
    return [v.strip() for v in params.getlist(name) if v.strip()]


def parse(params: QueryParams) -> PageQuery:
    """Raises BadQuery with a sentence a person can act on. The filters are the API's
    (api/schemas/listing.py: the same names, values and bounds); a blank value means any."""
    given: dict[str, object] = {name: values(params, name) for name in FILTER_NAMES}
    for name in SINGLE:
        given[name] = next(iter(values(params, name)), None)
    try:
        filters = filters_of(given)
    except FilterError as error:
        raise BadQuery(str(error)) from None
    sort = (values(params, "sort") or [DEFAULT_SORT])[0]
    sort = RENAMED.get(sort, sort)
    if sort not in SORTS:
        raise BadQuery(f"sort: one of {', '.join(SORTS)}")
    cursor = next(iter(values(params, "cursor")), None)
    if cursor:
        try:
            paging.decode(cursor, sort)
        except paging.BadCursorError as error:
            raise BadQuery(f"cursor: {error}", "That page link is not valid") from None
    return PageQuery(filters, sort, cursor)
