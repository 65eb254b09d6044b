"""Mail transport: SMTP (STARTTLS, TLS and login as set), or .eml files in MAIL_DIR when no
SMTP server is set. Used by the mailer (workers/) and the sign-in links (api/portal/).

A session keeps one SMTP connection open for many messages (the day's digests): opening one
per message cost more than the message itself. A connection the server closed between two
messages is opened again once, and the message sent on it.
"""

from __future__ import annotations

import functools
import os
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from email.message import Message

from infrastructure.settings import Settings

# The server refused this message (its sender, a recipient, its data): the connection is fine.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
DROPPED = (smtplib.SMTPServerDisconnected, ConnectionError)


@functools.cache
def tls_context() -> ssl.SSLContext:
    """Made once: loading the system's certificates takes about 0.1 s each time."""
    return ssl.create_default_context()


class MailSession:
    """Sends messages on one connection, opened at the first; `unreachable` once it could not
    be opened, so that a batch stops there instead of trying every message."""

    def __init__(self, transport: MailTransport) -> None:
        self.transport = transport
        self.server: smtplib.SMTP | None = None
        self.unreachable = False

    def send(self, message: Message) -> None:
        """Raises OSError (smtplib's errors are OSErrors) when the server refuses or is away."""
        if self.transport.settings.smtp_host is None:
            self.transport.write_file(message)
            return
        fresh = self.server is None
        server = self.server_now()
        try:
            server.send_message(message)
        except REFUSED:
            if server.sock is None:  # refused with 421: the server ended the connection
                self.close()
            raise
        except DROPPED:
            self.close()
            if fresh:
                raise
            self.server_now().send_message(message)  # closed since the last one: once, anew
        except OSError:
            self.close()
            raise

    def server_now(self) -> smtplib.SMTP:
        if self.server is None:
            try:
                self.server = self.transport.connect()
            except OSError:
                self.unreachable = True
                raise
        return self.server

    def close(self) -> None:
        if self.server is not None:
            with suppress(OSError):
                self.server.quit()
            with suppress(OSError):
                self.server.close()
            self.server = None


class MailTransport:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @contextmanager
    def session(self) -> Iterator[MailSession]:
        session = MailSession(self)
        try:
            yield session
        finally:
            session.close()

    def send(self, message: Message) -> None:
        """One message on a connection of its own."""
        with self.session() as session:
            session.send(message)

    def connect(self) -> smtplib.SMTP:
        settings = self.settings
        assert settings.smtp_host is not None  # noqa: S101 - sessions connect only then
        port, timeout = settings.smtp_port, settings.smtp_timeout
        if settings.smtp_security == "tls":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.smtp_host, port, timeout=timeout, context=tls_context()
            )
        else:
            server = smtplib.SMTP(settings.smtp_host, port, timeout=timeout)
        try:
            if settings.smtp_security == "starttls":
                server.starttls(context=tls_context())
            if settings.smtp_username and settings.smtp_password:
                server.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        except OSError:
            server.close()
            raise
        return server

    def write_file(self, message: Message) -> None:
        folder = self.settings.mail_folder
        folder.mkdir(parents=True, exist_ok=True)
        name = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in message["Message-ID"])
        partial = folder / f".{name}.tmp"
        partial.write_bytes(bytes(message))
        os.replace(partial, folder / f"{name.strip('_')}.eml")  # whole or absent, never half
