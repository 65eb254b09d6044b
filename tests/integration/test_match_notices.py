"""Matching's mail, through a real SMTP server: a matching pledge's contact is told that
support was offered and where to answer; the offerer's contacts get nothing of it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest

from domain.taxonomy import Category, PledgeType, Role, Support
from domain.values import Actor, MatchOffer
from infrastructure.contacts import Contact
from infrastructure.container import Container
from infrastructure.database import Database
from tests.conftest import make_container
from tests.factories import DEADLINE, PLEDGED_ON, content
from tests.integration.mail_day import run_day
from tests.integration.smtp import SmtpServer
from tests.integration.test_digests import flat, text_of

pytestmark = pytest.mark.postgres
TODAY = date(2026, 11, 22)
SECRETARIAT = Actor("token:matching", Role.SECRETARIAT)


@pytest.fixture
def world(database: Database, tmp_path: Path) -> Iterator[tuple[Container, SmtpServer]]:
    with SmtpServer() as smtp:
        settings = {
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp.port,
            "smtp_security": "none",
            "public_url": "https://pledges.example.org",
        }
        with make_container(database, tmp_path, **settings) as c:
            c.app.today = lambda: TODAY
            yield c, smtp


def test_the_seeking_pledges_contact_is_mailed_an_offer(
    world: tuple[Container, SmtpServer],
) -> None:
    c, smtp = world
    seeker = c.app.register_pledger("City of Lisbon", Category.OTHER, "PRT", False, SECRETARIAT)
    c.contacts.add(seeker, [Contact("Ana Silva", "ana@lisboa.example.org")])
    donor = c.app.register_pledger("City of Porto", Category.OTHER, "PRT", False, SECRETARIAT)
    c.contacts.add(donor, [Contact("Rui Costa", "rui@porto.example.org")])
    made = content(type=PledgeType.MATCHING)
    ref = c.app.submit(seeker, made, PLEDGED_ON, DEADLINE, SECRETARIAT).reference
    offer = MatchOffer(uuid4(), donor, Support.TECHNICAL, "Two experts", None, None, TODAY)
    c.app.offer_match(ref, offer, Actor(str(donor), Role.PLEDGER))
    assert run_day(c, TODAY) == {"sent": 1}
    (mail,) = [r.message for r in smtp.inbox.received]
    assert "ana@lisboa.example.org" in str(mail["To"])
    assert str(mail["Subject"]) == f"{ref}: support offered"
    text = flat(text_of(mail))
    assert "Another pledger offered support to match the pledge." in text
    assert "Accept or refuse it under “My pledges”, here:" in text
    assert "Two experts" not in text  # the offer itself is read in the portal
