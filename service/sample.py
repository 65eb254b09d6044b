"""A deterministic, realistic data set written through the application.

Each pledge's whole life is simulated with the aggregate's own commands, each given the
day it happened, then saved in one transaction with its reference.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from domain.application import PledgeTracker
from domain.pledge import Pledge
from domain.pledger import PledgeReference, format_reference
from domain.progress import unmet_targets
from domain.taxonomy import (
    COUNTRIES,
    FINAL_STATUSES,
    OBJECTIVES,
    Category,
    Form,
    Level,
    PledgeType,
    Principle,
    Region,
    Review,
    Role,
    Support,
)
from domain.values import (
    SYSTEM,
    Actor,
    IndicatorValue,
    MatchOffer,
    Money,
    PledgeContent,
    Target,
)
from infrastructure.contacts import Contact, ContactStore
from service.sample_names import pledger_name

GCM_ADOPTED = date(2018, 12, 10)
SECRETARIAT = Actor(id="sample-data", role=Role.SECRETARIAT)
REGIONS = [r for r in Region if r != Region.GLOBAL]
ACTIONS = ["expand", "establish", "fund", "train staff for", "reform", "digitise", "evaluate"]
INDICATORS = [
    ("migrants reached", "people"),
    ("officials trained", "people"),
    ("policies adopted", "policies"),
    ("funds disbursed", "USD"),
    ("services opened", "services"),
]


@dataclass
class SampleResult:
    pledgers: int
    pledges: int
    events: int
    references: list[str]
    waiting: int = 0  # pledges pending review or returned: not public, not in any figure


class SampleData:
    def __init__(self, app: PledgeTracker, contacts: ContactStore, seed: int, today: date) -> None:
        self.app, self.contacts, self.today = app, contacts, today
        self.rng = random.Random(seed)  # noqa: S311 (sample data, not secrets)
        self.countries = sorted(COUNTRIES)
        self.pledgers: list[tuple[UUID, Category]] = []
        self.references: list[str] = []
        self.events = 0
        self.names: set[str] = set()

    def run(self, pledges: int, progress: Callable[[int], None]) -> SampleResult:
        n_pledgers = max(len(Category), pledges // 3)
        for i in range(n_pledgers):
            self.add_pledger(
                list(Category)[i] if i < len(Category) else self.rng.choice(list(Category))
            )
        # With REVIEW_PLEDGES, the last pledges (one in fifty) still wait for review, a third
        # of them returned with comments; the others were published, as on submission before
        # review existed. Chosen by position, not by the generator: the rest stays the same.
        waiting = pledges // 50 if self.app.review_pledges else 0
        for i in range(pledges):
            self.add_pledge(i, waiting=i >= pledges - waiting)
            progress(1)
        return SampleResult(n_pledgers, pledges, self.events, self.references, waiting)

    def add_pledger(self, category: Category) -> None:
        rng = self.rng
        name, category, country = pledger_name(rng, category, self.names)
        champion = category == Category.MEMBER_STATE and rng.random() < 0.2
        pledger_id = self.app.register_pledger(name, category, country, champion, SECRETARIAT)
        slug = f"pledger{len(self.pledgers) + 1}"
        self.contacts.add(
            pledger_id,
            [
                Contact(
                    name=f"Focal Point {len(self.pledgers) + 1}",
                    email=f"focal@{slug}.example.org",
                    position="Migration focal point",
                ),
            ],
        )
        self.pledgers.append((pledger_id, category))
        self.events += 1

    def content(self, i: int, ptype: PledgeType) -> PledgeContent:
        rng = self.rng
        objectives = sorted({(i % 23) + 1, *rng.sample(sorted(OBJECTIVES), rng.randint(0, 2))})
        forms = tuple(sorted(set(rng.sample(list(Form), rng.randint(1, 2))), key=list(Form).index))
        label = OBJECTIVES[objectives[0]][1].lower()
        action = rng.choice(ACTIONS)
        region = rng.choice(REGIONS) if rng.random() < 0.9 else Region.GLOBAL
        countries = tuple(sorted(rng.sample(self.countries, rng.randint(1, 3))))
        targets = tuple(
            Target(ind, Decimal(0), Decimal(rng.choice([50, 100, 500, 1000, 5000])), unit)
            for ind, unit in rng.sample(INDICATORS, rng.randint(1, 2))
        )
        description = " ".join(
            [
                f"We pledge to {action} programmes on {label} in line with GCM objective",
                f"{objectives[0]}.",
                OBJECTIVES[objectives[0]][0] + ".",
                "The pledge is measurable and time-bound: progress will be reported every",
                "six months against the targets below, with data disaggregated by sex, age",
                "and migration status. Implementation involves migrants, local authorities,",
                "civil society and the private",
                "sector, following a whole-of-government and whole-of-society approach.",
            ]
        )
        financial = None
        if Form.FINANCIAL in forms:
            amount = Decimal(rng.choice([25, 50, 100, 250, 500, 1000])) * 1000
            financial = Money(amount, rng.choice(["USD", "EUR", "CHF", "GBP"]))
        return PledgeContent(
            title=f"{action.capitalize()} {label} programmes ({i + 1})",
            description=description,
            type=ptype,
            forms=forms,
            objectives=tuple(objectives),
            principles=tuple(rng.sample(list(Principle), rng.randint(1, 3))),
            levels=tuple(rng.sample(list(Level), rng.randint(1, 2))),
            countries=countries if region != Region.GLOBAL or rng.random() < 0.5 else (),
            region=region,
            language=rng.choice(["en", "en", "en", "fr", "es"]),
            targets=targets,
            financial=financial,
            gcr_mirror=rng.random() < 0.1,
        )

    def add_pledge(self, i: int, waiting: bool = False) -> None:
        rng = self.rng
        owner, _category = rng.choice(self.pledgers)
        ptype = rng.choices(list(PledgeType), weights=[60, 15, 15, 10])[0]
        span = (self.today - GCM_ADOPTED).days
        pledged_on = GCM_ADOPTED + timedelta(days=rng.randint(0, span - 30))
        deadline = pledged_on + timedelta(days=rng.randint(365, 5 * 365))
        actor = Actor(str(owner), Role.PLEDGER)
        reference = format_reference(pledged_on.year, self.app.numbers.next_number(pledged_on.year))
        pledge = Pledge.submit(
            id=uuid4(),
            reference=reference,
            pledger_id=owner,
            content=self.content(i, ptype),
            pledged_on=pledged_on,
            deadline=deadline,
            actor=actor,
            today=pledged_on,
            review=Review.PENDING if waiting else Review.PUBLISHED,
        )
        self.live(pledge, actor)
        if waiting and i % 3 == 0 and pledge.status not in FINAL_STATUSES:
            pledge.return_for_revision(
                "Please give a baseline for each target and the region's countries.", SECRETARIAT
            )
        self.app.save(pledge, PledgeReference(reference=reference, pledge_id=pledge.id))
        self.events += pledge.version + 1
        self.references.append(reference)

    def day_after(self, start: date, days: int) -> date:
        return min(start + timedelta(days=days), self.today)

    def live(self, pledge: Pledge, actor: Actor) -> None:
        rng, start = self.rng, pledge.pledged_on
        others = [p for p, _ in rng.sample(self.pledgers, 4) if p != pledge.pledger_id]
        if pledge.content.type in (PledgeType.COMMON, PledgeType.PARTNERSHIP):
            for n, partner in enumerate(others[: rng.randint(1, 3)]):
                when = self.day_after(start, 10 + 20 * n)
                pledge.add_partner(partner, "Co-implements the activities", SECRETARIAT, when)
        if pledge.content.type == PledgeType.MATCHING:
            for n, partner in enumerate(others[: rng.randint(0, 2)]):
                support = rng.choice(list(Support))
                amount = (
                    Money(Decimal(rng.choice([10, 50, 100])) * 1000, "USD")
                    if support == Support.FINANCIAL
                    else None
                )
                when = self.day_after(start, 15 + 30 * n)
                offer = MatchOffer(
                    uuid4(), partner, support, "Support to realise the pledge", amount, None, when
                )
                pledge.offer_match(offer, Actor(str(partner), Role.PLEDGER))
                owner = Actor(str(pledge.pledger_id), Role.PLEDGER)
                pledge.accept_offer(offer.id, owner, when)
        self.report(pledge, actor)
        self.close(pledge, actor)

    def report(self, pledge: Pledge, actor: Actor) -> None:
        rng = self.rng
        end = min(pledge.deadline, self.today)
        as_of, percent = pledge.pledged_on + timedelta(days=rng.randint(120, 240)), 0
        while as_of <= end and rng.random() < 0.85:
            percent = min(100, percent + rng.randint(5, 30))
            values = tuple(
                IndicatorValue(t.indicator, (t.target * percent / 100).quantize(Decimal(1)))
                for t in pledge.content.targets
            )
            pledge.report_progress(
                as_of, percent, f"Progress as of {as_of}: {percent}% done.", values, actor, as_of
            )
            as_of += timedelta(days=rng.randint(150, 240))

    def close(self, pledge: Pledge, actor: Actor) -> None:
        rng, grace = self.rng, self.app.lapse_grace_days
        roll = rng.random()
        if roll < 0.04:
            pledge.withdraw("Priorities changed after elections.", actor, self.today)
        elif pledge.deadline < self.today and roll < 0.5:
            when = max(min(pledge.deadline, self.today), pledge.last_report_on or pledge.deadline)
            targets = pledge.content.targets
            if unmet_targets(targets, pledge.latest_values):
                said = ("The work is done.", "Costs rose; the budget went to fewer, longer cases.")
            else:
                # "All targets were met" only with figures that say so: the final ones.
                if any(t.indicator not in pledge.latest_values for t in targets):
                    final = tuple(IndicatorValue(t.indicator, t.target) for t in targets)
                    pledge.report_progress(when, 100, "Final figures.", final, actor, self.today)
                said = ("All targets were met.", "")
            pledge.fulfil(when, said[0], actor, self.today, said[1])
        elif pledge.deadline + timedelta(days=grace) < self.today and roll < 0.75:
            pledge.lapse(
                "Deadline and grace period passed without fulfilment.", grace, SYSTEM, self.today
            )
