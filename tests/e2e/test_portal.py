"""The pledger portal over HTTP: sign-in by a link from a real SMTP server, the session
cookie, CSRF, rate limit, submitting with a validation error then fixed, and reporting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from infrastructure.sessions import RATE_MAX
from tests.e2e.portal_helpers import Portal, csrf_of, portal_fixture, sign_in
from tests.factories import DESCRIPTION

portal = portal_fixture("portal")


def pledge_form(csrf: str, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "csrf": csrf,
        "title": "Language courses for newcomers",
        "description": DESCRIPTION,
        "type": "partnership",
        "forms": ["policy"],
        "objectives": ["3", "16"],
        "principles": ["human_rights"],
        "levels": ["local"],
        "countries": ["PRT"],
        "region": "europe_north_america",
        "language": "en",
        "pledged_on": "2026-01-10",
        "deadline": "2028-12-31",
        "target_indicator_0": "people taught",
        "target_baseline_0": "0",
        "target_target_0": "400",
        "target_unit_0": "people",
        "amount": "1000",
        "currency": "EUR",
    }
    form.update(changes)
    return form


def test_sign_in_link_cookie_single_use_and_sign_out(portal: Portal) -> None:
    portal.pledger("Lisbon", "ana@lisboa.example.org")
    with portal.client() as client:
        sign_in(portal, client, "ana@lisboa.example.org")
        cookie = next(c for c in client.cookies.jar if c.name == "pledges_session")
        assert cookie.secure and cookie.expires is not None
        raw = list(client.get("/my").headers.get_list("set-cookie"))
        assert raw == []  # the cookie is set once, at sign-in
        mine = client.get("/my")
        assert mine.status_code == 200 and "My pledges" in mine.text
        assert "no-store" in mine.headers["cache-control"]
        assert "default-src 'self'" in mine.headers["content-security-policy"]
        # The same link again: refused, and no new session.
        link = portal.links_for("ana@lisboa.example.org")[-1]
        with portal.client() as other:
            page = other.get(f"/sign-in/{link}")
            again = other.post(f"/sign-in/{link}", data={"csrf": csrf_of(page.text)})
            assert again.status_code == 400 and "expired or was already used" in again.text
        out = client.post("/sign-out", data={"csrf": csrf_of(mine.text)})
        assert out.status_code == 303
        assert client.get("/my").status_code == 303  # back to /sign-in


def test_set_cookie_flags(portal: Portal) -> None:
    portal.pledger("Porto", "rui@porto.example.org")
    with portal.client() as client:
        page = client.get("/sign-in")
        client.post("/sign-in", data={"email": "rui@porto.example.org", "csrf": csrf_of(page.text)})
        link = portal.wait_for_links("rui@porto.example.org", 1)[-1]
        used = client.post(
            f"/sign-in/{link}", data={"csrf": csrf_of(client.get(f"/sign-in/{link}").text)}
        )
        header = next(
            h for h in used.headers.get_list("set-cookie") if h.startswith("pledges_session=")
        )
        lowered = header.lower()
        assert "httponly" in lowered and "secure" in lowered and "samesite=lax" in lowered
        assert "max-age=" in lowered


def test_unknown_address_same_answer_and_no_mail(portal: Portal) -> None:
    portal.pledger("Faro", "known@faro.example.org")
    with portal.client() as client:
        answers = []
        for email in ("known@faro.example.org", "nobody@nowhere.example.org"):
            page = client.get("/sign-in")
            sent = client.post("/sign-in", data={"email": email, "csrf": csrf_of(page.text)})
            answers.append((sent.status_code, sent.text.replace(email, "X")))
        assert answers[0] == answers[1]
        assert portal.wait_for_links("known@faro.example.org", 1)
        assert not portal.links_for("nobody@nowhere.example.org")


def test_expired_link_is_refused(portal: Portal) -> None:
    portal.pledger("Braga", "eva@braga.example.org")
    with portal.client() as client:
        page = client.get("/sign-in")
        client.post("/sign-in", data={"email": "eva@braga.example.org", "csrf": csrf_of(page.text)})
        link = portal.wait_for_links("eva@braga.example.org", 1)[-1]
        with portal.container.database.pool().connection() as conn:
            conn.execute("UPDATE signin_links SET expires_at = now() - %s", (timedelta(seconds=1),))
        used = client.post(
            f"/sign-in/{link}", data={"csrf": csrf_of(client.get(f"/sign-in/{link}").text)}
        )
        assert used.status_code == 400


def test_rate_limit_per_address(portal: Portal) -> None:
    portal.pledger("Evora", "rate@evora.example.org")
    with portal.client() as client:
        token = csrf_of(client.get("/sign-in").text)
        codes = [
            client.post(
                "/sign-in", data={"email": "rate@evora.example.org", "csrf": token}
            ).status_code
            for _ in range(RATE_MAX + 1)
        ]
        assert codes == [200] * RATE_MAX + [429]
        assert len(portal.wait_for_links("rate@evora.example.org", RATE_MAX)) == RATE_MAX
        # Another address is not limited by this one.
        other = client.post("/sign-in", data={"email": "x@evora.example.org", "csrf": token})
        assert other.status_code == 200


def test_post_without_csrf_is_refused(portal: Portal) -> None:
    portal.pledger("Setubal", "csrf@setubal.example.org")
    with portal.client() as client:
        assert (
            client.post("/sign-in", data={"email": "csrf@setubal.example.org"}).status_code == 403
        )
        sign_in(portal, client, "csrf@setubal.example.org")
        refused = client.post("/my/pledges", data=pledge_form("wrong"))
        assert refused.status_code == 403
        assert client.post("/sign-out", data={}).status_code == 403


def test_submit_with_error_then_fixed_then_report(portal: Portal) -> None:
    pid = portal.pledger("Coimbra", "joao@coimbra.example.org")
    with portal.client() as client:
        sign_in(portal, client, "joao@coimbra.example.org")
        csrf = csrf_of(client.get("/my/pledges/new").text)
        short = client.post("/my/pledges", data=pledge_form(csrf, description="Too short."))
        assert short.status_code == 422
        assert 'id="error-description"' in short.text
        assert "Must be at least 300 characters (it has 10)" in short.text
        assert "Language courses for newcomers" in short.text  # what was typed stays
        done = client.post("/my/pledges", data=pledge_form(csrf))
        assert done.status_code == 303, done.text
        reference = done.headers["location"].split("/")[-1].split("?")[0]
        pledge = portal.container.app.get_pledge(reference)
        assert str(pledge.pledger_id) == pid and pledge.content.targets[0].target == 400
        assert reference in client.get("/my").text
        report = client.post(
            f"/my/pledges/{reference}/reports",
            data={
                "csrf": csrf,
                "as_of": "2026-03-01",
                "percent_complete": "30",
                "narrative": "First courses ran",
                "indicator_0": "120",
            },
        )
        assert report.status_code == 303, report.text
        page = client.get(f"/my/pledges/{reference}")
        assert (
            "filed by <strong>Coimbra</strong>" in page.text and "people taught: 120" in page.text
        )
        future = client.post(
            f"/my/pledges/{reference}/reports",
            data={
                "csrf": csrf,
                "as_of": (datetime.now(UTC).date() + timedelta(days=3)).isoformat(),
                "percent_complete": "40",
                "narrative": "Next courses",
            },
        )
        # A date the rules refuse is shown beside its input with the form's other faults.
        assert future.status_code == 422 and "in the future" in future.text
        assert 'id="error-report-as_of"' in future.text and "Next courses" in future.text
        # The form is checked as the API checks a body (its schema first): no narrative is a 422.
        blank = client.post(
            f"/my/pledges/{reference}/reports",
            data={"csrf": csrf, "as_of": "2026-03-02", "percent_complete": "40"},
        )
        assert blank.status_code == 422 and 'id="error-report-narrative"' in blank.text


def test_second_pledger_gets_403_on_first_ones_pages(portal: Portal) -> None:
    portal.pledger("Aveiro", "first@aveiro.example.org")
    portal.pledger("Viseu", "second@viseu.example.org")
    with portal.client() as first, portal.client() as second:
        sign_in(portal, first, "first@aveiro.example.org")
        csrf = csrf_of(first.get("/my/pledges/new").text)
        reference = (
            first.post("/my/pledges", data=pledge_form(csrf))
            .headers["location"]
            .split("/")[-1]
            .split("?")[0]
        )
        sign_in(portal, second, "second@viseu.example.org")
        csrf2 = csrf_of(second.get("/my").text)
        assert second.get(f"/my/pledges/{reference}").status_code == 403
        for action in ("reports", "partner-invitations", "fulfilment", "withdrawal", "departure"):
            response = second.post(
                f"/my/pledges/{reference}/{action}", data={"csrf": csrf2, "reason": "x"}
            )
            assert response.status_code == 403, action
        assert reference not in second.get("/my").text
        for path in ("/console", f"/console/pledges/{reference}", "/console/mail"):
            assert second.get(path).status_code == 403, path
        assert portal.container.app.get_pledge(reference).version == 1
