"""The embeds and the cross-site rules over HTTP: who may frame what, which reads answer
another website's script, and what the embeds show (the dashboard's own figures and list)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.routers import embeds, feeds
from domain.taxonomy import Role
from tests.e2e.conftest import Api
from tests.e2e.site import Site, site_fixture, staff_session
from tests.e2e.test_headers import app_with
from tests.factories import wire_pledge
from tests.integration.recompute import wait_caught_up

WEBSITE = "http://127.0.0.1:8302"  # the website that EMBED_ORIGINS lists
STRANGER = "http://evil.example"
PUBLIC_URL = "https://pledges.example.org"
READS = ["/api/pledges", "/api/dashboard", "/api/exports/pledges.csv", "/feeds/pledges.atom"]
EMBEDS = ["/embed/figures", "/embed/objectives", "/embed/objectives?by=round_table", "/embed/list"]


site = site_fixture("embeds", 60, embed_origins=WEBSITE, public_url=PUBLIC_URL)


def ancestors(response: object) -> str:
    csp = response.headers["content-security-policy"]  # type: ignore[attr-defined]
    return str(re.search(r"frame-ancestors ([^;]+)", csp).group(1))  # type: ignore[union-attr]


@pytest.mark.parametrize("path", [*EMBEDS, "/embed/pledges/{ref}"])
def test_embeds_may_be_framed_by_the_listed_origins_only(site: Site, path: str) -> None:
    response = site.client.get(path.format(ref=site.partnered_reference))
    assert response.status_code == 200, response.text
    assert ancestors(response) == WEBSITE
    assert "x-frame-options" not in response.headers
    assert "script-src 'self'" in response.headers["content-security-policy"]


@pytest.mark.parametrize(
    "path", ["/", "/report", "/api/pledges", "/feeds/pledges.atom", "/sign-in"]
)
def test_every_other_answer_still_refuses_framing(site: Site, path: str) -> None:
    response = site.client.get(path)
    assert ancestors(response) == "'none'"
    assert response.headers["x-frame-options"] == "DENY"


def test_without_embed_origins_nobody_may_frame_or_read_across_sites(api: Api) -> None:
    client = api.client  # the session's app: EMBED_ORIGINS unset
    framed = client.get("/embed/figures?lang=fr")
    assert framed.status_code == 200
    assert ancestors(framed) == "'none'" and framed.headers["x-frame-options"] == "DENY"
    read = client.get("/api/pledges", headers={"Origin": WEBSITE})
    assert "access-control-allow-origin" not in read.headers


@pytest.mark.parametrize("path", [*READS, "/api/pledges/{ref}"])
def test_public_reads_answer_the_listed_origin_without_credentials(site: Site, path: str) -> None:
    path = path.format(ref=site.partnered_reference)
    listed = site.client.get(path, headers={"Origin": WEBSITE})
    assert listed.status_code == 200
    assert listed.headers["access-control-allow-origin"] == WEBSITE
    assert "access-control-allow-credentials" not in listed.headers
    assert "Origin" in listed.headers["vary"]
    assert "ETag" in listed.headers["access-control-expose-headers"]
    stranger = site.client.get(path, headers={"Origin": STRANGER})
    assert "access-control-allow-origin" not in stranger.headers
    assert "Origin" in stranger.headers["vary"]


def test_authenticated_reads_and_commands_get_no_cors(site: Site) -> None:
    bearer = {"Origin": WEBSITE, "Authorization": f"Bearer {site.secretariat}"}
    assert (
        "access-control-allow-origin" not in site.client.get("/api/pledges", headers=bearer).headers
    )
    signed_in = {"Origin": WEBSITE, **staff_session(site.container, "web@un.example.org")}
    read = site.client.get("/api/dashboard", headers=signed_in)
    assert read.status_code == 200 and "access-control-allow-origin" not in read.headers
    post = site.client.post("/api/pledges", json={}, headers={"Origin": WEBSITE})
    assert post.status_code == 401 and "access-control-allow-origin" not in post.headers


def preflight(site: Site, path: str, method: str, headers: str = "") -> dict[str, str]:
    asked = {"Origin": WEBSITE, "Access-Control-Request-Method": method}
    if headers:
        asked["Access-Control-Request-Headers"] = headers
    return dict(site.client.options(path, headers=asked).headers)


def test_preflights_grant_public_gets_only(site: Site) -> None:
    granted = preflight(site, "/api/pledges", "GET", "if-none-match")
    assert granted["access-control-allow-origin"] == WEBSITE
    assert granted["access-control-allow-methods"] == "GET"
    assert "access-control-allow-credentials" not in granted
    assert "access-control-allow-origin" not in preflight(
        site, "/api/pledges", "POST", "content-type"
    )
    assert "access-control-allow-origin" not in preflight(
        site, "/api/pledges", "GET", "authorization"
    )
    assert "access-control-allow-origin" not in preflight(site, "/api/pledgers", "GET")
    stranger = site.client.options(
        "/api/pledges", headers={"Origin": STRANGER, "Access-Control-Request-Method": "GET"}
    )
    assert "access-control-allow-origin" not in stranger.headers


# The authorization matrix of the embeds and feeds: public, the same answer for every role.
PUBLIC_PAGES = {
    "/embed/figures": "/embed/figures?lang=es",
    "/embed/objectives": "/embed/objectives?by=round_table",
    "/embed/list": "/embed/list?objective=5",
    "/embed/pledges/{reference}": "/embed/pledges/{ref}",
    "/feeds/pledges.atom": "/feeds/pledges.atom",
    "/feeds/reports.atom": "/feeds/reports.atom?region=africa",
    "/feeds/fulfilled.atom": "/feeds/fulfilled.atom",
}


def test_the_matrix_covers_every_embed_and_feed() -> None:
    routes = {r.path for router in (embeds.router, feeds.router) for r in router.routes}
    assert routes == set(PUBLIC_PAGES)


@pytest.mark.parametrize("path", PUBLIC_PAGES.values())
def test_every_role_gets_the_same_public_answer(site: Site, path: str) -> None:
    path = path.format(ref=site.partnered_reference)
    pledger = site.container.queries.pledgers()[0]["pledger_id"]
    tokens = {
        "pledger": site.container.tokens.create(Role.PLEDGER, "embed", pledger)[1],
        "secretariat": site.secretariat,
    }
    anonymous = site.client.get(path)
    assert anonymous.status_code == 200
    for token in tokens.values():
        seen = site.client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert seen.status_code == 200 and seen.text == anonymous.text
        assert seen.headers["cache-control"] == "no-store"  # never kept in a shared cache


def test_the_figures_are_the_dashboards_in_the_language_asked(site: Site) -> None:
    figures = site.client.get("/api/dashboard?objective=5").json()["totals"]
    page = site.client.get("/embed/figures?objective=5&lang=fr").text
    assert '<html lang="fr">' in page and "Engagements" in page and "Tenus" in page
    assert f'id="figure-pledges" data-value="{figures["pledges"]}"' in page
    assert f'id="figure-fulfilled" data-value="{figures["fulfilled"]}"' in page
    assert f'href="{PUBLIC_URL}/?objective=5" target="_top"' in page


def test_the_charts_count_as_the_dashboard(site: Site) -> None:
    dashboard = site.client.get("/api/dashboard").json()
    by_objective = {o["objective"]: o["pledges"] for o in dashboard["by_objective"]}
    page = site.client.get("/embed/objectives?lang=es").text
    for number, count in by_objective.items():
        assert re.search(rf'data-key="{number}".*?data-value="{count}"', page, re.S)
    assert "Remesas" in page and "Compromisos por objetivo" in page
    tables = site.client.get("/embed/objectives?by=round_table").text
    for key, count in dashboard["by_round_table"].items():
        assert f">Round table {key}</a>" in tables and f'data-value="{count}"' in tables


def test_the_list_and_the_card_show_what_the_list_shows(site: Site) -> None:
    listed = site.client.get("/api/pledges?country=PRT&limit=10").json()["items"]
    page = site.client.get("/embed/list?country=PRT").text
    assert re.findall(r'data-reference="([^"]+)"', page) == [p["reference"] for p in listed]
    card = site.client.get(f"/embed/pledges/{site.partnered_reference}?lang=fr").text
    assert "One-stop centres (pages)" in card and "40% réalisé" in card
    assert f'href="{PUBLIC_URL}/pledges/{site.partnered_reference}" target="_top"' in card
    for email in site.emails:
        assert email not in card and email not in page
    assert site.client.get("/embed/pledges/GCM-1999-0001").status_code == 404


@pytest.mark.parametrize("query", ["lang=de", "objective=99", "by=region", "sort=nonsense"])
def test_bad_parameters_are_a_400_page(site: Site, query: str) -> None:
    response = site.client.get(f"/embed/objectives?{query}")
    assert response.status_code == 400 and "text/html" in response.headers["content-type"]


def test_embeds_are_cached_until_the_pledges_change(site: Site) -> None:
    first = site.client.get("/embed/figures?lang=fr")
    etag = first.headers["etag"]
    again = site.client.get("/embed/figures?lang=fr", headers={"If-None-Match": etag})
    assert again.status_code == 304
    other_language = site.client.get("/embed/figures?lang=es", headers={"If-None-Match": etag})
    assert other_language.status_code == 200
    owner = site.container.queries.pledgers()[0]["pledger_id"]
    site.post("/api/pledges", wire_pledge(str(owner), title="A new pledge for the embed"))
    wait_caught_up(site.container)
    changed = site.client.get("/embed/figures?lang=fr", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_any_origin_when_embed_origins_is_a_star(api: Api, tmp_path: Path) -> None:
    with app_with(api.container.database, tmp_path, embed_origins="*") as client:
        framed = client.get("/embed/figures")
        assert ancestors(framed) == "*" and "x-frame-options" not in framed.headers
        read = client.get("/api/dashboard", headers={"Origin": STRANGER})
        assert read.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in read.headers
        token = {"Origin": STRANGER, "Authorization": f"Bearer {api.token(Role.SECRETARIAT)}"}
        assert (
            "access-control-allow-origin" not in client.get("/api/pledges", headers=token).headers
        )
        assert ancestors(client.get("/")) == "'none'"
