"""Pledgers (public organisation data only) and the index from references to pledges."""

from __future__ import annotations

from typing import Any, cast
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import get_topic

from domain import bounds
from domain.errors import InvalidPledgeError
from domain.taxonomy import COUNTRIES, STATE_CATEGORIES, Category
from domain.values import Actor

NAME_MAX = 300
REFERENCE_NAMESPACE = uuid5(NAMESPACE_URL, "urn:gcm-pledges:reference")


def check_organisation(
    name: str, category: Category, country: str | None, gcm_champion: bool
) -> str:
    """The name as it is to be recorded, once every rule holds."""
    name = bounds.text("name", name, limit=NAME_MAX).strip()
    if country is not None and country not in COUNTRIES:
        raise InvalidPledgeError("country", f"{country!r} is not an ISO 3166-1 alpha-3 code")
    if category in STATE_CATEGORIES and country is None:
        raise InvalidPledgeError("country", "a State names its country")
    if gcm_champion and category not in STATE_CATEGORIES:
        raise InvalidPledgeError("gcm_champion", "only States can be GCM Champions")
    return name


class Pledger(Aggregate):
    """A pledging entity: a State, a UN entity or a stakeholder organisation."""

    @classmethod
    def register(
        cls, *, name: str, category: Category, country: str | None, gcm_champion: bool, actor: Actor
    ) -> Pledger:
        name = check_organisation(name, category, country, gcm_champion)
        return cls(
            name=name,
            category=category,
            country=country,
            gcm_champion=gcm_champion,
            actor=actor,
        )

    @event("Registered")
    def __init__(
        self, name: str, category: Category, country: str | None, gcm_champion: bool, actor: Actor
    ) -> None:
        self.name = name
        self.category = Category(category)
        self.country = country
        self.gcm_champion = gcm_champion

    def update(
        self, name: str, category: Category, country: str | None, gcm_champion: bool, actor: Actor
    ) -> None:
        name = check_organisation(name, category, country, gcm_champion)
        self._updated(
            name=name,
            category=category,
            country=country,
            gcm_champion=gcm_champion,
            actor=actor,
        )

    @event("Updated")
    def _updated(
        self, name: str, category: Category, country: str | None, gcm_champion: bool, actor: Actor
    ) -> None:
        self.name = name
        self.category = Category(category)
        self.country = country
        self.gcm_champion = gcm_champion


class PledgeReference(Aggregate):
    """Saved with its pledge in one transaction, so a reference names one pledge, forever."""

    @staticmethod
    def create_id(reference: str) -> UUID:
        return uuid5(REFERENCE_NAMESPACE, reference.upper())

    @classmethod
    def assigned(cls, reference: str, pledge_id: UUID) -> Aggregate.Event:
        """The index's one event, made without building the index: a submission only
        records it (the aggregate is read back only to resolve a reference)."""
        event_class: Any = cls.Assigned  # type: ignore[attr-defined]
        return cast(
            Aggregate.Event,
            event_class(
                originator_id=cls.create_id(reference),
                originator_version=1,
                timestamp=event_class.create_timestamp(),
                originator_topic=get_topic(cls),
                reference=reference,
                pledge_id=pledge_id,
            ),
        )

    @event("Assigned")
    def __init__(self, reference: str, pledge_id: UUID) -> None:
        self.reference = reference
        self.pledge_id = pledge_id


def format_reference(year: int, number: int) -> str:
    return f"GCM-{year}-{number:04d}"
