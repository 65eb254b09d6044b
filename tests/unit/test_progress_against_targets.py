"""The percent complete the indicators suggest, the targets not met, and the fulfilment that
needs an explanation then (domain/progress.py, Pledge.fulfil)."""

from __future__ import annotations

from decimal import Decimal

from domain.errors import InvalidPledgeError
from domain.progress import suggested_percent, unmet_targets
from domain.values import IndicatorValue, Target
from tests.factories import content
from tests.unit.builders import OWNER, TODAY, given, names, progress_reported, then_error

REACHED = Target("migrants reached", Decimal(0), Decimal(500), "people")
DETAINED = Target("days in detention", Decimal(30), Decimal(5), "days")  # a target going down


def test_the_suggested_percent_is_the_mean_way_from_baseline_to_target() -> None:
    values = {"migrants reached": Decimal(360), "days in detention": Decimal(10)}
    # 360 of 500 is 72%; 30 -> 10 of 30 -> 5 is 80%: a mean of 76.
    assert suggested_percent([REACHED, DETAINED], values) == 76
    # A target not yet reported is none of the way; past the target counts as all of it.
    assert suggested_percent([REACHED, DETAINED], {"migrants reached": Decimal(900)}) == 50
    assert suggested_percent([REACHED], {}) is None
    assert suggested_percent([Target("flat", Decimal(1), Decimal(1), "")], {"flat": 1}) is None


def test_a_target_is_unmet_when_its_latest_value_falls_short_either_way() -> None:
    values = {"migrants reached": Decimal(500), "days in detention": Decimal(6)}
    assert unmet_targets([REACHED, DETAINED], values) == [DETAINED]
    assert unmet_targets([REACHED, DETAINED], {}) == []  # nothing reported: nothing missed


def test_fulfilment_with_targets_not_met_needs_an_explanation() -> None:
    short = (IndicatorValue("migrants reached", Decimal(360)),)
    pledge = given(progress_reported(72, indicators=short))
    then_error(
        pledge,
        lambda p: p.fulfil(TODAY, "All targets were met.", OWNER, TODAY),
        InvalidPledgeError,
        "explanation: targets not met (migrants reached: 360 of 500)",
    )
    pledge.fulfil(TODAY, "Done.", OWNER, TODAY, "Costs rose; 360 were served.")
    [event] = pledge.collect_events()
    assert names([event]) == ["Fulfilled"] and event.explanation == "Costs rose; 360 were served."


def test_fulfilment_with_targets_met_needs_no_explanation() -> None:
    met = (IndicatorValue("migrants reached", Decimal(500)),)
    pledge = given(progress_reported(100, indicators=met))
    pledge.fulfil(TODAY, "All targets were met.", OWNER, TODAY)
    assert pledge.closing_note == "All targets were met." and content().targets[0] == REACHED
