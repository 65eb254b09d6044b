"""Mail transport: SMTP (STARTTLS, TLS and login as set), or .eml files in MAIL_DIR when no
SMTP server is set. Used by the mailer (workers/) and the sign-in links (api/portal/)."""

from __future__ import annotations

import functools
import os
import smtplib
import ssl
from email.message import EmailMessage

from infrastructure.settings import Settings


@functools.cache
def tls_context() -> ssl.SSLContext:
    """Made once: loading the system's certificates takes about 0.1 s each time."""
    return ssl.create_default_context()


class MailTransport:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, message: EmailMessage) -> None:
        """Raises OSError (smtplib's errors are OSErrors) when the server refuses or is away."""
        settings = self.settings
        if settings.smtp_host is None:
            self.write_file(message)
            return
        port, timeout = settings.smtp_port, settings.smtp_timeout
        if settings.smtp_security == "tls":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.smtp_host, port, timeout=timeout, context=tls_context()
            )
        else:
            server = smtplib.SMTP(settings.smtp_host, port, timeout=timeout)
        with server:
            if settings.smtp_security == "starttls":
                server.starttls(context=tls_context())
            if settings.smtp_username and settings.smtp_password:
                server.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            server.send_message(message)

    def write_file(self, message: EmailMessage) -> None:
        folder = self.settings.mail_folder
        folder.mkdir(parents=True, exist_ok=True)
        name = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in message["Message-ID"])
        partial = folder / f".{name}.tmp"
        partial.write_bytes(bytes(message))
        os.replace(partial, folder / f"{name.strip('_')}.eml")  # whole or absent, never half
