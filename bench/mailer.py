"""Mail speed (issue 15): digests per second through the mailer against raw smtplib sending
messages of the same shape on one connection, to the same local SMTP server, in one run.

    .venv/bin/python bench/mailer.py [--mails 500] [--rounds 5] [--server process|thread]

Each round is a day of the deadline scan: every one of --mails pledgers (one contact each) has
a pledge whose overdue reminder falls due, so the day's digests are one per contact. Timed: the
mailer sending them (`deliver_due`: claiming, contacts, pledges, a sign-in link each, rendering
in the pledge's language, SMTP on one connection, marking them sent); and, in the same round,
raw `smtplib` sending as many messages of the same size (text and HTML) on one connection. The
composing of the day's digests (once a day) is timed apart, and so is smtplib sending the
digest's own bytes, made once (the transport alone: the floor no mailer goes below). The SMTP
server (aiosmtpd, which accepts and drops every message) runs in a subprocess by default, or in
a thread of this one.
Makes a scratch database on the server named by --database-url, and drops it afterwards.
Prints the medians of the rounds, their ratio (bar: 0.7), and the process's peak memory.
"""

from __future__ import annotations

import argparse
import resource
import smtplib
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from email.message import EmailMessage, Message
from email.policy import compat32
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.taxonomy import Category, PledgeType, Role
from domain.values import Actor
from infrastructure.contacts import Contact
from infrastructure.container import Container
from infrastructure.mail import MailSession, MailTransport
from infrastructure.settings import load_settings
from service.cli.mail import bring_up_to_date
from service.container import build_container
from tests.factories import content
from tests.integration.smtp import SmtpServer, free_port
from workers.digests import compose_day
from workers.mailer import deliver_due
from workers.scan import scan_deadlines

DEADLINE = date(2026, 6, 30)
ADMIN = Actor("bench", Role.SECRETARIAT)
BAR = 0.7


@contextmanager
def smtp_server(kind: str) -> Iterator[int]:
    """A local SMTP server that accepts every message: its port."""
    if kind == "thread":
        with SmtpServer() as server:
            yield server.port
        return
    port = free_port()
    command = [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink"]
    server_process = subprocess.Popen([*command, "-l", f"127.0.0.1:{port}"])
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                smtplib.SMTP("127.0.0.1", port, timeout=2).quit()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield port
    finally:
        server_process.terminate()
        server_process.wait(10)


@contextmanager
def scratch(admin: str) -> Iterator[str]:
    name = f"bench_mailer_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def prepare(c: Container, mails: int) -> None:
    """One pledger, one contact and one pledge overdue since DEADLINE for each mail."""
    c.app.today = lambda: DEADLINE
    for n in range(mails):
        pledger = c.app.register_pledger(
            f"Municipality {n}", Category.LOCAL_REGIONAL_GOVERNMENT, None, False, ADMIN
        )
        c.contacts.add(pledger, [Contact(f"Focal point {n}", f"focal{n}@bench.example.org")])
        c.app.submit(
            pledger,
            content(type=PledgeType.INDIVIDUAL, language=("en", "fr", "es")[n % 3]),
            date(2025, 1, 15),
            DEADLINE,
            ADMIN,
        )


def shaped_like(message: Message) -> tuple[str, str]:
    """The text and HTML of a digest, for raw messages of the same size and shape."""
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode()  # type: ignore[union-attr]
        for part in message.walk()
        if not part.is_multipart()
    }
    return parts["text/plain"], parts["text/html"]


def transport_rate(port: int, count: int, message: Message) -> float:
    """smtplib sending the digest's own bytes, made once: the transport alone."""
    data = message.as_bytes(policy=compat32.clone(linesep="\r\n"))  # as send_message does
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as server:
        for i in range(count):
            server.sendmail("no-reply@pledges.example.org", [f"focal{i}@bench.example.org"], data)
    return count / (time.perf_counter() - started)


def raw_rate(port: int, count: int, text: str, html: str) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as server:
        for i in range(count):
            message = EmailMessage()
            message["Subject"] = f"Raw message {i}"
            message["From"] = "GCM Pledges <no-reply@pledges.example.org>"
            message["To"] = f"Focal point {i} <focal{i}@bench.example.org>"
            message.set_content(text)
            message.add_alternative(html, subtype="html")
            server.send_message(message)
    return count / (time.perf_counter() - started)


class Keeping(MailTransport):
    """The mail transport, keeping the last message sent (to send raw ones of its shape)."""

    last: Message | None = None

    @contextmanager
    def session(self) -> Iterator[MailSession]:
        with super().session() as session:
            send = session.send

            def keep(message: Message) -> None:
                self.last = message
                send(message)

            session.send = keep  # type: ignore[method-assign]
            yield session


def one_round(c: Container, port: int, day: date, mails: int) -> tuple[float, float, float, float]:
    c.app.today = lambda: day
    bring_up_to_date(c)
    scan_deadlines(c, day)
    bring_up_to_date(c)
    started = time.perf_counter()
    composed = compose_day(c, day)
    compose_seconds = time.perf_counter() - started
    assert composed == mails, composed
    started = time.perf_counter()
    outcome = deliver_due(c)
    ours = outcome.get("sent", 0) / (time.perf_counter() - started)
    assert outcome == {"sent": mails}, outcome
    assert isinstance(c.mail, Keeping) and c.mail.last is not None
    text, html = shaped_like(c.mail.last)
    transport = transport_rate(port, mails, c.mail.last)
    return ours, raw_rate(port, mails, text, html), transport, compose_seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--mails", type=int, default=500, help="digests a round (default 500)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (default 5)")
    parser.add_argument(
        "--server",
        choices=("process", "thread"),
        default="process",
        help="the SMTP server in a subprocess (default) or in a thread of the bench",
    )
    args = parser.parse_args()
    with smtp_server(args.server) as port, scratch(args.database_url) as url:
        settings = load_settings(
            database_url=url,
            environment="test",
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_security="none",
            lapse_grace_days=3650,
            pool_size=4,
        )
        with build_container(settings) as c:
            c.mail = Keeping(settings)
            print(f"preparing {args.mails} pledgers, contacts and pledges ...", flush=True)
            prepare(c, args.mails)
            ours, raw, bare, compose = [], [], [], []
            for r in range(args.rounds):
                day = DEADLINE + timedelta(days=1 + 30 * r)  # an overdue reminder each
                mailer, baseline, transport, seconds = one_round(c, port, day, args.mails)
                ours.append(mailer)
                raw.append(baseline)
                bare.append(transport)
                compose.append(seconds)
                print(
                    f"  round {r + 1}: mailer {mailer:5.0f}/s  raw smtplib {baseline:5.0f}/s"
                    f" (ratio {mailer / baseline:.2f})  transport alone {transport:5.0f}/s"
                    f" (ratio {mailer / transport:.2f})  composing the day {seconds:.2f} s",
                    flush=True,
                )
    ratio = statistics.median(o / b for o, b in zip(ours, raw, strict=True))
    alone = statistics.median(o / b for o, b in zip(ours, bare, strict=True))
    print(
        f"\ndigests/s to a local SMTP server ({args.server}), medians of {args.rounds} rounds of"
        f" {args.mails}: mailer {statistics.median(ours):.0f}; raw smtplib on one connection"
        f" {statistics.median(raw):.0f}, ratio {ratio:.2f} (bar {BAR}:"
        f" {'met' if ratio >= BAR else 'NOT met'}); the transport alone (the same bytes, made"
        f" once) {statistics.median(bare):.0f}, ratio {alone:.2f}; composing a day's digests"
        f" {statistics.median(compose):.2f} s"
    )
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
