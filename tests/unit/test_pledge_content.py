"""PledgeContent and Money refuse what can never be a valid pledge, naming the field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from domain.errors import InvalidPledgeError
from domain.taxonomy import Form, Level, Principle, Region
from domain.values import Money, Target
from tests.factories import DESCRIPTION, content

PAD = "x"


def description(length: int) -> str:
    return (DESCRIPTION * 20)[:length]


@pytest.mark.parametrize("length", [300, 3000])
def test_a_description_of_300_to_3000_characters_is_accepted(length: int) -> None:
    assert len(content(description=description(length)).description) == length


@pytest.mark.parametrize("length", [299, 3001])
def test_a_description_outside_300_to_3000_characters_is_refused(length: int) -> None:
    with pytest.raises(InvalidPledgeError, match="300 to 3000 characters") as raised:
        content(description=description(length))
    assert raised.value.field == "description"
    assert f"it has {length}" in str(raised.value)


def test_surrounding_blanks_do_not_count_towards_the_description() -> None:
    with pytest.raises(InvalidPledgeError, match="it has 299"):
        content(description="   " + description(299) + "\n\n")


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"title": "  "}, "title", "must not be empty"),
        ({"title": PAD * 201}, "title", "at most 200"),
        ({"forms": ()}, "forms", "at least one form"),
        ({"objectives": ()}, "objectives", "at least one GCM objective"),
        ({"objectives": (0,)}, "objectives", "0 is not a GCM objective"),
        ({"objectives": (3, 24)}, "objectives", "24 is not a GCM objective (1 to 23)"),
        ({"objectives": (3, 3)}, "objectives", "lists a value twice"),
        ({"forms": (Form.POLICY, Form.POLICY)}, "forms", "lists a value twice"),
        ({"principles": (Principle.HUMAN_RIGHTS,) * 2}, "principles", "lists a value twice"),
        ({"levels": (Level.LOCAL, Level.LOCAL)}, "levels", "lists a value twice"),
        ({"countries": ("PRT", "PRT")}, "countries", "lists a value twice"),
        ({"countries": ("PT",)}, "countries", "'PT' is not an ISO 3166-1 alpha-3 code"),
        ({"countries": ("ZZZ",)}, "countries", "'ZZZ' is not an ISO 3166-1"),
        ({"countries": ()}, "countries", "or choose the global region"),
        ({"language": "eng"}, "language", "'eng' is not an ISO 639-1"),
        (
            {"targets": (Target(" ", Decimal(0), Decimal(1), "u"),)},
            "targets[0].indicator",
            "must not be empty",
        ),
        (
            {"targets": (Target("a", Decimal(0), Decimal(1), "u"),) * 2},
            "targets[1].indicator",
            "names an indicator twice",
        ),
    ],
)
def test_invalid_content_is_refused_naming_the_field(
    changes: dict[str, Any], field: str, says: str
) -> None:
    with pytest.raises(InvalidPledgeError) as raised:
        content(**changes)
    assert raised.value.field == field
    assert says in str(raised.value)


@pytest.mark.parametrize("objectives", [(1,), (23,), tuple(range(1, 24))])
def test_objectives_1_to_23_are_accepted(objectives: tuple[int, ...]) -> None:
    assert content(objectives=objectives).objectives == objectives


def test_a_global_pledge_needs_no_country() -> None:
    assert content(countries=(), region=Region.GLOBAL).countries == ()


def test_optional_fields_may_be_left_out() -> None:
    minimal = content(principles=(), levels=(), targets=(), financial=None)
    assert minimal.target_indicators == frozenset()


@pytest.mark.parametrize("amount", ["0", "-1", "0.00"])
def test_money_must_be_greater_than_zero(amount: str) -> None:
    with pytest.raises(InvalidPledgeError, match="greater than zero") as raised:
        Money(Decimal(amount), "EUR")
    assert raised.value.field == "financial.amount"


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity"), 100])
def test_money_must_be_a_finite_decimal(amount: Any) -> None:
    with pytest.raises(InvalidPledgeError, match="must be a decimal number"):
        Money(amount, "EUR")


@pytest.mark.parametrize("currency", ["EURO", "eur", "ZZZ"])
def test_money_needs_an_iso_4217_currency(currency: str) -> None:
    with pytest.raises(InvalidPledgeError, match="not an ISO 4217 currency code"):
        Money(Decimal("0.01"), currency)


def test_a_small_positive_amount_in_a_real_currency_is_money() -> None:
    assert Money(Decimal("0.01"), "USD").amount == Decimal("0.01")
