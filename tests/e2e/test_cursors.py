"""List cursors over HTTP: any cursor a client forges, truncates or fills with the wrong types
is a 400 (a problem naming `cursor` on the API, a page on `/` and `/console`), never a 500;
the cursors the service gives out still walk every page of every sort order."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import httpx2 as httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from api.pages.query import SORTS as PAGE_SORTS
from projections.listing import SORTS
from tests.e2e.conftest import problem
from tests.e2e.site import Site, site_fixture, staff_session

pytestmark = pytest.mark.postgres
PLEDGE_ID = "9b2f6c1e-8a4d-4f4e-9a51-0c7d2b1e3f40"
ORDERS = [order for key in SORTS for order in (key, f"-{key}")]


site = site_fixture("cursors", pledges=60)


@pytest.fixture(scope="module")
def staff(site: Site) -> dict[str, str]:
    return staff_session(site.container, "cursors@un-network.example.org")


def b64(value: Any) -> str:
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def page_sort(sort: str) -> str:
    """The pages offer fewer orders than the API: a cursor is sent with its own if offered."""
    return sort if sort in PAGE_SORTS else "-pledged_on"


def first_cursor(site: Site, sort: str) -> str:
    body = site.client.get("/api/pledges", params={"sort": sort, "limit": 3}).json()
    return str(body["next_cursor"])


def forged(site: Site) -> dict[str, tuple[str, str]]:
    """Cursor, and the sort order it is sent with."""
    genuine = first_cursor(site, "-submitted_at")
    return {
        "three numbers": ("WzEsMiwzXQ", "-submitted_at"),
        "truncated": (genuine[: len(genuine) // 2], "-submitted_at"),
        "not base64": ("%%%not*base64", "-submitted_at"),
        "not JSON": (b64(b"\xff\xfe{"), "-submitted_at"),
        "an object": (b64({"sort": "-submitted_at"}), "-submitted_at"),
        "two items": (b64(["-submitted_at", "2026-01-01"]), "-submitted_at"),
        "not a time": (b64(["-submitted_at", "yesterday", PLEDGE_ID]), "-submitted_at"),
        "a time without zone": (
            b64(["-submitted_at", "2026-01-01T10:00:00", PLEDGE_ID]),
            "-submitted_at",
        ),
        "not a date": (b64(["deadline", "2026-02-30", PLEDGE_ID]), "deadline"),
        "not an id": (b64(["deadline", "2026-02-03", "pledge-7"]), "deadline"),
        "a number too large": (
            b64(["-percent_complete", "99999999999999", PLEDGE_ID]),
            "-percent_complete",
        ),
        "not a number": (b64(["percent_complete", "12.5", PLEDGE_ID]), "percent_complete"),
        "a NUL in text": (b64(["title", "a\u0000b", PLEDGE_ID]), "title"),
        "another sort order": (genuine, "reference"),
        "an unknown sort": (b64(["colour", "red", PLEDGE_ID]), "-submitted_at"),
        "much too long": (b64(["title", "x" * 6000, PLEDGE_ID]), "title"),
    }


def test_a_forged_cursor_is_a_400_problem_naming_the_cursor(site: Site) -> None:
    for name, (cursor, sort) in forged(site).items():
        response = site.client.get("/api/pledges", params={"cursor": cursor, "sort": sort})
        body = problem(response, 400, "invalid_cursor")
        assert body["errors"][0]["field"] == "cursor", name
        assert body["errors"][0]["location"] == "query", name
        assert body["detail"].startswith("cursor: "), name


def test_a_forged_cursor_is_a_400_page_on_the_dashboard_and_the_console(
    site: Site, staff: dict[str, str]
) -> None:
    for name, (cursor, sort) in forged(site).items():
        params = {"cursor": cursor, "sort": page_sort(sort)}
        for path, cookies in (("/", None), ("/console", staff)):
            response = site.client.get(path, params=params, headers=cookies)
            assert response.status_code == 400, (name, path, response.text[:300])
            assert response.headers["content-type"].startswith("text/html"), (name, path)
            assert "page link is not valid" in response.text, (name, path)


def test_the_cursors_given_out_walk_every_page_of_every_sort_order(site: Site) -> None:
    total = site.client.get("/api/pledges", params={"limit": 1}).json()["total"]
    assert total > 50
    for sort in ORDERS:
        seen: list[str] = []
        cursor = None
        while True:
            params = {"sort": sort, "limit": 17, **({"cursor": cursor} if cursor else {})}
            response = site.client.get("/api/pledges", params=params)
            assert response.status_code == 200, (sort, response.text)
            body = response.json()
            seen += [item["id"] for item in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) == total, sort


def test_the_dashboard_and_console_next_links_work(site: Site, staff: dict[str, str]) -> None:
    for path, cookies in (("/", None), ("/console", staff)):
        for sort in ("deadline", "-percent_complete", "reference"):
            first = site.client.get(path, params={"sort": sort}, headers=cookies)
            assert first.status_code == 200, first.text[:300]
            link = re.search(r'href="([^"]*cursor=[^"]*)"', first.text)
            assert link, (path, sort)
            following = site.client.get(link.group(1).replace("&amp;", "&"), headers=cookies)
            assert following.status_code == 200, (path, sort, following.text[:300])


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
ANY_VALUE = st.one_of(
    st.text(),
    st.integers().map(str),
    st.dates().map(str),
    st.datetimes().map(str),
    st.datetimes(timezones=st.timezones()).map(str),
)
TYPED_VALUE = {  # values of each sort column's type, the edges included
    "timestamptz": st.datetimes(timezones=st.timezones()).map(str),
    "date": st.dates().map(str),
    "int": st.integers(-(2**31), 2**31 - 1).map(str),
    "text": st.text(),
}
IDS = st.uuids().map(str) | st.text()
RANDOM = st.tuples(
    st.one_of(
        JSON.map(b64),
        st.tuples(st.sampled_from([*ORDERS, "colour"]), ANY_VALUE, IDS).map(list).map(b64),
        st.binary(max_size=64).map(b64),
        st.text(max_size=60),
    ),
    st.sampled_from(ORDERS),
)
WELL_FORMED = st.sampled_from(ORDERS).flatmap(
    lambda sort: st.tuples(
        st.tuples(st.just(sort), TYPED_VALUE[SORTS[sort.lstrip("-")]], IDS).map(list).map(b64),
        st.just(sort),
    )
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=RANDOM | WELL_FORMED)
def test_no_cursor_is_ever_a_server_error(
    site: Site, staff: dict[str, str], case: tuple[str, str]
) -> None:
    cursor, sort = case
    client: Any = site.client
    api: httpx.Response = client.get("/api/pledges", params={"cursor": cursor, "sort": sort})
    assert api.status_code in (200, 400), api.text[:300]
    event(f"API {api.status_code}")
    for path, cookies in (("/", None), ("/console", staff)):
        params = {"cursor": cursor, "sort": page_sort(sort)}
        response = client.get(path, params=params, headers=cookies)
        assert response.status_code in (200, 400), (path, response.text[:300])
