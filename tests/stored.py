"""Events as if recorded long ago, before today's rules: made without the domain's checks,
then stored through the application's own recorder (never by editing the event store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.utils import get_topic

from domain.pledge import Pledge
from domain.pledger import Pledger, PledgeReference
from domain.taxonomy import Category, Form, PledgeType, Region, Role, Support
from domain.values import Actor, IndicatorValue, Money, PledgeContent, Target
from tests.factories import DESCRIPTION

IMPORTER = Actor("cli:import", Role.SECRETARIAT)


def unchecked(cls: type, **fields: Any) -> Any:
    """A value object as the mapper restores one: its constructor's checks never run."""
    value = object.__new__(cls)
    vars(value).update(fields)
    return value


def content(**changes: Any) -> PledgeContent:
    fields: dict[str, Any] = {
        "title": "An imported pledge",
        "description": DESCRIPTION,
        "type": PledgeType.MATCHING,
        "forms": (Form.FINANCIAL,),
        "objectives": (5,),
        "principles": (),
        "levels": (),
        "countries": ("PRT",),
        "region": Region.EUROPE_NORTH_AMERICA,
        "language": "en",
        "targets": (Target("people reached", Decimal(0), Decimal(100), "people"),),
        "financial": unchecked(Money, amount=Decimal("1000"), currency="EUR"),
        "gcr_mirror": False,
    }
    fields.update(changes)
    return unchecked(PledgeContent, **fields)


def money(amount: Decimal, currency: str = "EUR") -> Money:
    return unchecked(Money, amount=amount, currency=currency)  # type: ignore[no-any-return]


@dataclass
class History:
    """One pledge's events, numbered as the aggregate would number them."""

    pledge_id: UUID
    events: list[Any] = field(default_factory=list)

    def add(self, name: str, **fields: Any) -> History:
        cls = getattr(Pledge, name)
        extra = {"originator_topic": get_topic(Pledge)} if name == "Submitted" else {}
        self.events.append(
            cls(
                originator_id=self.pledge_id,
                originator_version=len(self.events) + 1,
                timestamp=datetime.now(UTC),
                **extra,
                **{"actor": IMPORTER, **fields},
            )
        )
        return self


def submitted(
    pledger_id: UUID,
    reference: str,
    pledged_on: date = date(2019, 5, 1),
    deadline: date = date(2030, 12, 31),
    **changes: Any,
) -> History:
    history = History(uuid4())
    return history.add(
        "Submitted",
        reference=reference,
        pledger_id=pledger_id,
        content=content(**changes),
        pledged_on=pledged_on,
        deadline=deadline,
    )


def reported(history: History, as_of: date, percent: int, narrative: str, **values: Any) -> None:
    indicators = tuple(IndicatorValue(k.replace("_", " "), v) for k, v in values.items())
    history.add(
        "ProgressReported",
        as_of=as_of,
        percent_complete=percent,
        narrative=narrative,
        indicators=indicators,
    )


def matched(history: History, pledger_id: UUID, amount: Money | None, on: date) -> None:
    history.add(
        "Matched",
        pledger_id=pledger_id,
        support=Support.FINANCIAL,
        description="Matched before the rules",
        amount=amount,
        matched_on=on,
    )


def registered(name: str, country: str | None = "PRT") -> Any:
    cls: Any = Pledger.Registered  # type: ignore[attr-defined]
    return cls(
        originator_id=uuid4(),
        originator_version=1,
        timestamp=datetime.now(UTC),
        originator_topic=get_topic(Pledger),
        name=name,
        category=Category.CIVIL_SOCIETY,
        country=country,
        gcm_champion=False,
        actor=IMPORTER,
    )


def with_reference(history: History) -> list[Any]:
    """The pledge's events and its reference's, as a submission records them."""
    reference = history.events[0].reference
    return [*history.events, PledgeReference.assigned(reference, history.pledge_id)]
