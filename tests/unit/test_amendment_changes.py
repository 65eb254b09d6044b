"""What an amendment changed, from what to what (domain/amendments.py), and in words
(api/pages/amendments.py); the rules of an amendment."""

from __future__ import annotations

from decimal import Decimal

from api.pages.amendments import amendments_shown, describe
from domain.amendments import Change, amendments_in, content_changes
from domain.errors import InvalidPledgeError, NotAllowedError
from domain.taxonomy import Form, PledgeType, Region
from domain.values import Money, Target
from tests.factories import DESCRIPTION, content
from tests.unit.builders import (
    OWNER,
    SECRETARIAT,
    amended,
    given,
    pledger,
    submitted,
    then_error,
)

REACHED = Target("Migrants advised", Decimal(0), Decimal(500), "people")


def test_a_target_lowered_reads_as_from_what_to_what() -> None:
    before = content(targets=(REACHED,))
    after = content(targets=(Target("Migrants advised", Decimal(0), Decimal(300), "people"),))
    changes = content_changes(before, after)
    assert changes == (Change("target", Decimal(500), Decimal(300), "Migrants advised"),)
    assert describe(changes[0]) == "target 'Migrants advised' 500 → 300"


def test_each_kind_of_change_in_words() -> None:
    before = content(targets=(REACHED,))
    after = content(
        title="Three centres",
        description=DESCRIPTION + " Also in Porto.",
        type=PledgeType.COMMON,
        forms=(Form.FINANCIAL, Form.POLICY, Form.PROCESS),
        objectives=(16, 3, 5),
        countries=("PRT", "ESP"),
        region=Region.EUROPE_NORTH_AMERICA,
        financial=Money(Decimal("200000.00"), "EUR"),
        gcr_mirror=True,
        targets=(Target("Staff trained", Decimal(0), Decimal(40), ""),),
    )
    words = [describe(c) for c in content_changes(before, after)]
    assert words == [
        "title 'One-stop centres for newly arrived migrants' → 'Three centres'",
        "description rewritten (336 → 351 characters)",
        "type Partnership → Common",
        "financial amount EUR 250,000 → EUR 200,000",
        "mirrors a Global Compact on Refugees pledge no → yes",
        "forms Policy, Financial → Financial, Policy, Process",
        "GCM objectives 3, 15, 16 → 16, 3, 5",
        "countries Portugal → Portugal, Spain",
        "target 'Migrants advised' removed (was 0 → 500 people)",
        "target 'Staff trained' added: 0 → 40",
    ]


def test_reordering_a_list_is_no_change_and_the_domain_refuses_it() -> None:
    pledge = given()
    same = content(objectives=(16, 15, 3), forms=(Form.FINANCIAL, Form.POLICY))
    assert content_changes(pledge.content, same) == ()
    then_error(pledge, amended(same), InvalidPledgeError, "changes: this amendment changes nothing")


def test_only_the_owner_or_the_secretariat_amends_and_says_why() -> None:
    new = content(title="Renamed")
    then_error(given(), amended(new, by=pledger()), NotAllowedError, "own pledger or the Secre")
    then_error(given(), lambda p: p.amend(new, " ", OWNER), InvalidPledgeError, "reason")
    pledge = given()
    pledge.amend(new, "Clearer", SECRETARIAT)
    assert pledge.content.title == "Renamed"


def test_the_history_s_amendments_each_compare_with_the_content_before() -> None:
    pledge = submitted()
    for title in ("Second", "Third"):
        amended(content(title=title))(pledge)
    found = amendments_in(pledge.collect_events())
    assert [a.version for a in found] == [2, 3]
    shown = amendments_shown(found)
    assert shown[0].changes == ("title 'One-stop centres for newly arrived migrants' → 'Second'",)
    assert shown[1].changes == ("title 'Second' → 'Third'",)
    assert shown[1].reason == "Clarified scope"
