"""The deadline scan and the reminder emails, through a real SMTP server."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.taxonomy import Category, PledgeType, Role
from domain.values import Actor
from infrastructure.contacts import Contact
from infrastructure.container import Container
from infrastructure.database import Database
from projections.listing import Filters
from service.cli import app as cli
from tests.conftest import as_url, make_container
from tests.factories import content
from tests.integration.recompute import wait_caught_up
from tests.integration.smtp import SmtpServer, free_port
from workers.digests import compose_day
from workers.mailer import deliver_due
from workers.projection_runner import start_projection_runners
from workers.scan import scan_deadlines

TODAY = date(2026, 11, 22)
SECRETARIAT = Actor("token:reminders", Role.SECRETARIAT)
PLEDGED = date(2024, 1, 15)
# (name, deadline) -> what the scan of TODAY must do
CASES = {
    "in 30 days": TODAY + timedelta(days=30),  # the 30-day reminder is due today
    "in 7 days": TODAY + timedelta(days=7),  # the 7-day reminder
    "in 60 days": TODAY + timedelta(days=60),  # nothing yet
    "yesterday": TODAY - timedelta(days=1),  # first overdue reminder, due today
    "31 days ago": TODAY - timedelta(days=31),  # second overdue reminder, due today
    "200 days ago": TODAY - timedelta(days=200),  # lapses: deadline plus 90 days passed
}


@pytest.fixture
def prepared(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    """Pledges with the deadlines above, each by its own pledger with one contact."""
    refs = {}
    with make_container(database, tmp_path) as c:
        c.app.today = lambda: TODAY
        for n, (name, deadline) in enumerate(CASES.items()):
            pledger = c.app.register_pledger(
                f"Pledger {n}", Category.CIVIL_SOCIETY, None, False, SECRETARIAT
            )
            c.contacts.add(pledger, [Contact(name=f"Focal {n}", email=f"focal{n}@example.org")])
            refs[name] = c.app.submit(
                pledger,
                content(type=PledgeType.INDIVIDUAL),
                PLEDGED,
                deadline,
                Actor(str(pledger), Role.PLEDGER),
            ).reference
        quiet = c.app.register_pledger("Quiet", Category.ACADEMIA, None, False, SECRETARIAT)
        c.contacts.add(quiet, [Contact(name="Quiet", email="quiet@example.org")])
        refs["no report for a year"] = c.app.submit(
            quiet,
            content(type=PledgeType.INDIVIDUAL),
            PLEDGED,
            TODAY + timedelta(days=300),
            SECRETARIAT,
        ).reference
        c.app.report_progress(
            refs["no report for a year"],
            TODAY - timedelta(days=400),
            20,
            "Started",
            (),
            SECRETARIAT,
        )
        erased = c.app.register_pledger("Erased", Category.ACADEMIA, None, False, SECRETARIAT)
        c.contacts.add(erased, [Contact(name="Gone", email="gone@example.org")])
        refs["erased contacts"] = c.app.submit(
            erased,
            content(type=PledgeType.INDIVIDUAL),
            PLEDGED,
            TODAY - timedelta(days=1),
            SECRETARIAT,
        ).reference
        c.contacts.erase(erased)
        done = c.app.register_pledger("Done", Category.ACADEMIA, None, False, SECRETARIAT)
        refs["fulfilled"] = c.app.submit(
            done,
            content(type=PledgeType.INDIVIDUAL),
            PLEDGED,
            TODAY - timedelta(days=5),
            SECRETARIAT,
        ).reference
        c.app.fulfil(refs["fulfilled"], TODAY - timedelta(days=6), "All done", SECRETARIAT)
    monkeypatch.setenv("DATABASE_URL", as_url(database))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ENVIRONMENT", "test")  # --today other than today: tests only
    yield refs


EXPECTED = {  # reference name -> (kind, due date, address): one digest each
    "in 30 days": ("deadline_approaching", TODAY, "focal0@example.org"),
    "in 7 days": ("deadline_approaching", TODAY, "focal1@example.org"),
    "yesterday": ("overdue", TODAY, "focal3@example.org"),
    "31 days ago": ("overdue", TODAY, "focal4@example.org"),
    "200 days ago": ("lapsed", TODAY, "focal5@example.org"),
    "no report for a year": ("report_due", TODAY - timedelta(days=35), "quiet@example.org"),
}


def scan(*extra: str) -> str:
    return scan_as_of(TODAY, *extra)


def scan_as_of(day: date, *extra: str) -> str:
    result = CliRunner().invoke(
        cli, ["scan-deadlines", "--today", day.isoformat(), *extra], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_a_scan_sends_exactly_the_expected_emails_once(
    prepared: dict[str, str], monkeypatch: pytest.MonkeyPatch, database: Database, tmp_path: Path
) -> None:
    with SmtpServer() as smtp:
        monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SMTP_PORT", str(smtp.port))
        monkeypatch.setenv("SMTP_SECURITY", "none")
        output = scan()
        assert "1 lapsed, 6 reminders recorded" in output, output
        got = sorted((r.message["Subject"], tuple(r.recipients)) for r in smtp.inbox.received)
        assert len(got) == len(EXPECTED)
        for name, (_kind, _due, address) in EXPECTED.items():
            assert any(prepared[name] in subject and rcpt == (address,) for subject, rcpt in got), (
                name
            )
        assert "gone@example.org" not in str(got)
        for received in smtp.inbox.received:
            text = received.message.get_body(("plain",)).get_content()
            assert "Dear Focal " in text or "Dear Quiet," in text
            assert "Dear colleague" not in text and "/sign-in/" in text
        assert "0 lapsed, 0 reminders recorded" in scan()
        assert len(smtp.inbox.received) == len(EXPECTED)
    with make_container(database, tmp_path) as c:
        history = c.app.history(prepared["erased contacts"])
        reminder = [h for h in history if h.type == "ReminderSent"]
        assert len(reminder) == 1 and reminder[0].data["recipients"] == 0
        assert "no contacts" in reminder[0].data["note"]
        kinds = {
            (h.data["kind"], h.data["due_on"])
            for h in c.app.history(prepared["no report for a year"])
            if h.type == "ReminderSent"
        }
        assert kinds == {("report_due", EXPECTED["no report for a year"][1])}
        assert c.app.get_pledge(prepared["200 days ago"]).status.value == "lapsed"
        assert c.app.get_pledge(prepared["fulfilled"]).reminders == []


def test_emails_wait_while_smtp_is_down_then_arrive_once(
    prepared: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("SMTP_SECURITY", "none")
    assert "pending" in scan()
    status = CliRunner().invoke(cli, ["mail", "status"]).output
    assert "pending" in status and "failing" in status
    with SmtpServer(port) as smtp:
        later = datetime.now(UTC) + timedelta(hours=2)
        from service.cli.common import container

        with container() as c:
            assert deliver_due(c, now=later) == {"sent": len(EXPECTED)}
            assert deliver_due(c, now=later + timedelta(hours=2)) == {}
        ids = smtp.inbox.message_ids()
        assert len(ids) == len(set(ids)) == len(EXPECTED)


def test_two_workers_scanning_at_once_send_every_reminder_once(
    prepared: dict[str, str], database: Database, tmp_path: Path
) -> None:
    with SmtpServer() as smtp:
        settings = {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_security": "none"}
        containers = [make_container(database, tmp_path, **settings) for _ in range(2)]
        stop = threading.Event()
        runners = start_projection_runners(
            containers[0].eventsourcing_env, containers[0].database.conninfo, stop
        )
        try:
            for c in containers:
                c.app.today = lambda: TODAY
            wait_caught_up(containers[0])
            threads = [threading.Thread(target=scan_deadlines, args=(c, TODAY)) for c in containers]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            from service.cli.mail import bring_up_to_date

            bring_up_to_date(containers[0])
            composed: list[int | None] = []
            both(lambda c: composed.append(compose_day(c, TODAY)), containers)
            assert sorted(composed, key=str) == [len(EXPECTED), None]  # made once
            both(deliver_due, containers)
            ids = smtp.inbox.message_ids()
            assert len(ids) == len(set(ids)) == len(EXPECTED)
            wait_caught_up(containers[0])
            check_lapsed_shows(containers[0], prepared["200 days ago"])
        finally:
            stop.set()
            for r in runners:
                r.join(10)
            for c in containers:
                c.close()


def both(work: Callable[[Container], object], containers: list[Container]) -> None:
    """The work in one thread per container, at once."""
    threads = [threading.Thread(target=work, args=(c,)) for c in containers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def check_lapsed_shows(c: Container, reference: str) -> None:
    lapsed = c.queries.list(Filters(status=["lapsed"]), TODAY, limit=50).items
    assert [i["reference"] for i in lapsed] == [reference]
    assert c.views.dashboard.dashboard(TODAY)["by_status"]["lapsed"] == 1


def recorded(database: Database, folder: Path) -> dict[str, object]:
    """What a scan may write: the event store, the outbox and its digests, the mail folder."""
    with database.pool().connection() as conn:
        tables = {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("pledges_events", "mail_outbox", "mail_digests", "deadline_scans")
        }
    mail = folder / "mail"
    files = {p.name: p.read_bytes() for p in sorted(mail.glob("*"))} if mail.is_dir() else {}
    return {**tables, "mail files": files}


def test_a_dry_run_says_what_it_would_do_and_records_nothing(
    prepared: dict[str, str], monkeypatch: pytest.MonkeyPatch, database: Database, tmp_path: Path
) -> None:
    earlier = scan_as_of(TODAY - timedelta(days=115))  # an overdue reminder, mailed to a file
    assert "0 lapsed, 1 reminders recorded" in earlier
    monkeypatch.setenv("ENVIRONMENT", "development")  # a day other than today: dry runs only
    before = recorded(database, tmp_path)
    assert len(before["mail files"]) == 1  # type: ignore[arg-type]
    output = scan("--dry-run")
    assert recorded(database, tmp_path) == before
    assert f"Dry run as of {TODAY}: nothing is recorded and no mail is sent." in output
    # run beside `pledges serve --port P`, the default address would be a dead link
    assert "Links in the mails lead to http://127.0.0.1:8000, the default: set PUBLIC_URL" in (
        output
    )
    monkeypatch.setenv("PUBLIC_URL", "https://pledges.example.org")
    assert "lead to https://pledges.example.org (PUBLIC_URL)." in scan("--dry-run")
    assert "Would lapse 1 pledge(s):" in output and prepared["200 days ago"] in output
    assert "Would record 6 reminder(s):" in output
    assert "Would mail 6 digest(s), one per address" in output and "personal data" in output
    assert (
        f"Focal 0 <focal0@example.org>, for Pledger 0: {prepared['in 30 days']} "
        "(deadline_approaching)" in output
    )
    assert f"Focal 5 <focal5@example.org>, for Pledger 5: {prepared['200 days ago']} (lapsed)" in (
        output
    )
    assert "gone@example.org" not in output


def test_a_scan_as_of_another_day_is_refused_outside_tests(
    prepared: dict[str, str], monkeypatch: pytest.MonkeyPatch, database: Database, tmp_path: Path
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    before = recorded(database, tmp_path)
    result = CliRunner().invoke(cli, ["scan-deadlines", "--today", TODAY.isoformat()])
    assert result.exit_code == 2
    assert f"--today {TODAY} is not today" in result.output and "--dry-run" in result.output
    assert recorded(database, tmp_path) == before
    boxed = CliRunner().invoke(cli, ["scan-deadlines", "--help"]).output
    help_text = " ".join(boxed.replace("\u2502", " ").split())  # rich's box, as read
    assert "--dry-run" in help_text and "--today" in help_text
    assert "record and send nothing" in help_text and "only with --dry-run" in help_text
