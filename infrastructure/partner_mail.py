"""The mails of partners by consent: each tells its reader what happened, what to do next,
and where (a link). Sent by the API after its answer, as the registration mails are.

To the invited side: `invited` (a registered pledger's contacts), `invited_email` (the focal
point of an organisation not yet registered: register first), `withdrawn`. To the owner's
contacts: `joined`, `declined`, `left`.
"""

from __future__ import annotations

from email.message import EmailMessage

from infrastructure.registration_mail import message
from infrastructure.settings import Settings

WORDS = {
    "invited": (
        "{owner} invites {organisation} to partner a pledge",
        "{owner} invites {organisation} to partner its pledge {reference}, “{title}”, "
        "contributing: {contribution}. Nothing about {organisation} is published unless you "
        "accept. Sign in with this email address and accept or refuse under “Invitations to "
        "partner”:",
    ),
    "invited_email": (
        "{owner} invites {organisation} to partner a pledge",
        "{owner} invites {organisation} to partner its pledge {reference}, “{title}”, "
        "contributing: {contribution}. {organisation} is not registered in the GCM Pledge "
        "Tracker yet: first register it with this link (the form is filled in with what we "
        "know). Once the UN Network on Migration Secretariat approves the registration, you "
        "are sent a sign-in link; then accept or refuse under “Invitations to partner”. "
        "Nothing about {organisation} is published unless you accept.",
    ),
    "withdrawn": (
        "Invitation withdrawn: {reference}",
        "{owner} withdrew its invitation to {organisation} to partner {reference}, “{title}”. "
        "{reason}There is nothing for you to do. Your invitations are here:",
    ),
    "joined": (
        "{organisation} accepted: it partners {reference}",
        "{organisation} accepted your invitation and now partners {reference}, “{title}”: "
        "it is named on the pledge's public page and may file progress reports on it. "
        "The pledge is here:",
    ),
    "declined": (
        "{organisation} declined to partner {reference}",
        "{organisation} declined your invitation to partner {reference}, “{title}”. "
        "{reason}You may invite another partner from the pledge's page:",
    ),
    "left": (
        "{organisation} left {reference}",
        "{organisation} no longer partners {reference}, “{title}”. {reason}"
        "It is no longer named on the pledge's page. You may invite another partner there:",
    ),
}


def partner_mail(
    settings: Settings, kind: str, to: tuple[str, str], link: str, **values: str
) -> EmailMessage:
    """`to`: the name (may be empty) and address; `values`: owner, organisation, reference,
    title, contribution, reason (a sentence or empty)."""
    subject, body = WORDS[kind]
    reason = values.get("reason", "").strip()
    filled = {**values, "reason": f"The reason given: “{reason}”. " if reason else ""}
    greeting = f"Dear {to[0]}," if to[0] else "Hello,"
    return message(
        settings, to[1], "en", subject.format(**filled), [greeting, body.format(**filled), link]
    )
