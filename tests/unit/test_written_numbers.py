"""Numbers as people write them in a form (domain/written.py), by the form's language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.errors import InvalidPledgeError
from domain.written import number, written

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("en", "1,200", "1200"),
        ("en", "1 200", "1200"),
        ("en", f"1{NBSP}200", "1200"),
        ("en", f"1{NNBSP}200", "1200"),
        ("en", "1200.5", "1200.5"),
        ("en", "1,234,567.25", "1234567.25"),
        ("en", " 40 ", "40"),
        ("en", "-3.5", "-3.5"),
        ("en", ".5", "0.5"),
        ("fr", "1 200,5", "1200.5"),
        ("fr", f"1{NNBSP}200,5", "1200.5"),
        ("fr", "1200,5", "1200.5"),
        ("fr", "1.200,5", "1200.5"),
        ("fr", "1200.5", "1200.5"),  # a point that cannot separate thousands is a decimal point
        ("fr", "1.200", "1200"),
        ("es", "1.200,5", "1200.5"),
        ("es", "1.234.567", "1234567"),
        ("es", "0,75", "0.75"),
    ],
)
def test_a_number_as_people_write_it(language: str, text: str, value: str) -> None:
    read = number("indicator_0", text, language)
    assert read == Decimal(value) and str(read) == value


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "1,2,3"),
        ("en", "12abc"),
        ("en", "1,5"),  # not a group of three: a comma is no decimal mark in English
        ("en", "1.200,5"),
        ("en", "1 2"),
        ("en", "1e5"),
        ("en", "NaN"),
        ("en", "Infinity"),
        ("en", "1."),
        ("en", "-"),
        ("en", "١٢"),  # digits of another script
        ("fr", "1,2,3"),
        ("fr", "1.2.3"),
        ("es", "12abc"),
        ("en", "9" * 70),
    ],
)
def test_what_is_no_number_is_refused_in_plain_words(language: str, text: str) -> None:
    with pytest.raises(InvalidPledgeError) as refused:
        number("indicator_0", text, language)
    assert refused.value.field == "indicator_0"
    assert "is not a number as written in" in refused.value.reason
    assert "write it like" in refused.value.reason


def test_the_refusal_gives_an_example_in_the_form_s_language() -> None:
    with pytest.raises(InvalidPledgeError, match="French: write it like 1 200,5"):
        number("amount", "1,2,3", "fr")
    with pytest.raises(InvalidPledgeError, match=r"English: write it like 1,200 or 1200\.5"):
        number("amount", "12abc", "en")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("value", ["0", "1200", "1200.5", "0.000001", "-45.25", "1E+3"])
def test_a_number_a_form_shows_reads_back_the_same(language: str, value: str) -> None:
    shown = written(Decimal(value), language)
    assert number("x", shown, language) == Decimal(value)
    assert ("," in shown) == (language != "en" and "." in format(Decimal(value), "f"))


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize(
    ("text", "meant"), [("1,200", "1\u202f200 or 1,2"), ("12,500", "12\u202f500 or 12,5")]
)
def test_a_comma_before_three_digits_is_ambiguous_in_french_and_spanish(
    language: str, text: str, meant: str
) -> None:
    """A French city's "1,200" migrants advised was recorded as 1.2: now it is asked which."""
    with pytest.raises(InvalidPledgeError, match=f"could be {meant}: write the one you mean"):
        number("value", text, language)
    assert number("value", "1,2", language) == Decimal("1.2")
