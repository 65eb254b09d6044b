"""The one definition of every value (domain/bounds.py): what each rule refuses, in words
that name the field and the rule; that the domain's constructors and commands refuse it too;
and that stored events are restored as stored, never checked against today's rules."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain import bounds
from domain.errors import DomainError, InvalidPledgeError
from domain.pledger import Pledger
from domain.taxonomy import Category, PledgeType, Support
from domain.values import IndicatorValue, Money, Target
from infrastructure.contacts import Contact
from tests.factories import DEADLINE, PLEDGED_ON, content
from tests.stored import matched, money, reported, submitted
from tests.unit.builders import OWNER, SECRETARIAT, TODAY, given
from tests.unit.tracker import tracker

HUGE = "1" * 10_000


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("NUL \x00", "control character (U+0000)"),
        ("bell \x07", "control character (U+0007)"),
        ("escape \x1b[31m", "control character (U+001B)"),
        ("delete \x7f", "control character (U+007F)"),
        ("next line \x85", "control character (U+0085)"),
        ("half a pair \ud83d", "lone surrogate (U+D83D)"),
        ("   ", "must not be empty"),
        ("x" * 201, "at most 200 characters"),
    ],
)
def test_text_refuses_what_no_text_may_hold(text: str, rule: str) -> None:
    with pytest.raises(InvalidPledgeError, match=re.escape(rule)):
        bounds.text("title", text, limit=200)


def test_text_keeps_tabs_and_newlines_and_makes_every_line_end_lf() -> None:
    assert bounds.text("narrative", "a\tb\r\nc\rd\ne", limit=50) == "a\tb\nc\nd\ne"
    assert bounds.text("narrative", "é 日本 😀", limit=50) == "é 日本 😀"


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("1e999999999", "at most 15 digits before"),
        ("1234567890123456", "at most 15 digits before"),
        ("1e-999999999", "at most 6 decimals"),
        ("0.0000001", "at most 6 decimals"),
        (HUGE, "at most 15 digits before"),
        ("NaN", "finite"),
        ("-Infinity", "finite"),
    ],
)
def test_quantities_are_finite_within_15_digits_and_6_decimals(value: str, rule: str) -> None:
    with pytest.raises(InvalidPledgeError, match=rule) as refused:
        bounds.quantity("targets[0].target", Decimal(value))
    assert refused.value.field == "targets[0].target"


def test_quantities_at_the_edges_are_kept() -> None:
    assert bounds.quantity("value", Decimal("999999999999999.999999")) == Decimal(
        "999999999999999.999999"
    )
    assert bounds.quantity("value", Decimal("-5")) == Decimal(-5)
    assert bounds.quantity("value", Decimal("1.50000000")) == Decimal("1.500000")


@pytest.mark.parametrize(
    ("amount", "currency", "kept"),
    [("1000", "JPY", "1000"), ("1000.00", "JPY", "1000"), ("1.234", "KWD", "1.234"),
     ("0.0001", "CLF", "0.0001"), ("250000.00", "EUR", "250000.00"), ("1.500", "EUR", "1.50"),
     ("999999999999999.99", "USD", "999999999999999.99")],
)  # fmt: skip
def test_amounts_take_their_currencys_minor_unit(amount: str, currency: str, kept: str) -> None:
    assert Money(Decimal(amount), currency).amount.as_tuple() == Decimal(kept).as_tuple()


@pytest.mark.parametrize(
    ("amount", "currency", "field", "rule"),
    [
        ("1000.5", "JPY", "financial.amount", "may have no decimals"),
        ("1.234", "EUR", "financial.amount", "at most 2 decimals"),
        ("1.23456", "KWD", "financial.amount", "at most 3 decimals"),
        ("1e999999999", "EUR", "financial.amount", "at most 15 digits"),
        ("0", "EUR", "financial.amount", "greater than zero"),
        ("-1e999999999", "EUR", "financial.amount", "greater than zero"),
        ("10", "XAU", "financial.currency", "not an ISO 4217 currency code"),
        ("10", "XTS", "financial.currency", "of a currency in use"),
        ("10", "XXX", "financial.currency", "of a currency in use"),
    ],
)
def test_money_beyond_the_rules_is_refused(
    amount: str, currency: str, field: str, rule: str
) -> None:
    with pytest.raises(InvalidPledgeError, match=rule) as refused:
        Money(Decimal(amount), currency)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("day", "ok"),
    [(date(2018, 12, 10), True), (date(2100, 12, 31), True), (date(2018, 12, 9), False),
     (date(2101, 1, 1), False), (date.min, False), (date.max, False)],
)  # fmt: skip
def test_dates_run_from_the_gcms_adoption_to_2100(day: date, ok: bool) -> None:
    if ok:
        assert bounds.day("deadline", day) == day
    else:
        with pytest.raises(InvalidPledgeError, match=r"from 2018-12-10 .* to 2100-12-31"):
            bounds.day("deadline", day)


def test_the_domains_constructors_refuse_what_the_rules_refuse() -> None:
    with pytest.raises(InvalidPledgeError, match="title: contains a control"):
        content(title="NUL \x00")
    with pytest.raises(InvalidPledgeError, match=r"targets\[0\].target: must have at most 15"):
        content(targets=(Target("people", Decimal(0), Decimal(HUGE), ""),))
    with pytest.raises(InvalidPledgeError, match="unit: contains a control"):
        content(targets=(Target("people", Decimal(0), Decimal(5), "\x07"),))
    with pytest.raises(InvalidPledgeError, match="name: contains a control"):
        Pledger.register(
            name="Org \x00", category=Category.OTHER, country=None, gcm_champion=False,
            actor=SECRETARIAT,
        )  # fmt: skip
    with pytest.raises(InvalidPledgeError, match=r"contacts\.phone"):
        Contact(name="Ana", email="ana@example.org", phone="\x00")
    assert content(description="Line one\r\n" * 40).description == "Line one\n" * 40


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (lambda p: p.extend_deadline(date(9999, 12, 31), "Later", SECRETARIAT), "deadline"),
        (lambda p: p.report_progress(date(2017, 1, 1), 5, "x", (), OWNER, TODAY), "as_of"),
        (
            lambda p: p.report_progress(
                TODAY, 5, "x", (IndicatorValue("migrants reached", Decimal(HUGE)),), OWNER, TODAY
            ),
            "indicators[0].value",
        ),
        (lambda p: p.report_progress(TODAY, 5, "NUL \x00", (), OWNER, TODAY), "narrative"),
        (lambda p: p.fulfil(date.min, "Done", OWNER, TODAY), "fulfilled_on"),
        (lambda p: p.withdraw("bell \x07", OWNER, TODAY), "reason"),
        (
            lambda p: p.match(uuid4(), Support.FINANCIAL, "Funds \x00", None, SECRETARIAT, TODAY),
            "description",
        ),
    ],
)
def test_the_domains_commands_refuse_what_the_rules_refuse(command: object, field: str) -> None:
    pledge = given(kind=PledgeType.MATCHING)
    with pytest.raises(InvalidPledgeError) as refused:
        command(pledge)  # type: ignore[operator]
    assert refused.value.field == field
    assert not pledge.collect_events()


def test_a_submission_out_of_the_date_window_is_refused_before_it_is_numbered() -> None:
    app = tracker()
    owner = app.register_pledger("Lisbon", Category.OTHER, None, False, SECRETARIAT)
    for pledged_on, deadline in [(date(1, 1, 1), DEADLINE), (PLEDGED_ON, date(9999, 12, 30))]:
        with pytest.raises(InvalidPledgeError):
            app.submit(owner, content(), pledged_on, deadline, SECRETARIAT)
    assert app.submit(owner, content(), PLEDGED_ON, DEADLINE, SECRETARIAT).reference.endswith(
        "-0001"
    )


def test_stored_events_beyond_todays_rules_are_restored_as_stored() -> None:
    """The mapper never checks stored values again: an old import keeps loading."""
    app = tracker()
    owner = uuid4()
    history = submitted(
        owner,
        "GCM-2019-0001",
        deadline=date(9999, 12, 31),
        title="NUL \x00 and bell \x07",
        financial=money(Decimal("1e999999999")),
        targets=(Target("people reached", Decimal(0), Decimal(HUGE), "\x00"),),
    )
    reported(history, date(1, 1, 1), 10**30, "CR\r\nLF", people_reached=Decimal(HUGE))
    matched(history, owner, money(Decimal("NaN"), "XAU"), date.max)
    app.save(*history.events)
    pledge = app.get_pledge(history.pledge_id)
    assert pledge.content.title == "NUL \x00 and bell \x07"
    assert pledge.content.financial is not None
    assert str(pledge.content.financial.amount) == "1E+999999999"
    assert pledge.content.targets[0].target == Decimal(HUGE)
    assert (pledge.deadline, pledge.percent_complete) == (date(9999, 12, 31), 10**30)
    assert pledge.latest_values == {"people reached": Decimal(HUGE)}
    assert str(pledge.matches[0].amount.amount) == "NaN"  # type: ignore[union-attr]
    [report] = app.progress_reports(history.pledge_id)
    assert (report.as_of, report.narrative) == (date(1, 1, 1), "CR\r\nLF")


def test_a_pledge_whose_stored_deadline_is_9999_12_31_is_not_lapsable_and_does_not_overflow() -> (
    None
):
    pledge = given()
    pledge.deadline = date(9999, 12, 31)
    with pytest.raises(DomainError, match="cannot lapse"):
        pledge.lapse("Too late", 90, SECRETARIAT, TODAY)
