"""The Secretariat console over HTTP: a staff member signs in by link, reads a pledge's
history (by effective day, actors by name, no Python in sight), the pledge as of a day and as
recorded at a moment, and extends its deadline with a reason."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, csrf_of, portal_fixture, sign_in
from tests.e2e.test_portal import pledge_form

portal = portal_fixture("console")


def test_history_as_of_and_extend(portal: Portal) -> None:
    portal.pledger("Lagos", "lagos@example.org")
    with portal.client() as pledger, portal.client() as staff:
        sign_in(portal, pledger, "lagos@example.org")
        csrf = csrf_of(pledger.get("/my/pledges/new").text)
        done = pledger.post("/my/pledges", data=pledge_form(csrf))
        reference = done.headers["location"].split("/")[-1].split("?")[0]
        between = datetime.now(UTC)
        report = {"csrf": csrf, "as_of": "2026-02-01", "percent_complete": "25", "narrative": "ok"}
        assert pledger.post(f"/my/pledges/{reference}/reports", data=report).status_code == 303

        sign_in(portal, staff, STAFF_EMAIL)
        listed = staff.get("/console", params={"q": reference})
        assert listed.status_code == 200 and reference in listed.text
        history = staff.get(f"/console/pledges/{reference}")
        assert history.status_code == 200
        assert "Submitted" in history.text and "ProgressReported" in history.text
        assert "by Lagos ·" in history.text
        assert "<del>Submitted</del> → <ins>In progress</ins>" in history.text
        # By effective day, newest first: the report of 2026-02-01 after... the pledge of 01-10.
        assert history.text.index('datetime="2026-02-01"') < history.text.index(
            'datetime="2026-01-10"'
        )
        at = between.strftime("%Y-%m-%dT%H:%M:%S.%f")
        recorded = staff.get(f"/console/pledges/{reference}", params={"recorded_as_of": at})
        assert 'id="recorded-state"' in recorded.text and "version 1" in recorded.text
        on = staff.get(f"/console/pledges/{reference}", params={"as_of": "2026-01-31"})
        assert 'id="as-of-state"' in on.text and "Submitted" in on.text
        before = staff.get(f"/console/pledges/{reference}", params={"as_of": "2026-01-09"})
        assert "did not exist yet on 2026-01-09" in before.text
        early = {"recorded_as_of": "2000-01-01T00:00"}
        assert (
            "did not exist yet at" in staff.get(f"/console/pledges/{reference}", params=early).text
        )

        token = csrf_of(history.text)
        bad = staff.post(f"/console/pledges/{reference}/lapse", data={"csrf": token, "reason": "x"})
        assert bad.status_code == 409  # not past the deadline and grace period
        extend = {"csrf": token, "deadline": "2029-06-30", "reason": "Funding came late"}
        ok = staff.post(f"/console/pledges/{reference}/extend", data=extend)
        assert ok.status_code == 303, ok.text
        assert str(portal.container.app.get_pledge(reference).deadline) == "2029-06-30"
        last = portal.container.app.history(reference)[-1]
        assert last.type == "DeadlineExtended" and last.actor is not None
        assert last.actor.role == "secretariat" and last.actor.id.startswith("staff:")
        page = staff.get(f"/console/pledges/{reference}").text
        assert f"by {STAFF_EMAIL}" in page and "Funding came late" in page
        for fragment in ("Decimal(", "IndicatorValue(", "<PledgeType", "staff:", "token:"):
            assert fragment not in page
        assert staff.get("/console/deadlines").status_code == 200
        assert staff.get("/console/mail").status_code == 200
        assert staff.get("/my").status_code == 403  # staff are not a pledger
