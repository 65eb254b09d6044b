"""Valid inputs for tests that need a pledge but are not about its content."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from domain.taxonomy import Form, Level, PledgeType, Principle, Region
from domain.values import Money, PledgeContent, Target

DESCRIPTION = (
    "The City commits to open two one-stop centres where newly arrived migrants receive "
    "information on residence, work, health care and schooling in their own language, and to "
    "train municipal staff in a rights-based approach. Progress is measured by the number of "
    "migrants served and staff trained, reported twice a year to the city council."
)


def content(**changes: Any) -> PledgeContent:
    fields: dict[str, Any] = {
        "title": "One-stop centres for newly arrived migrants",
        "description": DESCRIPTION,
        "type": PledgeType.PARTNERSHIP,
        "forms": (Form.POLICY, Form.FINANCIAL),
        "objectives": (3, 15, 16),
        "principles": (Principle.HUMAN_RIGHTS, Principle.WHOLE_OF_SOCIETY),
        "levels": (Level.LOCAL,),
        "countries": ("PRT",),
        "region": Region.EUROPE_NORTH_AMERICA,
        "targets": (Target("migrants reached", Decimal(0), Decimal(500), "people"),),
        "financial": Money(Decimal("250000.00"), "EUR"),
    }
    fields.update(changes)
    return PledgeContent(**fields)


def wire_pledge(pledger_id: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "pledger_id": pledger_id,
        "title": "One-stop centres for newly arrived migrants",
        "description": DESCRIPTION,
        "type": "partnership",
        "forms": ["policy", "financial"],
        "objectives": [3, 15, 16],
        "principles": ["human_rights", "whole_of_society"],
        "levels": ["local"],
        "countries": ["PRT"],
        "region": "europe_north_america",
        "pledged_on": "2026-05-08",
        "deadline": "2028-12-31",
        "language": "en",
        "targets": [
            {"indicator": "migrants reached", "baseline": 0, "target": 500, "unit": "people"}
        ],
        "financial": {"amount": "250000.00", "currency": "EUR"},
        "gcr_mirror": False,
    }
    body.update(changes)
    return body


PLEDGED_ON = date(2026, 5, 8)
DEADLINE = date(2028, 12, 31)
