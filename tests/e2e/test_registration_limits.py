"""Registration requests are rate limited per focal point's email and per client address:
a 429 (a page, or a problem detail) with Retry-After, that says nothing else."""

from __future__ import annotations

from tests.e2e.conftest import problem
from tests.e2e.portal_helpers import Portal, portal_fixture
from tests.e2e.registration_helpers import form, mails_to, post_form, unique_email

portal = portal_fixture(
    "registration-limits", registrations_per_address=5, registrations_per_email=2
)
WINDOW = 3600


def body(email: str) -> dict[str, object]:
    return {
        "organisation": {"name": "City of Tavira", "category": "civil_society", "country": "PRT"},
        "contact": {"name": "Rui", "email": email},
    }


def test_per_email_then_per_address_with_retry_after(portal: Portal) -> None:
    email = unique_email("often")
    with portal.client() as client:
        first, second = (post_form(client, form(email=email)) for _ in range(2))
        assert first.status_code == second.status_code == 200
        third = post_form(client, form(email=email.upper()))  # the same address, written louder
        assert third.status_code == 429
        assert 0 < int(third.headers["retry-after"]) <= WINDOW
        assert "Too many requests were sent from here or for this address" in third.text
        assert 'value="City of Braga"' in third.text  # what was typed is kept
        refused = client.post("/api/registration-requests", json=body(email))
        limited = problem(refused, 429, "too_many_requests")
        assert "Retry-After" in limited["detail"] and 0 < int(refused.headers["retry-after"])
        # Two more addresses fill the five this client may send in an hour; then none.
        for _ in range(3):
            assert post_form(client, form()).status_code == 200
        other = unique_email("fresh")
        problem(client.post("/api/registration-requests", json=body(other)), 429)
        assert post_form(client, form(email=other)).status_code == 429
    assert len(mails_to(portal, email)) == 2 and mails_to(portal, other) == []
