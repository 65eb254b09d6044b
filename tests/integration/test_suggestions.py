"""Suggestions on a fixed small data set, with the answer known: the closest pledges by
shared objectives, round tables, region and words come first; the pledger's own, closed,
unpublished and unrelated pledges never come; "could match" lists only matching pledges
seeking what the pledger could give."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.schemas.matching import subject_of
from domain.taxonomy import Category, Form, PledgeType, Region, Role, Support
from domain.values import Actor, PledgeContent, Sought
from infrastructure.container import Container
from infrastructure.database import Database
from projections.suggestions import suggest
from tests.conftest import make_container
from tests.factories import DEADLINE, PLEDGED_ON, content
from tests.integration.recompute import wait_caught_up
from workers.projection_runner import start_projection_runners

pytestmark = pytest.mark.postgres
SECRETARIAT = Actor("token:suggestions", Role.SECRETARIAT)
PAD = " The work is planned with the communities concerned and reported twice a year." * 5
CLINICS = "Health clinics for migrant workers in the city, with interpreters and outreach."
COURSES = "Language courses and skills recognition for newly arrived migrants."
BOATS = "Search and rescue boats on the central Mediterranean route."


@pytest.fixture
def c(database: Database, tmp_path: Path) -> Iterator[Container]:
    with make_container(database, tmp_path, review_pledges=False) as container:
        yield container


def pledge(c: Container, owner: Any, words: str, **changes: Any) -> str:
    made: PledgeContent = content(title=words[:60], description=words + PAD, **changes)
    return c.app.submit(owner, made, PLEDGED_ON, DEADLINE, SECRETARIAT).reference


def test_suggestions_rank_what_is_closest_and_leave_out_what_is_not_for_it(c: Container) -> None:
    def pledger(name: str) -> Any:
        return c.app.register_pledger(name, Category.OTHER, "PRT", False, SECRETARIAT)

    me, near, far, seeker, other_seeker = map(
        pledger, ["Lisbon", "Porto", "Dakar", "Faro", "Quito"]
    )
    europe = {"objectives": (15, 16), "region": Region.EUROPE_NORTH_AMERICA, "countries": ("PRT",)}
    africa = {"objectives": (8,), "region": Region.AFRICA, "countries": ("SEN",)}
    mine = pledge(c, me, CLINICS, forms=(Form.HUMAN_RESOURCES,), financial=None, **europe)
    pledge(c, me, CLINICS + " Second one.", **europe)  # its own: never suggested
    close = pledge(c, near, CLINICS + " Also dentists.", **europe)
    less = pledge(c, near, COURSES, **europe)  # the same pledger: only its best pledge
    pledge(c, far, BOATS, **africa)  # nothing in common: not scored at all
    courses = pledge(c, far, COURSES, objectives=(16,), region=Region.GLOBAL)
    technical = (Sought(Support.TECHNICAL, "Interpreters' training"),)
    wanted = pledge(c, seeker, CLINICS, type=PledgeType.MATCHING, seeking=technical, **europe)
    pledge(c, other_seeker, CLINICS, type=PledgeType.MATCHING, seeking=(), **europe)
    money_only = (Sought(Support.FINANCIAL, "Rent"),)
    pledge(c, other_seeker, CLINICS, type=PledgeType.MATCHING, seeking=money_only, **europe)
    closed = pledge(c, far, CLINICS, **europe)
    c.app.withdraw(closed, "Ended", SECRETARIAT)
    stop = threading.Event()
    runners = start_projection_runners(c.eventsourcing_env, c.database.conninfo, stop)
    try:
        wait_caught_up(c)
        found = suggest(c.queries, subject_of(c.app.get_pledge(mine)))
    finally:
        stop.set()
        for runner in runners:
            runner.join(10)
    assert [r["reference"] for r in found["partners"]] == [close, courses]
    assert less not in [r["reference"] for r in found["partners"]]
    assert found["partners"][0]["score"] > found["partners"][1]["score"]
    # It could give technical support (human resources): only the pledge seeking that.
    assert [r["reference"] for r in found["matches"]] == [wanted]
