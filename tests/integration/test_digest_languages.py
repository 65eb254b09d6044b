"""A digest in its contact's chosen language, else its pledges': French and Spanish mails
with their statuses, reasons, dates and frame in that language, through a real SMTP server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from domain.taxonomy import Category, PledgeType, Role
from domain.values import Actor
from infrastructure.contacts import Contact
from infrastructure.container import Container
from infrastructure.database import Database
from tests.conftest import make_container
from tests.factories import content
from tests.integration.mail_day import run_day
from tests.integration.smtp import SmtpServer
from tests.integration.test_digests import flat, text_of

pytestmark = pytest.mark.postgres
TODAY = date(2027, 12, 24)  # the deadlines below are a week away, on 31 December 2027
ADMIN = Actor("token:languages", Role.SECRETARIAT)
NBSP = "\u00a0"


def pledge_in(c: Container, language: str, contact: Contact, title: str) -> str:
    """A pledge written in `language` whose pledger's contact is `contact`."""
    owner = c.app.register_pledger(
        f"Pledger {language}", Category.CIVIL_SOCIETY, None, False, ADMIN
    )
    c.contacts.add(owner, [contact])
    reference = c.app.submit(
        owner,
        content(type=PledgeType.INDIVIDUAL, title=title, language=language),
        date(2026, 5, 8),
        date(2027, 12, 31),
        ADMIN,
    ).reference
    c.app.report_progress(reference, date(2027, 6, 1), 40, "Avance", (), ADMIN)
    return reference


@pytest.fixture
def mails(database: Database, tmp_path: Path) -> Iterator[dict[str, str]]:
    with SmtpServer() as smtp:
        options = {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_security": "none"}
        with make_container(database, tmp_path, **options) as c:
            c.app.today = lambda: TODAY
            # Pledges written in English (the submission form's default) for contacts who
            # chose French and Spanish; and one in Spanish for a contact who chose nothing.
            elodie = Contact("Élodie Martin", "elodie@example.fr", language="fr")
            lucia = Contact("Lucía Gómez", "lucia@example.es", language="es")
            refs = {
                "fr": pledge_in(c, "en", elodie, "Reception"),
                "es": pledge_in(c, "en", lucia, "Reception"),
                "unchosen": pledge_in(c, "es", Contact("Ana Ruiz", "ana@example.org"), "Acogida"),
            }
            assert run_day(c, TODAY) == {"sent": 3}
            yield {
                lang: text_of(r.message) + "\nSubject: " + str(r.message["Subject"])
                for r in smtp.inbox.received
                for lang, ref in refs.items()
                if ref in str(r.message["Subject"])
            }


def test_a_french_digest_is_in_french(mails: dict[str, str]) -> None:
    text = mails["fr"]
    assert text.startswith("Bonjour Élodie Martin,\n")
    assert f"Statut{NBSP}: en cours (réalisé à 40{NBSP}% au dernier rapport)" in text
    assert f"Échéance{NBSP}: 31 décembre 2027" in text
    assert "L'échéance est le 31 décembre 2027 (dans 7 jours)." in flat(text)
    assert f"Subject: GCM-2026-0001{NBSP}: échéance dans 7 jours" in text
    assert "Répondez à ce message" in flat(text)
    for english in ("Dear", "Status", "Deadline", "in progress", "December"):
        assert english not in text, english


def test_a_spanish_digest_is_in_spanish(mails: dict[str, str]) -> None:
    text = mails["es"]
    assert text.startswith("Estimado/a Lucía Gómez:\n")
    assert "Estado: en curso (cumplido en un 40 % según el último informe)" in text
    assert "Plazo: 31 de diciembre de 2027" in text
    assert "El plazo vence el 31 de diciembre de 2027 (dentro de 7 días)." in flat(text)
    assert "Subject: GCM-2026-0002: vence dentro de 7 días" in text
    assert "Responda a este mensaje" in flat(text)
    for english in ("Dear", "Status", "Deadline", "in progress", "December"):
        assert english not in text, english


def test_a_contact_who_chose_no_language_reads_the_pledge_s(mails: dict[str, str]) -> None:
    text = mails["unchosen"]
    assert text.startswith("Estimado/a Ana Ruiz:\n")
    assert "Plazo: 31 de diciembre de 2027" in text
    for english in ("Dear", "Status", "Deadline", "in progress", "December"):
        assert english not in text, english
