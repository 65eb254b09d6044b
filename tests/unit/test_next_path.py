"""Where a person may land after signing in (`next`): a path of this site, never another."""

from __future__ import annotations

import pytest

from api.portal.auth import same_site_path

KEPT = [
    "/my",
    "/my/pledges/GCM-2026-0001#report-form",
    "/report?group=round_table",
    "/?q=caf%C3%A9&status=submitted",
    "/my/..%2Fconsole",  # still this site, wherever it leads
]
DROPPED = [
    None,
    "",
    "my",
    "//evil.example.org",
    "///evil.example.org",
    "/\\evil.example.org",
    "\\\\evil.example.org",
    "https://evil.example.org",
    "HTTPS://evil.example.org",
    "javascript:alert(1)",
    "data:text/html,x",
    "/%2F%2Fevil.example.org",
    "/%2f/evil.example.org",
    "/%5Cevil.example.org",
    "/%5c%5cevil.example.org",
    "/%252F%252Fevil.example.org",
    "/%25252F%25252Fevil.example.org",
    "/%09/evil.example.org",
    "/\t/evil.example.org",
    "/%0d%0aLocation:%20https://evil.example.org",
    "/ my",
    "/my\u00a0",
    "/" + "a" * 400,
]


@pytest.mark.parametrize("path", KEPT)
def test_a_path_of_this_site_is_kept(path: str) -> None:
    assert same_site_path(path) == path


@pytest.mark.parametrize("path", DROPPED)
def test_anything_that_could_leave_the_site_is_dropped(path: str | None) -> None:
    assert same_site_path(path) is None
