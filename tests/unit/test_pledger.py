"""Pledgers: States name their country, only States are GCM Champions; references."""

from __future__ import annotations

import pytest

from domain.errors import InvalidPledgeError
from domain.pledger import NAME_MAX, Pledger, PledgeReference, format_reference
from domain.taxonomy import STATE_CATEGORIES, Category
from tests.unit.builders import SECRETARIAT, names

STAKEHOLDERS = sorted(set(Category) - STATE_CATEGORIES)


def register(**changes: object) -> Pledger:
    fields: dict[str, object] = {
        "name": "Republic of Portugal",
        "category": Category.MEMBER_STATE,
        "country": "PRT",
        "gcm_champion": True,
        "actor": SECRETARIAT,
    }
    fields.update(changes)
    return Pledger.register(**fields)  # type: ignore[arg-type]


def test_registering_a_state_gives_registered_with_trimmed_name() -> None:
    pledger = register(name="  Republic of Portugal ")
    events = pledger.collect_events()
    assert names(events) == ["Registered"]
    assert events[0].name == "Republic of Portugal"
    assert (pledger.category, pledger.country, pledger.gcm_champion) == (
        Category.MEMBER_STATE,
        "PRT",
        True,
    )


@pytest.mark.parametrize("category", sorted(STATE_CATEGORIES))
def test_a_state_must_name_its_country(category: Category) -> None:
    with pytest.raises(InvalidPledgeError, match="a State names its country") as raised:
        register(category=category, country=None, gcm_champion=False)
    assert raised.value.field == "country"


@pytest.mark.parametrize("category", STAKEHOLDERS)
def test_only_states_can_be_gcm_champions(category: Category) -> None:
    with pytest.raises(InvalidPledgeError, match="only States can be GCM Champions"):
        register(category=category, gcm_champion=True)


@pytest.mark.parametrize("category", STAKEHOLDERS)
def test_a_stakeholder_may_have_no_country(category: Category) -> None:
    assert register(category=category, country=None, gcm_champion=False).country is None


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"name": "   "}, "name", "must not be empty"),
        ({"name": "n" * (NAME_MAX + 1)}, "name", f"at most {NAME_MAX}"),
        ({"country": "PT"}, "country", "'PT' is not an ISO 3166-1 alpha-3 code"),
    ],
)
def test_invalid_organisation_data_is_refused(
    changes: dict[str, object], field: str, says: str
) -> None:
    with pytest.raises(InvalidPledgeError) as raised:
        register(**changes)
    assert raised.value.field == field
    assert says in str(raised.value)


def test_an_update_is_checked_like_a_registration() -> None:
    pledger = register()
    pledger.collect_events()
    with pytest.raises(InvalidPledgeError, match="only States can be GCM Champions"):
        pledger.update("Lisbon", Category.LOCAL_REGIONAL_GOVERNMENT, "PRT", True, SECRETARIAT)
    assert pledger.collect_events() == []
    pledger.update("Lisbon", Category.LOCAL_REGIONAL_GOVERNMENT, "PRT", False, SECRETARIAT)
    assert names(pledger.collect_events()) == ["Updated"]
    assert (pledger.name, pledger.category, pledger.gcm_champion) == (
        "Lisbon",
        Category.LOCAL_REGIONAL_GOVERNMENT,
        False,
    )


@pytest.mark.parametrize(
    ("year", "number", "reference"),
    [(2026, 42, "GCM-2026-0042"), (2022, 1, "GCM-2022-0001"), (2030, 12345, "GCM-2030-12345")],
)
def test_a_reference_is_gcm_year_and_a_four_digit_number(
    year: int, number: int, reference: str
) -> None:
    assert format_reference(year, number) == reference


def test_a_reference_index_id_ignores_case() -> None:
    assert PledgeReference.create_id("gcm-2026-0042") == PledgeReference.create_id("GCM-2026-0042")
    assert PledgeReference.create_id("GCM-2026-0042") != PledgeReference.create_id("GCM-2026-0043")
