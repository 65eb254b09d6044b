"""Synthetic reports of realistic shape, for the benchmark and the tests: descriptions of 300 to
3,000 characters, one to three objectives and targets, some partners and matches, progress
narratives. Made from a seed, so a run can be repeated; no personal data, only made-up
organisations."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from api.documents.figures import report_of
from api.documents.model import (
    Amount,
    LatestReport,
    Match,
    Partner,
    Pledge,
    Report,
    ReportMeta,
    Target,
)

SENTENCES = [
    "The programme expands regular pathways for labour migration through bilateral agreements",
    "Local authorities will train frontline staff in referral procedures for migrants",
    "Consular services are extended to migrants in transit, with mobile teams at border points",
    "Recruitment agencies are licensed and monitored so that no fee is charged to workers",
    "Data on migrant deaths and disappearances are shared with regional partners every quarter",
    "Returnees receive reintegration support, including skills recognition and small grants",
    "The national statistics office disaggregates census data by migratory status and sex",
    "Children on the move are referred to child protection services within 24 hours",
    "Remittance costs are lowered by opening digital channels and informing senders of fees",
    "Diaspora investors are invited to co-finance community projects in regions of origin",
    "Alternatives to detention are piloted with case management for families and children",
    "Migrant workers gain access to health insurance and the portability of pension rights",
    "Public campaigns counter discrimination and present evidence on migrants' contributions",
    "Victims of trafficking are identified early and assisted regardless of their cooperation",
]
WORDS = "regional national local partners migrants communities capacity evidence rights".split()
CATEGORIES = [
    "Member State",
    "Civil society",
    "UN system entity",
    "Local and regional government",
    "Private sector",
    "Academia",
    "Migrant or diaspora organisation",
    "Trade union",
]
REGIONS = [
    "Africa",
    "Arab States",
    "Asia and the Pacific",
    "Europe and North America",
    "Latin America and the Caribbean",
    "Global",
]
STATUSES = [
    "Submitted",
    "Matched",
    "Partnered",
    "In progress",
    "In progress",
    "Fulfilled",
    "Lapsed",
]
TYPES = ["Individual", "Common", "Partnership", "Matching"]
FORMS = ["Financial", "Human resources", "Process", "Policy"]
PLACES = [
    "Accra",
    "Quito",
    "Manila",
    "Lisbon",
    "Amman",
    "Nairobi",
    "Dhaka",
    "Bogotá",
    "Tunis",
    "Kraków",
    "Suva",
    "Dakar",
    "Lima",
    "Hanoi",
    "Ottawa",
    "Rabat",
]
KINDS = [
    "Ministry of Labour of",
    "Migrant Rights Centre",
    "City Council of",
    "Institute for",
    "Foundation for Mobility,",
    "Workers' Union of",
    "Diaspora Network of",
    "University of",
]


def paragraph(rng: random.Random, low: int, high: int) -> str:
    size = rng.randint(low, high)
    out: list[str] = []
    while sum(len(s) + 2 for s in out) < size:
        sentence = rng.choice(SENTENCES)
        extra = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6)))
        out.append(f"{sentence}{' across ' + extra if extra else ''}.")
    text = " ".join(out)
    if len(text) > size:  # cut at a word, as a person would stop
        text = text[:size].rsplit(" ", 1)[0].rstrip(",") + "."
    return text


def organisation(rng: random.Random) -> str:
    return f"{rng.choice(KINDS)} {rng.choice(PLACES)}"


def pledge(rng: random.Random, number: int, today: date) -> Pledge:
    objectives = tuple(rng.sample(range(1, 24), rng.choice([1, 1, 2, 2, 3])))
    targets = tuple(
        Target(
            f"{rng.choice(['migrants reached', 'staff trained', 'agreements signed'])} {k + 1}",
            Decimal(rng.randint(0, 50)),
            Decimal(rng.randint(100, 5000)),
            rng.choice(["people", "agreements", "municipalities", ""]),
            Decimal(rng.randint(0, 5000)) if rng.random() < 0.6 else None,
        )
        for k in range(rng.randint(1, 3))
    )
    reported = rng.random() < 0.6
    return Pledge(
        reference=f"GCM-2026-{number:04d}",
        title=paragraph(rng, 40, 140).rstrip("."),
        description=paragraph(rng, 300, 3000),
        pledger=organisation(rng),
        category=rng.choice(CATEGORIES),
        type=rng.choice(TYPES),
        objectives=objectives,
        status=rng.choice(STATUSES),
        deadline=today + timedelta(days=rng.randint(-200, 1500)),
        percent_complete=rng.randint(0, 100) if reported else None,
        partners=tuple(
            Partner(organisation(rng), paragraph(rng, 30, 120))
            for _ in range(rng.choice([0, 0, 1, 2]))
        ),
        matches=tuple(
            Match(
                organisation(rng),
                rng.choice(["Financial", "Technical", "Material"]),
                paragraph(rng, 40, 200),
                Amount(Decimal(rng.randint(1, 900) * 1000), "USD"),
            )
            for _ in range(rng.choice([0, 0, 0, 1]))
        ),
        targets=targets,
        latest_report=LatestReport(
            today - timedelta(days=rng.randint(1, 300)), paragraph(rng, 200, 1200)
        )
        if reported
        else None,
        region=rng.choice(REGIONS),
        forms=tuple(rng.sample(FORMS, rng.randint(1, 2))),
    )


def synthetic(count: int, seed: int = 2026, as_of: datetime | None = None) -> Report:
    when = as_of or datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    rng = random.Random(seed)  # noqa: S311 - made-up data, repeatable from the seed
    pledges = [pledge(rng, n, when.date()) for n in range(1, count + 1)]
    meta = ReportMeta(data_as_of=when, base_url="https://pledges.example.org")
    return report_of(meta, pledges)
