"""Value objects carried by events. No personal data: ids and public organisation data only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Self
from uuid import UUID

from domain import bounds
from domain.errors import InvalidPledgeError
from domain.taxonomy import (
    COUNTRIES,
    LANGUAGES,
    OBJECTIVES,
    Form,
    Level,
    PledgeType,
    Principle,
    Region,
    ReminderKind,
    Role,
    Support,
)

TITLE_MAX = 200
DESCRIPTION_MIN, DESCRIPTION_MAX = 300, 3000
TEXT_MAX = 5000
INDICATOR_MAX, UNIT_MAX = 200, 50
SEEKING_MAX = 20


class Value:
    """Frozen and made of immutable parts: a copy of the pledge (for instance, from the
    application's aggregate cache) can share it instead of copying it."""

    __slots__ = ()

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self


@dataclass(frozen=True)
class Actor(Value):
    """Who did it: a pledger (id is the pledger's id), the Secretariat, or the system."""

    id: str
    role: Role

    @property
    def pledger_id(self) -> UUID | None:
        return UUID(self.id) if self.role == Role.PLEDGER else None


SYSTEM = Actor(id="scheduler", role=Role.SYSTEM)


@dataclass(frozen=True)
class Money(Value):
    """An amount in a currency, as domain/bounds.py defines them (checked where it is made:
    `money` names the field; a stored one is restored unchecked, see infrastructure/schemas.py)."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", bounds.amount("financial", self.amount, self.currency))


def money(name: str, amount: Decimal, currency: str) -> Money:
    """Money whose errors name the field it was given in (`financial`, `amount`)."""
    return Money(bounds.amount(name, amount, currency), currency)


def to_decimal(value: object, name: str) -> Decimal:
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidPledgeError(name, f"{value!r} is not a number") from None
    if not result.is_finite():
        raise InvalidPledgeError(name, "must be a finite number")
    return result


@dataclass(frozen=True)
class Target(Value):
    """A measurable target: where the indicator starts and where the pledge takes it."""

    indicator: str
    baseline: Decimal
    target: Decimal
    unit: str


@dataclass(frozen=True)
class IndicatorValue(Value):
    indicator: str
    value: Decimal


@dataclass(frozen=True)
class Sought(Value):
    """One kind of support a matching pledge seeks; the amount, if any, is what it hopes for."""

    support: Support
    description: str
    amount: Money | None = None


def checked_sought(name: str, item: Sought) -> Sought:
    if not isinstance(item, Sought):
        raise InvalidPledgeError(name, "must say the support sought and describe it")
    return Sought(
        Support(item.support),
        bounds.text(f"{name}.description", item.description, limit=TEXT_MAX),
        item.amount,
    )


@dataclass(frozen=True)
class PledgeContent(Value):
    """What was pledged: every field a pledger fills in, validated as a whole."""

    title: str
    description: str
    type: PledgeType
    forms: tuple[Form, ...]
    objectives: tuple[int, ...]
    principles: tuple[Principle, ...] = ()
    levels: tuple[Level, ...] = ()
    countries: tuple[str, ...] = ()
    region: Region = Region.GLOBAL
    language: str = "en"
    targets: tuple[Target, ...] = ()
    financial: Money | None = None
    gcr_mirror: bool = False
    # What a matching pledge seeks (DESIGN.md "Matching"); contents stored before it read ().
    seeking: tuple[Sought, ...] = ()

    def __post_init__(self) -> None:
        self.check_texts()
        self.check_codes()
        self.check_targets()
        self.check_seeking()

    def check_seeking(self) -> None:
        if self.seeking and self.type != PledgeType.MATCHING:
            raise InvalidPledgeError(
                "seeking", "only a matching pledge seeks support (choose the type matching)"
            )
        if len(self.seeking) > SEEKING_MAX:
            raise InvalidPledgeError("seeking", f"at most {SEEKING_MAX} items")
        sought = tuple(checked_sought(f"seeking[{i}]", s) for i, s in enumerate(self.seeking))
        object.__setattr__(self, "seeking", sought)

    def check_texts(self) -> None:
        # Frozen, but still being made: the texts are kept as bounds.text gives them (LF).
        title = bounds.text("title", self.title, limit=TITLE_MAX)
        description = bounds.text("description", self.description, limit=TEXT_MAX)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "description", description)
        length = len(self.description.strip())
        if not DESCRIPTION_MIN <= length <= DESCRIPTION_MAX:
            raise InvalidPledgeError(
                "description",
                f"must be {DESCRIPTION_MIN} to {DESCRIPTION_MAX} characters (it has {length})",
            )

    def check_codes(self) -> None:
        if not self.forms:
            raise InvalidPledgeError("forms", "choose at least one form")
        if not self.objectives:
            raise InvalidPledgeError("objectives", "choose at least one GCM objective")
        for number in self.objectives:
            if number not in OBJECTIVES:
                raise InvalidPledgeError("objectives", f"{number} is not a GCM objective (1 to 23)")
        for name, values in (
            ("forms", self.forms),
            ("objectives", self.objectives),
            ("principles", self.principles),
            ("levels", self.levels),
            ("countries", self.countries),
        ):
            if len(set(values)) != len(values):
                raise InvalidPledgeError(name, "lists a value twice")
        for code in self.countries:
            if code not in COUNTRIES:
                raise InvalidPledgeError("countries", f"{code!r} is not an ISO 3166-1 alpha-3 code")
        if not self.countries and self.region != Region.GLOBAL:
            raise InvalidPledgeError(
                "countries", "name at least one country, or choose the global region"
            )
        if self.language not in LANGUAGES:
            raise InvalidPledgeError(
                "language", f"{self.language!r} is not an ISO 639-1 language code"
            )

    def check_targets(self) -> None:
        targets = tuple(checked_target(f"targets[{i}]", t) for i, t in enumerate(self.targets))
        seen: set[str] = set()
        for i, target in enumerate(targets):
            if target.indicator in seen:
                raise InvalidPledgeError(f"targets[{i}].indicator", "names an indicator twice")
            seen.add(target.indicator)
        object.__setattr__(self, "targets", targets)

    @property
    def target_indicators(self) -> frozenset[str]:
        return frozenset(t.indicator for t in self.targets)


def checked_target(name: str, target: Target) -> Target:
    return Target(
        indicator=bounds.text(f"{name}.indicator", target.indicator, limit=INDICATOR_MAX),
        baseline=bounds.quantity(f"{name}.baseline", target.baseline),
        target=bounds.quantity(f"{name}.target", target.target),
        unit=bounds.text(f"{name}.unit", target.unit, limit=UNIT_MAX, required=False),
    )


def checked_indicator(name: str, item: IndicatorValue) -> IndicatorValue:
    return IndicatorValue(
        bounds.text(f"{name}.indicator", item.indicator, limit=INDICATOR_MAX),
        bounds.quantity(f"{name}.value", item.value),
    )


@dataclass(frozen=True)
class Partner(Value):
    pledger_id: UUID
    contribution: str
    joined_on: date


@dataclass(frozen=True)
class Match(Value):
    """Support committed to a matching pledge: from an accepted offer (`offer_id`, and the
    offering pledger's own pledge if it named one), or recorded by the Secretariat."""

    pledger_id: UUID
    support: Support
    description: str
    amount: Money | None
    matched_on: date
    offer_id: UUID | None = None
    pledge_id: UUID | None = None


@dataclass(frozen=True)
class MatchOffer(Value):
    """An offer of support to a matching pledge, waiting for (or given) the owner's answer:
    `state` pending, accepted, declined or withdrawn."""

    id: UUID
    pledger_id: UUID
    support: Support
    description: str
    amount: Money | None
    pledge_id: UUID | None
    offered_on: date
    state: str = "pending"
    reason: str = ""


@dataclass(frozen=True)
class ProgressReport(Value):
    version: int
    as_of: date
    percent_complete: int
    narrative: str
    indicators: tuple[IndicatorValue, ...]
    reported_by: str
    reporter_role: Role


@dataclass(frozen=True)
class Reminder(Value):
    kind: ReminderKind
    due_on: date
    sent_on: date
