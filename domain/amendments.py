"""What an amendment changed: the pledge's content before and after, field by field.

`Amended` records the whole new content; what changed, from what to what, is worked out by
comparing it with the content before it (the submission's, or the previous amendment's), so
every amendment ever stored reads the same way. Lists compare as sets (an amendment that only
reorders objectives changes nothing); targets compare by indicator.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.values import Actor, PledgeContent, Target

LISTS = ("forms", "objectives", "principles", "levels", "countries")
SINGLE = (
    "title",
    "description",
    "type",
    "region",
    "language",
    "financial",
    "gcr_mirror",
    "seeking",
)
TARGET_PARTS = ("baseline", "target", "unit")


@dataclass(frozen=True)
class Change:
    """One change: `field` is a content field, or for a target `baseline`, `target` or
    `unit` with its `indicator`, or `targets` for a target added (before None) or removed
    (after None). Values are as the pledge holds them (codes, decimals, Money, Target)."""

    field: str
    before: Any
    after: Any
    indicator: str | None = None


@dataclass(frozen=True)
class Amendment:
    version: int
    recorded_at: datetime
    reason: str
    actor: Actor | None
    changes: tuple[Change, ...]


def content_changes(before: PledgeContent, after: PledgeContent) -> tuple[Change, ...]:
    changes = [
        Change(name, getattr(before, name), getattr(after, name))
        for name in SINGLE
        if getattr(before, name) != getattr(after, name)
    ]
    for name in LISTS:
        old, new = getattr(before, name), getattr(after, name)
        if set(old) != set(new):
            changes.append(Change(name, old, new))
    return (*changes, *target_changes(before.targets, after.targets))


def target_changes(before: Iterable[Target], after: Iterable[Target]) -> list[Change]:
    old = {t.indicator: t for t in before}
    new = {t.indicator: t for t in after}
    changes = [Change("targets", t, None, name) for name, t in old.items() if name not in new]
    for name, t in new.items():
        if name not in old:
            changes.append(Change("targets", None, t, name))
            continue
        for part in TARGET_PARTS:
            if getattr(old[name], part) != getattr(t, part):
                changes.append(Change(part, getattr(old[name], part), getattr(t, part), name))
    return changes


def amendments_in(events: Iterable[Any], public: bool = False) -> list[Amendment]:
    """Each Amended event of a pledge's history (its events, oldest first) with its changes;
    `public`: only those after its publication, as the public reads them (revisions asked for
    in review are the pledger's and the Secretariat's business; a pledge recorded before review
    existed has no Published event and was public from its submission)."""
    found: list[Amendment] = []
    content: PledgeContent | None = None
    for event in events:
        kind = type(event).__name__
        if kind == "Published" and public:
            found.clear()
        if kind == "Amended" and content is not None:
            found.append(
                Amendment(
                    event.originator_version,
                    event.timestamp,
                    event.reason,
                    getattr(event, "actor", None),
                    content_changes(content, event.content),
                )
            )
        if kind in ("Submitted", "Amended"):
            content = event.content
    return found
