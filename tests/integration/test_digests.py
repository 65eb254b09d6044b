"""One digest per address and day, through a real SMTP server (aiosmtpd): a contact of several
due pledges gets one mail naming every pledge and reason, greeting them by name, with a link
per pledge and the Secretariat to reply to; the scan may run twice and sends nothing more;
lapses and reinstatements are mailed; what no longer holds is left out; a batch goes on one
connection, and a connection the server drops is opened again."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from uuid import UUID

import pytest

from domain.taxonomy import Category, PledgeType, Role
from domain.values import Actor
from infrastructure.contacts import Contact
from infrastructure.container import Container
from infrastructure.database import Database
from service.cli.mail import bring_up_to_date
from tests.conftest import make_container
from tests.factories import content
from tests.integration.mail_day import mail_day, run_day, scan_day
from tests.integration.smtp import SmtpServer
from workers.digests import compose_day
from workers.mailer import deliver_due

pytestmark = pytest.mark.postgres
TODAY = date(2026, 11, 22)
ADMIN = Actor("token:digests", Role.SECRETARIAT)
SECRETARIAT = "secretariat@migration-network.example.org"


@dataclass
class World:
    c: Container
    smtp: SmtpServer
    refs: dict[str, str]

    def mails_to(self, address: str) -> list[EmailMessage]:
        """As a mail server reads them: the address's case does not matter."""
        return [
            r.message
            for r in self.smtp.inbox.received
            if address.lower() in {a.lower() for a in r.recipients}
        ]


def pledger(c: Container, name: str, *contacts: Contact) -> UUID:
    made = c.app.register_pledger(name, Category.LOCAL_REGIONAL_GOVERNMENT, "PRT", False, ADMIN)
    c.contacts.add(made, list(contacts))
    return made


def pledge(c: Container, owner: UUID, deadline: date, title: str) -> str:
    return c.app.submit(
        owner, content(type=PledgeType.INDIVIDUAL, title=title), date(2024, 1, 15), deadline, ADMIN
    ).reference


@pytest.fixture
def world(database: Database, tmp_path: Path) -> Iterator[World]:
    with SmtpServer() as smtp:
        settings = {
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp.port,
            "smtp_security": "none",
            "secretariat_email": SECRETARIAT,
            "public_url": "https://pledges.example.org",
        }
        with make_container(database, tmp_path, **settings) as c:
            c.app.today = lambda: TODAY
            lisbon = pledger(
                c,
                "City of Lisbon",
                Contact("Ana Silva", "ana@lisboa.example.org"),
                Contact("Bruno Costa", "bruno@lisboa.example.org"),
            )
            porto = pledger(c, "Porto network", Contact("Ana Silva", "Ana@Lisboa.example.org"))
            refs = {
                "week": pledge(c, lisbon, TODAY + timedelta(days=7), "Language courses"),
                "overdue": pledge(c, lisbon, TODAY - timedelta(days=1), "Legal clinics"),
                "lapsing": pledge(c, lisbon, TODAY - timedelta(days=200), "Housing desk"),
                "porto": pledge(c, porto, TODAY + timedelta(days=30), "Job fairs"),
            }
            c.app.report_progress(refs["week"], TODAY - timedelta(days=400), 20, "Begun", (), ADMIN)
            yield World(c, smtp, refs)


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content()).replace("\r\n", "\n")  # as sent over SMTP


def flat(text: str) -> str:
    """The text with its lines joined, as a person reads sentences across the wrapping."""
    return " ".join(text.split())


def test_a_contact_of_several_due_pledges_gets_one_digest_of_them_all(world: World) -> None:
    c, refs = world.c, world.refs
    assert run_day(c, TODAY) == {"sent": 2}  # Ana (of both pledgers) and Bruno: one each
    (ana,) = world.mails_to("ana@lisboa.example.org")
    (bruno,) = world.mails_to("bruno@lisboa.example.org")
    text = text_of(ana)
    assert ana["To"] == "Ana Silva <ana@lisboa.example.org>"
    assert ana["Reply-To"] == f"UN Network on Migration Secretariat <{SECRETARIAT}>"
    assert text.startswith("Dear Ana Silva,\n") and "Dear colleague" not in text
    assert "4 GCM pledges of City of Lisbon and Porto network need your" in text
    assert ana["Subject"] == (
        f"Your GCM pledges: 4 need your attention ({refs['lapsing']}, {refs['overdue']}, "
        f"{refs['week']} and 1 more)"
    )
    for ref in refs.values():
        assert text.count(f"{ref} \u2013 ") == 1, ref  # each pledge once, whatever its reasons
    # The most urgent first: what lapsed, then what is overdue, then what approaches.
    order = [text.index(refs[k]) for k in ("lapsing", "overdue", "week", "porto")]
    assert order == sorted(order)
    # One entry, both reasons: the deadline in 7 days and no report for a year.
    week = flat(text[text.index(refs["week"]) : text.index(refs["porto"])])
    assert "The deadline is 29 November 2026 (in 7 days)." in week
    assert "No progress report since 18 October 2025." in week
    assert "Status: in progress (20% complete at the last report)" in week
    overdue = flat(text[text.index(refs["overdue"]) : text.index(refs["week"])])
    assert "The deadline passed on 21 November 2026" in overdue
    assert "it will lapse on 19 February 2027 (in 89 days)" in overdue
    lapsed = flat(text[text.index(refs["lapsing"]) : text.index(refs["overdue"])])
    assert "The pledge lapsed on 22 November 2026" in lapsed and "Status: lapsed" in lapsed
    assert "ask the Secretariat to reinstate" in lapsed
    links = [line.strip() for line in text.splitlines() if "/sign-in/" in line]
    assert len(links) == len(set(links)) == 4
    assert all(link.startswith("https://pledges.example.org/sign-in/") for link in links)
    assert f"it goes to the UN Network on Migration Secretariat ({SECRETARIAT})" in flat(text)
    assert ana.get_body(("html",)) is not None
    bruno_text = text_of(bruno)
    assert bruno_text.startswith("Dear Bruno Costa,") and refs["porto"] not in bruno_text
    # The events stay one per (pledge, kind, due date); the digest only groups them.
    reminders = sorted(
        (h.data["kind"].value, h.data["due_on"])
        for ref in refs.values()
        for h in c.app.history(ref)
        if h.type == "ReminderSent"
    )
    assert reminders == sorted(
        [
            ("deadline_approaching", TODAY),
            ("report_due", TODAY - timedelta(days=35)),
            ("overdue", TODAY),
            ("deadline_approaching", TODAY),
        ]
    )


def test_a_second_scan_the_same_day_sends_nothing_and_records_nothing(world: World) -> None:
    c = world.c
    run_day(c, TODAY)
    events = c.app.recorder.max_notification_id()
    assert run_day(c, TODAY) == {}
    assert c.app.recorder.max_notification_id() == events
    assert len(world.smtp.inbox.received) == 2


def test_a_reinstatement_is_mailed_in_the_next_days_digest(world: World) -> None:
    c, refs = world.c, world.refs
    run_day(c, TODAY)
    later = TODAY + timedelta(days=1)
    c.app.today = lambda: later
    c.app.reinstate(refs["lapsing"], date(2027, 6, 30), "New funding came", ADMIN)
    assert run_day(c, later) == {"sent": 2}
    for address in ("ana@lisboa.example.org", "bruno@lisboa.example.org"):
        _first, second = world.mails_to(address)
        text = text_of(second)
        assert second["Subject"] == f"{refs['lapsing']}: reinstated"
        assert "One of the GCM pledges of City of Lisbon needs your" in flat(text)
        assert "The Secretariat reinstated the pledge, with a new deadline: 30 June 2027." in flat(
            text
        )
        assert "Status: submitted" in text


def test_what_no_longer_holds_is_left_out(world: World) -> None:
    """A reminder of a pledge fulfilled after the scan, before its digest went."""
    c, refs = world.c, world.refs
    scan_day(c, TODAY)
    c.app.fulfil(refs["porto"], TODAY, "Three job fairs held", ADMIN)
    mail_day(c, TODAY)
    (ana,) = world.mails_to("ana@lisboa.example.org")
    text = flat(text_of(ana))
    assert refs["porto"] not in text
    assert "3 GCM pledges of City of Lisbon need your attention." in text
    statuses = {r["status"]: r["n"] for r in c.outbox.counts()}
    assert statuses == {"sent": 4, "obsolete": 1}  # the fulfilled pledge's reminder


def test_a_contact_erased_before_its_digest_goes_is_not_written_to(world: World) -> None:
    c, refs = world.c, world.refs
    scan_day(c, TODAY)
    bring_up_to_date(c)
    assert compose_day(c, TODAY) == 2
    c.contacts.erase(c.app.get_pledge(refs["week"]).pledger_id)  # Lisbon's: Bruno, and Ana's row
    assert deliver_due(c) == {"sent": 1, "no_recipients": 1}
    (ana,) = world.mails_to("ana@lisboa.example.org")
    text = flat(text_of(ana))
    assert "One of the GCM pledges of Porto network needs your attention." in text
    assert refs["week"] not in text and refs["porto"] in text
    assert world.mails_to("bruno@lisboa.example.org") == []


@pytest.mark.parametrize("dropped", [1, 3])
def test_a_batch_goes_on_one_connection_and_a_dropped_one_is_opened_again(
    world: World, dropped: int
) -> None:
    c = world.c
    for n in range(5):
        owner = pledger(c, f"Town {n}", Contact(f"Focal {n}", f"focal{n}@towns.example.org"))
        pledge(c, owner, TODAY + timedelta(days=30), f"Town pledge {n}")
    world.smtp.inbox.drop_at = dropped  # that message is refused and its connection closed
    assert run_day(c, TODAY) == {"sent": 6, "pending": 1}
    assert world.smtp.inbox.connections == 2
    assert deliver_due(c, now=datetime.now(UTC) + timedelta(hours=1)) == {"sent": 1}
    ids = [r.message["Message-ID"] for r in world.smtp.inbox.received]
    assert len(ids) == len(set(ids)) == 7
