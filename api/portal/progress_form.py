"""The progress report and fulfilment forms: read with every fault at once (forms.py), and
what they show besides the inputs: the percent complete the indicators suggest, each
target's figures for the page's script, and the targets not met that ask for an explanation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from api.pages.labels import number
from api.portal.forms import FormReader, number_words, present
from api.schemas.commands import FulfilmentCreate, ProgressReportCreate
from domain.pledge import Pledge
from domain.progress import suggested_percent, unmet_targets
from domain.written import written

REPORT_NEEDS = {
    "as_of": "Give the date this report describes (YYYY-MM-DD)",
    "percent_complete": "Give the percent complete, a whole number from 0 to 100",
    "narrative": "Say what was done",
}
FULFIL_NEEDS = {
    "fulfilled_on": "Give the date the pledge was fulfilled (YYYY-MM-DD)",
    "narrative": "Say what the pledge achieved",
    "explanation": "Some targets are not met: explain why the pledge is fulfilled all the same",
}
PERCENT = "percent complete is a whole number from 0 to 100"


def report_body(form: FormReader, pledge: Pledge, today: date) -> ProgressReportCreate:
    # Inputs are numbered by the pledge's targets; the body lists the filled ones.
    values = {i: form.number(f"indicator_{i}") for i in range(len(pledge.content.targets))}
    filled = [i for i, value in values.items() if value is not None]
    data = {
        "as_of": form.value("as_of"),
        "percent_complete": form.whole("percent_complete", PERCENT),
        "narrative": form.value("narrative"),
        "indicators": [
            {"indicator": pledge.content.targets[i].indicator, "value": values[i]} for i in filled
        ],
    }
    inputs = {f"indicators[{n}]": f"indicator_{i}" for n, i in enumerate(filled)}

    def key_of(field: str) -> str:
        return inputs.get(field.split(".")[0], field.split("[")[0])

    body = form.check(ProgressReportCreate, present(data), key_of)
    if body is not None:
        when = body.as_of
        form.rule("as_of", lambda: pledge.check_date_in_range("The report date", when, today))
    form.done("The report was not filed")
    assert body is not None  # noqa: S101 - done() raised otherwise
    return body


def fulfilment_body(form: FormReader, pledge: Pledge, today: date) -> FulfilmentCreate:
    data = {k: form.value(k) for k in ("fulfilled_on", "narrative", "explanation")}
    if unmet_targets(pledge.content.targets, pledge.latest_values) and not data["explanation"]:
        form.add("explanation", FULFIL_NEEDS["explanation"])
    body = form.check(FulfilmentCreate, present(data))
    if body is not None:
        on = body.fulfilled_on
        form.rule(
            "fulfilled_on", lambda: pledge.check_date_in_range("The fulfilment date", on, today)
        )
    form.done("The pledge was not recorded as fulfilled")
    assert body is not None  # noqa: S101 - done() raised otherwise
    return body


def figures(pledge: Pledge, language: str) -> dict[str, Any]:
    """What the report and fulfilment forms show besides their inputs."""
    latest = pledge.latest_values
    suggested = suggested_percent(pledge.content.targets, latest)
    return {
        **number_words(language),
        "suggested_percent": pledge.percent_complete if suggested is None else suggested,
        "suggested_from_targets": suggested is not None,
        "target_figures": [
            {
                "baseline": written(t.baseline),
                "target": written(t.target),
                "latest": written(latest[t.indicator]) if t.indicator in latest else "",
                "latest_shown": number(latest.get(t.indicator)),
            }
            for t in pledge.content.targets
        ],
        "unmet": [
            (t, number(latest[t.indicator]), number(t.target))
            for t in unmet_targets(pledge.content.targets, latest)
        ],
    }
