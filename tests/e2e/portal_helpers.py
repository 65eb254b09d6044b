"""A portal app with a real SMTP server and the projection runners, and signing in by link."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from domain.taxonomy import Category, Role
from domain.values import Actor
from infrastructure.contacts import Contact
from infrastructure.container import Container
from infrastructure.database import Database
from infrastructure.staff import StaffStore
from tests.conftest import SERVER_URL, _session_database, make_container
from tests.integration.recompute import wait_caught_up
from tests.integration.smtp import SmtpServer
from workers.projection_runner import start_projection_runners

LINK = re.compile(r"https?://\S+/sign-in/([A-Za-z0-9_\-]+)")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
STAFF_EMAIL = "auditor@un-network.example.org"


@dataclass
class Portal:
    container: Container
    smtp: SmtpServer
    base_url: str

    def client(self) -> TestClient:
        return TestClient(
            create_app(self.container),
            base_url=self.base_url,
            raise_server_exceptions=False,
            follow_redirects=False,
        )

    def pledger(self, name: str, email: str) -> str:
        admin = Actor("test", Role.SECRETARIAT)
        pid = self.container.app.register_pledger(name, Category.CIVIL_SOCIETY, "PRT", False, admin)
        self.container.contacts.add(pid, [Contact(name="Ana", email=email)])
        return str(pid)

    def mails(self) -> list[tuple[list[str], EmailMessage]]:
        """Every message sent: as the SMTP server took it, or as the .eml files without one."""
        if self.container.settings.smtp_host:
            return [(r.recipients, r.message) for r in self.smtp.inbox.received]
        files = self.container.settings.mail_folder.glob("*.eml")
        return [read_eml(path) for path in sorted(files, key=lambda p: p.stat().st_mtime_ns)]

    def links_for(self, email: str) -> list[str]:
        """The sign-in links mailed to the address: asked for, or in reminders."""
        return [
            m
            for recipients, message in self.mails()
            if email in recipients
            for m in LINK.findall(text_of(message))
        ]

    def wait_for_links(self, email: str, count: int, timeout: float = 30.0) -> list[str]:
        """The links mailed to the address once there are `count`: the portal mails them in
        a background task after its answer, so a test that reads at once would race it."""
        deadline = time.monotonic() + timeout
        while len(links := self.links_for(email)) < count:
            assert time.monotonic() < deadline, f"{count} sign-in link(s) to {email}: {links}"
            time.sleep(0.05)
        return links


def text_of(message: EmailMessage) -> str:
    """A message's plain text: all of a sign-in mail, the text part of a reminder."""
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def read_eml(path: Path) -> tuple[list[str], EmailMessage]:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return [address for _name, address in getaddresses(message.get_all("To", []))], message


def serve_portal(
    database: Database, folder: Path, mail_files: bool = False, **settings: object
) -> Iterator[Portal]:
    """With mail_files, no SMTP server is set: mail goes to .eml files in MAIL_DIR."""
    with SmtpServer() as smtp:
        if not mail_files:
            settings = {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, **settings}
        with make_container(
            database,
            folder,
            pool_size=4,
            smtp_security="none",
            public_url="https://testserver",
            **settings,
        ) as c:
            yield from portal_of(c, smtp)


def portal_of(c: Container, smtp: SmtpServer) -> Iterator[Portal]:
    """The staff member, and the projection runners while the portal is in use."""
    store = StaffStore(c.database.pool())
    store.add(STAFF_EMAIL)
    stop = threading.Event()
    runners = start_projection_runners(c.eventsourcing_env, c.database.conninfo, stop)
    try:
        wait_caught_up(c)
        yield Portal(c, smtp, "https://testserver")
    finally:
        stop.set()
        for runner in runners:
            runner.join(10)


def portal_fixture(folder: str, mail_files: bool = False, **settings: object) -> Any:
    """A module's portal: on the test server if one is named, else on the embedded one."""

    @pytest.fixture(scope="module")
    def portal(
        request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[Portal]:
        admin = SERVER_URL or request.getfixturevalue("embedded_admin")
        for database in _session_database(admin):
            yield from serve_portal(
                database, tmp_path_factory.mktemp(folder), mail_files, **settings
            )

    return portal


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def sign_in(portal: Portal, client: TestClient, email: str) -> None:
    page = client.get("/sign-in")
    before = len(portal.links_for(email))
    sent = client.post("/sign-in", data={"email": email, "csrf": csrf_of(page.text)})
    assert sent.status_code == 200, sent.text
    links = portal.wait_for_links(email, before + 1)
    confirm = client.get(f"/sign-in/{links[-1]}")
    used = client.post(f"/sign-in/{links[-1]}", data={"csrf": csrf_of(confirm.text)})
    assert used.status_code == 303, used.text
