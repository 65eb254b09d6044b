"""The .eml files written to MAIL_DIR when no SMTP server is set (infrastructure/mail.py).

They are personal data like the contacts they were sent to: erasing an address removes
every file addressed to it, so the folder keeps no copy of an erased address.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from email import policy
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from pathlib import Path

log = logging.getLogger(__name__)
RECIPIENT_HEADERS = ("To", "Cc", "Bcc")


def recipients(path: Path) -> set[str]:
    """The addresses a mail file was sent to, in lower case."""
    with path.open("rb") as file:
        headers = BytesHeaderParser(policy=policy.compat32).parse(file)
    values = [str(v) for name in RECIPIENT_HEADERS for v in headers.get_all(name, [])]
    return {address.lower() for _name, address in getaddresses(values) if address}


def remove_mail_to(folder: Path, addresses: Iterable[str]) -> int:
    """Deletes the folder's mail files addressed to any of these addresses; how many."""
    erased = {address.strip().lower() for address in addresses}
    if not erased or not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob("*.eml"):
        try:
            if recipients(path) & erased:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # removed meanwhile by another erasure
    if removed:
        log.info("mail files of erased addresses removed", extra={"count": removed})
    return removed
