"""The partner mails read as their recipient would: what happened, what to do, where; in the
reader's language, with French typography."""

from __future__ import annotations

from pathlib import Path

import pytest

from infrastructure.partner_mail import partner_mail
from infrastructure.settings import load_settings

VALUES = {
    "owner": "Ville de Lyon",
    "organisation": "Ville de Grenoble",
    "reference": "GCM-2026-0042",
    "title": "Cours de langue",
    "contribution": "Deux enseignants",
}


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        ("en", "Ville de Grenoble declined to partner GCM-2026-0042",
         "The reason given: “Pas de budget”. You may invite another partner"),
        ("fr", "Ville de Grenoble a décliné l'invitation pour GCM-2026-0042",
         "La raison donnée\u00a0: «\u00a0Pas de budget\u00a0». Vous pouvez inviter"),
        ("es", "Ville de Grenoble rechazó la invitación para GCM-2026-0042",
         "El motivo indicado: «Pas de budget». Puede invitar a otro socio"),
    ],
)  # fmt: skip
def test_a_refusal_tells_the_owner_why_and_what_next(
    tmp_path: Path, language: str, subject: str, words: str
) -> None:
    settings = load_settings(environment="test", data_dir=tmp_path)
    link = "https://pledges.example.org/my/pledges/GCM-2026-0042"
    mail = partner_mail(
        settings, "declined", ("Ana", "ana@lyon.example.org"), link, language,
        reason="Pas de budget", **VALUES,
    )  # fmt: skip
    text = mail.get_content()
    assert mail["Subject"] == subject and mail["To"] == "ana@lyon.example.org"
    assert words in text and link in text


def test_an_invitation_by_email_says_to_register_first(tmp_path: Path) -> None:
    settings = load_settings(environment="test", data_dir=tmp_path)
    link = "https://pledges.example.org/register?invitation=abc"
    mail = partner_mail(settings, "invited_email", ("", "x@grenoble.example.org"), link, **VALUES)
    text = mail.get_content()
    assert text.startswith("Hello,") and "first register it with this link" in text
    assert "Nothing about Ville de Grenoble is published unless you accept" in text
