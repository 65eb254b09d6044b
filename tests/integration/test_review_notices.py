"""Review's mails, through a real SMTP server (aiosmtpd), read as their recipients read them:
a published pledge's contact is told where its public page is; a returned one's gets the
Secretariat's comments and a link to the pledge in the portal, in the contact's language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from domain.taxonomy import Category, PledgeType, Role
from domain.values import Actor
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
SECRETARIAT = Actor("token:review", Role.SECRETARIAT)
COMMENTS = "Please give a baseline for each target."


def pledge_of(c: Container, name: str, contact: Contact, language: str) -> str:
    owner = c.app.register_pledger(name, Category.CIVIL_SOCIETY, "PRT", False, SECRETARIAT)
    c.contacts.add(owner, [replace(contact, language=language)])  # mails in their language
    made = content(type=PledgeType.INDIVIDUAL, title=f"Centres ({language})", language=language)
    return c.app.submit(owner, made, PLEDGED_ON, DEADLINE, SECRETARIAT).reference


@pytest.fixture
def world(database: Database, tmp_path: Path) -> Iterator[tuple[Container, SmtpServer]]:
    with SmtpServer() as smtp:
        settings = {
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp.port,
            "smtp_security": "none",
            "public_url": "https://pledges.example.org",
            "review_pledges": True,
        }
        with make_container(database, tmp_path, **settings) as c:
            c.app.today = lambda: TODAY
            yield c, smtp


def mail_to(smtp: SmtpServer, address: str) -> tuple[str, str]:
    (found,) = [r.message for r in smtp.inbox.received if address in r.recipients]
    return str(found["Subject"]), flat(text_of(found))


def test_published_and_returned_pledges_are_mailed_in_their_language(
    world: tuple[Container, SmtpServer],
) -> None:
    c, smtp = world
    en = pledge_of(c, "City of Lisbon", Contact("Ana Silva", "ana@lisboa.example.org"), "en")
    fr = pledge_of(c, "Ville de Lyon", Contact("Élodie Martin", "elodie@lyon.example.fr"), "fr")
    es = pledge_of(c, "Ciudad de Quito", Contact("Lucía Gómez", "lucia@quito.example.ec"), "es")
    c.app.return_for_revision(en, COMMENTS, SECRETARIAT)
    c.app.publish(fr, SECRETARIAT)
    c.app.return_for_revision(es, "Indique la línea de base.", SECRETARIAT)
    assert run_day(c, TODAY) == {"sent": 3}

    subject, text = mail_to(smtp, "ana@lisboa.example.org")
    assert subject == f"{en}: returned for revision"
    assert text.startswith("Dear Ana Silva,")
    assert (
        "The Secretariat reviewed the pledge and returned it for revision "
        f"before it is published, with these comments: “{COMMENTS}”"
    ) in text
    assert "Amend the pledge as asked (it then goes back to the Secretariat) here:" in text
    assert "https://pledges.example.org/sign-in/" in text
    assert f"/pledges/{en}" not in text  # no public page: it has none yet

    subject, text = mail_to(smtp, "elodie@lyon.example.fr")
    assert subject == f"{fr}\u00a0: publié"
    assert text.startswith("Bonjour Élodie Martin,")
    assert (
        "Le Secrétariat a publié l'engagement : chacun peut désormais "
        f"le lire sur https://pledges.example.org/pledges/{fr}, et il compte"
    ) in text
    assert "Soumettez ses rapports d'avancement ici :" in text  # flat: the no-break space too

    subject, text = mail_to(smtp, "lucia@quito.example.ec")
    assert subject == f"{es}: devuelto para revisión"
    assert "con estos comentarios: «Indique la línea de base.»" in text


def test_a_returned_pledge_amended_before_the_digest_goes_is_not_mailed_as_returned(
    world: tuple[Container, SmtpServer],
) -> None:
    c, smtp = world
    ref = pledge_of(c, "City of Porto", Contact("Rui Sousa", "rui@porto.example.org"), "en")
    c.app.return_for_revision(ref, COMMENTS, SECRETARIAT)
    owner = Actor(str(c.app.get_pledge(ref).pledger_id), Role.PLEDGER)
    c.app.amend(ref, content(type=PledgeType.INDIVIDUAL, title="With baselines"), "Asked", owner)
    assert run_day(c, TODAY) == {}
    assert smtp.inbox.received == []
    assert {r["status"]: r["n"] for r in c.outbox.counts()} == {"obsolete": 1}
