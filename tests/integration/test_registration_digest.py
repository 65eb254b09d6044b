"""The Secretariat's daily mail of the registration requests that wait, through a real SMTP
server: none when nothing waits, once a day however often the job runs, each request with
how long it has waited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from infrastructure.container import Container
from infrastructure.database import Database
from infrastructure.registrations import RequestIn
from tests.conftest import make_container
from tests.integration.smtp import SmtpServer
from workers.registrations import mail_waiting_registrations

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)


@pytest.fixture
def mailing(any_database: Database, tmp_path: Path) -> Iterator[tuple[Container, SmtpServer]]:
    with SmtpServer() as smtp, make_container(
        any_database, tmp_path, smtp_host="127.0.0.1", smtp_port=smtp.port,
        smtp_security="none", secretariat_email="queue@un-network.example.org",
        public_url="https://pledges.example.org",
    ) as c:  # fmt: skip
        yield c, smtp


def ask(c: Container, organisation: str, confirmed_days_ago: int | None) -> None:
    wanted = RequestIn(organisation, "civil_society", "PRT", "en", "Ana", "ana@example.org", "")
    request_id, token = c.registrations.submit(wanted)
    if confirmed_days_ago is None:
        return
    assert c.registrations.confirm(token).outcome == "confirmed"
    with c.database.pool().connection() as conn:
        conn.execute(
            "UPDATE registration_requests SET confirmed_at = %s WHERE id = %s",
            (NOW - timedelta(days=confirmed_days_ago, hours=1), request_id),
        )


def test_nothing_waiting_sends_nothing(mailing: tuple[Container, SmtpServer]) -> None:
    c, smtp = mailing
    ask(c, "Unconfirmed Org", None)  # not confirmed: not in the queue
    assert mail_waiting_registrations(c, date(2026, 12, 1), NOW) == 0
    assert smtp.inbox.received == []


def test_one_mail_a_day_listing_what_waits_longest_first(
    mailing: tuple[Container, SmtpServer],
) -> None:
    c, smtp = mailing
    ask(c, "City of Setúbal", 0)
    ask(c, "Town of Sines", 3)
    day = date(2026, 12, 2)
    assert mail_waiting_registrations(c, day, NOW) == 2
    assert mail_waiting_registrations(c, day, NOW) is None  # the scheduler ran twice
    [received] = smtp.inbox.received
    assert received.recipients == ["queue@un-network.example.org"]
    assert received.message["Subject"] == "GCM Pledge Tracker: 2 registration request(s) wait"
    text = str(received.message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert text.index("Town of Sines (PRT), waiting 3 days") < text.index(
        "City of Setúbal (PRT), waiting since today"
    )
    assert "https://pledges.example.org/console/registrations" in text
    assert "ana@example.org" not in text  # no personal data in the digest
    assert mail_waiting_registrations(c, day + timedelta(days=1), NOW) == 2
    assert len(smtp.inbox.received) == 2
