"""A pledge row and its Targets, Partners and Reports rows as one Pledge, made but not saved:
each command given its own day as today, so earlier dates pass the rules as they did then
while a date after the real today is still refused."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any
from uuid import UUID

from api.imports.faults import Faults
from api.imports.rows import (
    PLEDGE_COLUMNS,
    fulfilment_body,
    pledge_body,
    report_body,
    target_body,
)
from api.imports.sheets import Row, Sheets
from api.schemas.commands import FulfilmentCreate, PartnerCreate, ProgressReportCreate
from api.schemas.common import IsoDate, StrictModel
from api.schemas.pledges import PledgeCreate, TargetIn
from domain.pledge import Pledge
from domain.taxonomy import Review
from domain.values import Actor


class JoinedOn(StrictModel):
    """The day a partner joined (the pledge's own day if not given)."""

    joined_on: IsoDate


class Related:
    """The rows of the other sheets, by the reference of the pledge they belong to."""

    def __init__(self, sheets: Sheets) -> None:
        self.by: dict[str, dict[str, list[Row]]] = {}
        for sheet in ("Targets", "Partners", "Reports", "Fulfilments"):
            self.by[sheet] = defaultdict(list)
        for sheet in ("Targets", "Partners", "Reports"):
            for row in sheets.get(sheet, []):
                # The exports' Reports sheet holds the report of fulfilment too (kind).
                fulfilment = sheet == "Reports" and row.get("kind") == "fulfilment"
                group = "Fulfilments" if fulfilment else sheet
                self.by[group][row.get("reference").upper()].append(row)

    def check_orphans(self, references: set[str], faults: Faults) -> None:
        """A row for a pledge the Pledges sheet does not have would be silently lost."""
        for grouped in self.by.values():
            for reference, rows in grouped.items():
                if reference not in references:
                    for row in rows:
                        faults.add(
                            row,
                            "reference",
                            f"no pledge {reference or '(blank)'} in the Pledges sheet",
                        )

    def of(self, sheet: str, reference: str) -> list[Row]:
        return self.by[sheet].get(reference.upper(), []) if reference else []


class PledgeMaker:
    def __init__(self, faults: Faults, actor: Actor, today: date) -> None:
        self.faults, self.actor, self.today = faults, actor, today
        self.reports = self.partners = 0

    def until(self, day: date) -> date:
        """The day a rule that compares with today is given: the event's own, unless it
        is after the real today (then the rule refuses it as it would live)."""
        return min(day, self.today)

    def make(
        self,
        row: Row,
        ids: tuple[UUID, UUID, str],
        related: Related,
        partner_of: Callable[[Row], UUID | None],
    ) -> Pledge | None:
        pledge_id, pledger_id, reference = ids
        targets = []
        for target_row in related.of("Targets", row.get("reference")):
            target = self.faults.schema(target_row, TargetIn, target_body(target_row), {})
            targets.append(target.model_dump() if target else None)
        body = pledge_body(row, str(pledger_id), [t for t in targets if t is not None])
        checked = self.faults.schema(row, PledgeCreate, body, PLEDGE_COLUMNS)
        if checked is None or None in targets:
            return None
        content = self.faults.rule(row, "description", checked.content)
        if content is None:
            return None
        pledge = self.faults.rule(
            row,
            "pledged_on",
            lambda: Pledge.submit(
                id=pledge_id,
                reference=reference,
                pledger_id=pledger_id,
                content=content,
                pledged_on=checked.pledged_on,
                deadline=checked.deadline,
                actor=self.actor,
                today=self.until(checked.pledged_on),
                review=Review.PUBLISHED,
            ),
        )
        if pledge is None:
            return None
        steps = self.partner_steps(pledge, related.of("Partners", reference), partner_of)
        steps += self.report_steps(pledge, related.of("Reports", reference))
        for _day, step_row, column, step in sorted(steps, key=lambda s: (s[0], s[1].number)):
            self.faults.rule(step_row, column, step)
        self.fulfil(pledge, row, related.of("Fulfilments", reference))
        return pledge

    Step = tuple[date, Row, str, Callable[[], Any]]

    def partner_steps(
        self, pledge: Pledge, rows: list[Row], partner_of: Callable[[Row], UUID | None]
    ) -> list[Step]:
        steps: list[PledgeMaker.Step] = []
        for row in rows:
            partner = partner_of(row)
            body = {"pledger_id": str(partner), "contribution": row.get("contribution")}
            checked = self.faults.schema(row, PartnerCreate, body, {"pledger_id": "partner"})
            on = {"joined_on": row.get("joined_on") or str(pledge.pledged_on)}
            joined = self.faults.schema(row, JoinedOn, on, {})
            if partner is None or checked is None or joined is None:
                continue
            day = joined.joined_on
            self.partners += 1
            join = partial(
                pledge.add_partner,
                checked.pledger_id,
                checked.contribution,
                self.actor,
                self.until(day),
            )
            steps.append((day, row, "partner", join))
        return steps

    def report_steps(self, pledge: Pledge, rows: list[Row]) -> list[Step]:
        steps: list[PledgeMaker.Step] = []
        for row in rows:
            checked = self.faults.schema(row, ProgressReportCreate, report_body(row), {})
            if checked is None:
                continue
            self.reports += 1
            report = partial(
                pledge.report_progress,
                checked.as_of,
                checked.percent_complete,
                checked.narrative,
                checked.indicator_values(),
                self.actor,
                self.until(checked.as_of),
            )
            steps.append((checked.as_of, row, "as_of", report))
        return steps

    def fulfil(self, pledge: Pledge, row: Row, reported: list[Row]) -> None:
        body = fulfilment_body(row, reported[-1] if reported else None)
        if body is None:
            return
        columns = {
            "fulfilled_on": "fulfilled_on",
            "narrative": "fulfilment_narrative",
            "explanation": "fulfilment_explanation",
        }
        checked = self.faults.schema(row, FulfilmentCreate, body, columns)
        if checked is not None:
            self.faults.rule(
                row,
                "fulfilled_on",
                lambda: pledge.fulfil(
                    checked.fulfilled_on,
                    checked.narrative,
                    self.actor,
                    self.until(checked.fulfilled_on),
                    checked.explanation,
                ),
                columns,
            )
