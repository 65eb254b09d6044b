"""The portal's amendment form: filled with the pledge's content, it records what changed and
why, which the public page lists; an amendment that changes nothing, or with faults, comes
back with everything typed."""

from __future__ import annotations

from tests.e2e.portal_helpers import Portal, csrf_of, portal_fixture
from tests.e2e.test_forms import pledger_with_pledge
from tests.factories import DESCRIPTION

portal = portal_fixture("amend-form")


def amendment(html: str, **changes: str) -> dict[str, object]:
    """The amendment form as the browser sends it, filled with the pledge's content (as
    tests.e2e.test_portal.pledge_form submitted it), then the changes."""
    form: dict[str, object] = {"csrf": csrf_of(html)}
    for name, value in (
        ("title", "Language courses for newcomers"),
        ("description", DESCRIPTION),
        ("type", "partnership"),
        ("forms", ["policy"]),
        ("objectives", ["3", "16"]),
        ("principles", ["human_rights"]),
        ("levels", ["local"]),
        ("countries", ["PRT"]),
        ("region", "europe_north_america"),
        ("language", "en"),
        ("target_indicator_0", "people taught"),
        ("target_baseline_0", "0"),
        ("target_target_0", "400"),
        ("target_unit_0", "people"),
        ("amount", "1000"),
        ("currency", "EUR"),
    ):
        form[name] = value
    form.update(changes)
    return form


def test_an_amendment_by_form_is_listed_on_the_public_page(portal: Portal) -> None:
    with portal.client() as client:
        reference = pledger_with_pledge(portal, client, "lagos")
        mine = client.get(f"/my/pledges/{reference}").text
        assert f'href="/my/pledges/{reference}/amend">Amend this pledge</a>' in mine
        form = client.get(f"/my/pledges/{reference}/amend").text
        assert 'value="Language courses for newcomers"' in form
        assert f"{DESCRIPTION}</textarea>" in form
        assert 'name="target_target_0" inputmode="decimal" value="400"' in form

        same = client.post(
            f"/my/pledges/{reference}/amendments", data=amendment(form, reason="No reason.")
        )
        assert same.status_code == 422 and "this amendment changes nothing" in same.text

        faults = amendment(form, title="", target_target_0="3OO", reason="")
        refused = client.post(f"/my/pledges/{reference}/amendments", data=faults)
        assert refused.status_code == 422 and "3 fields need attention" in refused.text
        assert 'id="error-title">Give the pledge a title' in refused.text
        assert 'id="error-reason">Say why the pledge changes' in refused.text
        assert "“3OO” is not a number" in refused.text and 'value="3OO"' in refused.text

        why = "The second town joins only in 2029."
        changed = amendment(form, target_target_0="300", reason=why)
        done = client.post(f"/my/pledges/{reference}/amendments", data=changed)
        assert done.status_code == 303, done.text
        public = client.get(f"/pledges/{reference}").text
        today = portal.container.app.today().isoformat()
        assert "target &#39;people taught&#39; 400 → 300</span>, <time" in public
        assert f'datetime="{today}">{today}</time>: {why}' in public
    pledge = portal.container.app.get_pledge(reference)
    assert (pledge.version, str(pledge.content.targets[0].target)) == (2, "300")


def test_only_the_owner_amends_by_form(portal: Portal) -> None:
    with portal.client() as owner, portal.client() as other:
        reference = pledger_with_pledge(portal, owner, "sines")
        pledger_with_pledge(portal, other, "beja")
        assert other.get(f"/my/pledges/{reference}/amend").status_code == 403
        csrf = csrf_of(other.get("/my").text)
        sent = other.post(f"/my/pledges/{reference}/amendments", data={"csrf": csrf})
        assert sent.status_code == 403
