"""Review before publication over HTTP, with REVIEW_PLEDGES on (its default): a new pledge is
unknown to the public (its page, the list, the dashboard, the exports, the report) until the
Secretariat publishes it; returned with comments, its pledger reads them in the portal."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from domain.taxonomy import Role
from tests.conftest import SERVER_URL, _session_database
from tests.e2e.conftest import problem
from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, csrf_of, serve_portal, sign_in
from tests.e2e.test_amend_form import amendment
from tests.e2e.test_portal import pledge_form
from tests.factories import wire_pledge

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def portal(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Portal]:
    admin = SERVER_URL or request.getfixturevalue("embedded_admin")
    for database in _session_database(admin):
        folder = tmp_path_factory.mktemp("review")
        yield from serve_portal(database, folder, review_pledges=True)


class Caller:
    """The API as a client with a token (None: the public) calls it."""

    def __init__(self, client: TestClient, token: str | None, pledger_id: str = "") -> None:
        self.client, self.token, self.pledger_id = client, token, pledger_id

    def __call__(self, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = dict(kw.pop("headers", {}) or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return self.client.request(method, path, headers=headers, **kw)


def callers(portal: Portal, client: TestClient, owner_id: str) -> dict[str, Caller]:
    other_id = portal.pledger("Other city", "other@example.org")
    tokens = portal.container.tokens
    return {
        "public": Caller(client, None),
        "owner": Caller(client, tokens.create(Role.PLEDGER, "owner", UUID(owner_id))[1]),
        "other": Caller(client, tokens.create(Role.PLEDGER, "other", UUID(other_id))[1], other_id),
        "secretariat": Caller(client, tokens.create(Role.SECRETARIAT, "review", None)[1]),
    }


def in_list(call: Caller, reference: str, position: int, **params: Any) -> list[str]:
    listed = call(
        "GET", "/api/pledges", params={"q": reference, "min_position": position, **params}
    )
    assert listed.status_code == 200, listed.text
    return [f"{i['reference']}:{i['review']}" for i in listed.json()["items"]]


def public_reads(client: TestClient, reference: str, position: int) -> dict[str, Any]:
    """What the public reads of the pledge, everywhere it could appear."""
    wait = {"min_position": position}
    exported = client.get("/api/exports/pledges.csv", params={"q": reference, **wait})
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    return {
        "api": client.get(f"/api/pledges/{reference}").status_code,
        "page": client.get(f"/pledges/{reference}").status_code,
        "list": client.get("/api/pledges", params={"q": reference, **wait}).json()["total"],
        "dashboard": client.get("/api/dashboard", params=wait).json()["totals"]["pledges"],
        "export": [r["reference"] for r in rows],
        "report": f'href="/pledges/{reference}"'
        in client.get("/report", params={"q": reference}).text,
    }


def test_a_pending_pledge_is_public_only_once_published(portal: Portal) -> None:
    owner_id = portal.pledger("City of Lisbon", "lisbon@example.org")
    with portal.client() as client:
        call = callers(portal, client, owner_id)
        before = client.get("/api/dashboard").json()["totals"]["pledges"]
        made = call["owner"]("POST", "/api/pledges", json=wire_pledge(owner_id))
        assert made.status_code == 201, made.text
        ref, position = made.json()["reference"], made.json()["position"]

        hidden = public_reads(client, ref, position)
        assert hidden == {
            "api": 404,
            "page": 404,
            "list": 0,
            "dashboard": before,
            "export": [],
            "report": False,
        }
        problem(call["other"]("GET", f"/api/pledges/{ref}"), 404, "not_found")
        mine = call["owner"]("GET", f"/api/pledges/{ref}").json()
        assert (mine["review"], mine["review_comments"]) == ("pending", "")
        assert call["secretariat"]("GET", f"/api/pledges/{ref}").json()["review"] == "pending"
        assert in_list(call["owner"], ref, position) == []  # the list is public: see /my
        assert in_list(call["secretariat"], ref, position) == [f"{ref}:pending"]
        assert in_list(call["secretariat"], ref, position, review="pending") == [f"{ref}:pending"]
        assert in_list(call["secretariat"], ref, position, review="published") == []
        asked = call["public"]("GET", "/api/pledges", params={"review": "pending"})
        problem(asked, 403, "not_allowed")

        stale = call["secretariat"](
            "POST", f"/api/pledges/{ref}/publication", headers={"If-Match": '"7"'}
        )
        problem(stale, 412, "version_mismatch")
        done = call["secretariat"](
            "POST", f"/api/pledges/{ref}/publication", json={}, headers={"If-Match": '"1"'}
        )
        assert done.status_code == 200, done.text
        assert (done.json()["version"], done.headers["etag"]) == (2, '"2"')
        shown = public_reads(client, ref, done.json()["position"])
        assert shown == {
            "api": 200,
            "page": 200,
            "list": 1,
            "dashboard": before + 1,
            "export": [ref],
            "report": True,
        }
        again = call["secretariat"]("POST", f"/api/pledges/{ref}/publication")
        assert "is published" in problem(again, 409, "not_pending")["detail"]
        late = call["secretariat"]("POST", f"/api/pledges/{ref}/return", json={"comments": "x"})
        problem(late, 409, "not_pending")


def test_return_needs_comments_and_only_the_secretariat_reviews(portal: Portal) -> None:
    owner_id = portal.pledger("City of Porto", "porto@example.org")
    with portal.client() as client:
        call = callers(portal, client, owner_id)
        made = call["owner"]("POST", "/api/pledges", json=wire_pledge(owner_id, type="matching"))
        ref = made.json()["reference"]
        offer = {"pledger_id": call["other"].pledger_id, "support": "technical", "description": "x"}
        # Not published: to another pledger, there is no such pledge to offer support to.
        offered = call["other"]("POST", f"/api/pledges/{ref}/match-offers", json=offer)
        problem(offered, 404, "not_found")
        for body in ({}, {"comments": ""}, {"comments": "a\x00b"}, {"comments": "x" * 5001}):
            refused = call["secretariat"]("POST", f"/api/pledges/{ref}/return", json=body)
            assert problem(refused, 422, "invalid_input")["errors"][0]["field"] == "comments"
        problem(call["owner"]("POST", f"/api/pledges/{ref}/publication"), 403, "not_allowed")
        problem(call["public"]("POST", f"/api/pledges/{ref}/publication"), 401)
        returned = call["secretariat"](
            "POST", f"/api/pledges/{ref}/return", json={"comments": "Add a baseline."}
        )
        assert returned.status_code == 200, returned.text
        mine = call["owner"]("GET", f"/api/pledges/{ref}").json()
        assert (mine["review"], mine["review_comments"]) == ("returned", "Add a baseline.")
        problem(call["secretariat"]("POST", f"/api/pledges/{ref}/publication"), 409, "not_pending")
        history = call["secretariat"]("GET", f"/api/pledges/{ref}/history").json()["items"]
        assert [(h["type"], h["data"].get("comments")) for h in history] == [
            ("Submitted", None),
            ("ReturnedForRevision", "Add a baseline."),
        ]


def test_returned_in_the_console_read_in_the_portal_amended_then_published(
    portal: Portal,
) -> None:
    portal.pledger("City of Faro", "faro@example.org")
    with portal.client() as pledger, portal.client() as staff:
        sign_in(portal, pledger, "faro@example.org")
        csrf = csrf_of(pledger.get("/my/pledges/new").text)
        done = pledger.post("/my/pledges", data=pledge_form(csrf, title="Faro welcome desk"))
        assert done.status_code == 303
        assert done.headers["location"].endswith("?done=submitted-review")
        ref = done.headers["location"].split("/")[-1].split("?")[0]
        shown = pledger.get(done.headers["location"]).text
        assert "only you and the Secretariat see it" in shown and "Pending review" in shown
        assert f'href="/pledges/{ref}"' not in shown  # no public page yet
        assert "Pending review" in pledger.get("/my").text

        sign_in(portal, staff, STAFF_EMAIL)
        queue = staff.get("/console/review").text
        assert f'id="review-{ref}"' in queue and "Faro welcome desk" in queue
        assert "waiting 0 days" in queue and "City of Faro" in queue
        token = csrf_of(queue)
        bad = staff.post(
            f"/console/review/{ref}/return", data={"csrf": token, "comments": "Typed\x01 here"}
        )
        assert bad.status_code == 422
        assert f'id="error-return-{ref}-comments"' in bad.text
        assert "contains a control character" in bad.text.lower()
        assert "Typed\x01 here</textarea>" in bad.text  # what was typed, kept
        empty = staff.post(f"/console/review/{ref}/return", data={"csrf": token, "comments": " "})
        assert empty.status_code == 422  # said beside the box, in words, not "comments: ..."
        assert "The pledge was not returned: 1 field needs attention" in empty.text
        assert f'id="error-return-{ref}-comments">Write what the pledger should revise<' in (
            empty.text
        )
        assert "comments: must not be empty" not in empty.text
        comments = "Please give a baseline for the people taught."
        ok = staff.post(f"/console/review/{ref}/return", data={"csrf": token, "comments": comments})
        assert ok.status_code == 303, ok.text
        assert f'id="review-{ref}"' not in staff.get("/console/review").text

        page = pledger.get(f"/my/pledges/{ref}").text
        assert "Returned for revision" in page and comments in page
        assert "Returned for revision" in pledger.get("/my").text

        form = pledger.get(f"/my/pledges/{ref}/amend").text
        changed = amendment(form, title="Faro welcome desk, with baselines", reason="Baselines")
        amended = pledger.post(f"/my/pledges/{ref}/amendments", data=changed)
        assert amended.headers["location"].endswith("?done=amended-review"), amended.text
        told = pledger.get(amended.headers["location"]).text  # no public page to list it yet
        assert "The Secretariat reviews the pledge before it is published" in told
        assert "the public page lists what changed" not in told
        assert f'id="review-{ref}"' in staff.get("/console/review").text
        published = staff.post(f"/console/review/{ref}/publish", data={"csrf": token})
        assert published.status_code == 303
        assert staff.get(published.headers["location"]).text.count("was published") == 1
        assert staff.get(f"/pledges/{ref}").status_code == 200
        with portal.client() as public:  # the revision asked for in review stays private
            shown = public.get(f"/pledges/{ref}").text
        assert "Faro welcome desk, with baselines" in shown and "Baselines" not in shown
        assert "Amended" not in shown and comments not in shown
        history = staff.get(f"/console/pledges/{ref}").text
        assert "Returned for revision by the Secretariat" in history and comments in history
        assert "Published after the Secretariat&#39;s review" in history
        # the amendment's entry says it sent the returned pledge back to review
        assert "review: <del>returned</del> → <ins>pending</ins>" in history
        again = staff.post(f"/console/review/{ref}/publish", data={"csrf": token})
        assert again.status_code == 409 and "is published" in again.text
