"""Mail files of an erased address (issue 13, finding 4): every file sent to it goes, in
whichever recipient header and however it is written; the others stay."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from infrastructure.mail_files import remove_mail_to


def mail(folder: Path, name: str, **headers: str) -> Path:
    message = EmailMessage()
    for header, value in headers.items():
        message[header] = value
    message.set_content("Hello")
    path = folder / f"{name}.eml"
    path.write_bytes(bytes(message))
    return path


def test_files_to_the_address_are_removed_and_the_others_kept(tmp_path: Path) -> None:
    direct = mail(tmp_path, "direct", To="Ana@Lisboa.example.org")
    named = mail(tmp_path, "named", To='"Silva, Ana" <ana@lisboa.example.org>, rui@porto.org')
    copied = mail(tmp_path, "copied", To="rui@porto.org", Cc="Ana <ana@lisboa.example.org>")
    other = mail(tmp_path, "other", To="rui@porto.org", Cc="anabela@lisboa.example.org")
    note = tmp_path / "ana@lisboa.example.org.txt"
    note.write_text("not a mail file")
    assert remove_mail_to(tmp_path, [" ana@lisboa.example.org "]) == 3
    assert not any(p.exists() for p in (direct, named, copied))
    assert other.exists() and note.exists()


def test_no_folder_and_no_address_remove_nothing(tmp_path: Path) -> None:
    kept = mail(tmp_path, "kept", To="ana@lisboa.example.org")
    assert remove_mail_to(tmp_path / "missing", ["ana@lisboa.example.org"]) == 0
    assert remove_mail_to(tmp_path, []) == 0 and kept.exists()
