"""A reminder's link, as its recipient uses it: it signs the contact in and opens the pledge's
report form, where the report is filed; it works once; and it dies with its contact."""

from __future__ import annotations

import re
from datetime import date, timedelta
from uuid import UUID

from domain.taxonomy import PledgeType, Role
from domain.values import Actor
from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, csrf_of, portal_fixture, sign_in
from tests.factories import content
from tests.integration.mail_day import run_day

portal = portal_fixture("reminder-links")
ADMIN = Actor("token:reminder-links", Role.SECRETARIAT)
EXPIRED = "This sign-in link has expired or was already used"
ROW, CELL = re.compile(r"<tr>(.*?)</tr>", re.S), re.compile(r"<td[^>]*>(.*?)</td>", re.S)


def due_pledge(portal: Portal, name: str, email: str, day: date) -> tuple[str, str, str]:
    """A pledger whose pledge's deadline is a week after the day, the pledge, and the day's
    reminder link mailed to its contact."""
    c = portal.container
    pledger_id = portal.pledger(name, email)
    reference = c.app.submit(
        UUID(pledger_id),
        content(type=PledgeType.INDIVIDUAL, title=f"Pledge of {name}"),
        day - timedelta(days=200),
        day + timedelta(days=7),
        ADMIN,
    ).reference
    today = c.app.today
    try:
        assert run_day(c, day).get("sent", 0) >= 1
    finally:
        c.app.today = today
    (link,) = portal.links_for(email)
    return pledger_id, reference, link


def use(portal: Portal, token: str) -> tuple[int, str, str]:
    """Opens the link in a new browser and presses its button: status, location, page."""
    with portal.client() as client:
        confirm = client.get(f"/sign-in/{token}")
        used = client.post(f"/sign-in/{token}", data={"csrf": csrf_of(confirm.text)})
        location = used.headers.get("location", "")
        if used.status_code != 303:
            return used.status_code, location, used.text
        landed = client.get(location.split("#")[0])
        csrf = csrf_of(landed.text)
        reference = location.split("/")[-1].split("#")[0]
        filed = client.post(
            f"/my/pledges/{reference}/reports",
            data={
                "csrf": csrf,
                "as_of": portal.container.app.today().isoformat(),
                "percent_complete": "30",
                "narrative": "Two courses given",
                "indicator_0": "120",
            },
        )
        assert filed.status_code == 303, filed.text
        return used.status_code, location, landed.text


def test_a_reminder_link_signs_in_opens_the_report_form_and_works_once(portal: Portal) -> None:
    c = portal.container
    today = c.app.today()
    _pledger, reference, token = due_pledge(portal, "City of Faro", "focal@faro.example.org", today)
    status, location, page = use(portal, token)
    assert (status, location) == (303, f"/my/pledges/{reference}#report-form")
    assert 'id="report-form"' in page and "File a progress report" in page
    pledge = c.app.get_pledge(reference)
    assert pledge.report_count == 1 and pledge.percent_complete == 30
    again, _location, refused = use(portal, token)
    assert again == 400 and EXPIRED in refused


def test_the_link_of_an_erased_contact_does_not_sign_in(portal: Portal) -> None:
    c = portal.container
    day = c.app.today() + timedelta(days=1)  # a day of its own: a day's digests go once
    pledger_id, _reference, token = due_pledge(
        portal, "City of Braga", "focal@braga.example.org", day
    )
    assert c.contacts.erase(UUID(pledger_id)) == 1
    status, location, page = use(portal, token)
    assert status == 400 and location == "" and EXPIRED in page


def test_the_console_shows_each_notice_and_how_its_digest_went(portal: Portal) -> None:
    day = portal.container.app.today() + timedelta(days=2)  # a day of its own
    _pledger, reference, _link = due_pledge(portal, "City of Evora", "focal@evora.example.org", day)
    with portal.client() as staff:
        sign_in(portal, staff, STAFF_EMAIL)
        page = staff.get("/console/mail")
    assert page.status_code == 200
    row = next(r for r in ROW.findall(page.text) if reference in r)
    cells = [re.sub("<[^>]+>", "", cell) for cell in CELL.findall(row)]
    assert cells[:4] == [reference, "deadline approaching", day.isoformat(), "sent"]
    assert cells[5] == "1"  # mailed to one address
    assert "Digests: Sent:" in page.text
