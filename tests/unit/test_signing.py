"""The checkpoint signing key: from AUDIT_SIGNING_KEY, checked at start; else a key file made
once under DATA_DIR and kept."""

from __future__ import annotations

import base64
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from infrastructure.settings import SettingsError, load_settings
from infrastructure.signing import (
    KEY_FILE,
    Signer,
    decode_key,
    encode_key,
    keep,
    load_or_make,
    message,
    signed,
)
from service.container import signer_for

KEY = base64.b64encode(bytes(range(32))).decode()


@pytest.mark.parametrize(
    "value, says",
    [("not base64!", "is not base64"), (base64.b64encode(b"short").decode(), "is 5 bytes")],
)
def test_a_wrong_key_stops_the_start_naming_the_setting(value: str, says: str) -> None:
    with pytest.raises(SettingsError, match=f"AUDIT_SIGNING_KEY: Value error, {says}"):
        load_settings(audit_signing_key=value)


def test_the_setting_gives_the_key(tmp_path: Path) -> None:
    settings = load_settings(audit_signing_key=KEY, data_dir=tmp_path, environment="test")
    signer = signer_for(settings, "worker")
    assert signer is not None and signer.public_key == Signer(decode_key(KEY)).public_key
    assert not (tmp_path / KEY_FILE).exists()
    assert signer_for(settings, "api") is None  # an API process publishes, never signs


def test_without_the_setting_a_key_is_made_once_and_kept(tmp_path: Path) -> None:
    first = Signer(load_or_make(None, tmp_path, production=False))
    path = tmp_path / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = Signer(load_or_make(None, tmp_path, production=False))
    assert again.public_key == first.public_key
    path.write_text("garbage")
    settings = load_settings(data_dir=tmp_path, environment="test")
    with pytest.raises(SettingsError, match=f"AUDIT_SIGNING_KEY: {path}: is not base64"):
        signer_for(settings, "worker")


def test_a_signature_holds_for_its_checkpoint_only() -> None:
    signer = Signer(decode_key(KEY))
    at = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
    signature = signer.sign(42, bytes(32), at)
    assert signed(signer.public_key, signature, message(42, bytes(32), at))
    assert not signed(signer.public_key, signature, message(43, bytes(32), at))
    assert not signed(signer.public_key, signature, message(42, b"\x01" * 32, at))
    assert not signed(bytes(32), signature, message(42, bytes(32), at))


def test_a_key_made_meanwhile_by_another_process_is_the_one_kept(tmp_path: Path) -> None:
    theirs = Signer(load_or_make(None, tmp_path, production=False))
    (tmp_path / KEY_FILE).rename(tmp_path / "aside")
    mine_first = keep(tmp_path / KEY_FILE, encode_key(decode_key(KEY)))
    assert mine_first and not keep(tmp_path / KEY_FILE, "other")
    assert Signer(load_or_make(None, tmp_path, production=False)).public_key != theirs.public_key
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aside", KEY_FILE]  # no drafts left
