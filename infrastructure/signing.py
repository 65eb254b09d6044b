"""The Ed25519 key that signs the event log's checkpoints (infrastructure/audit.py).

From AUDIT_SIGNING_KEY (the 32-byte private key, base64) when set; otherwise from the file
DATA_DIR/audit_signing_key, made with a new key on first start. Keep that file (or the
setting) for good: checkpoints signed by a key that is lost can still be checked with the
public key each carries, but a new key starts a new line of trust.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

log = logging.getLogger(__name__)
KEY_FILE = "audit_signing_key"


class SigningKeyError(ValueError):
    """AUDIT_SIGNING_KEY or its file does not hold an Ed25519 key."""


def decode_key(text: str) -> Ed25519PrivateKey:
    """A private key from base64 (standard or URL-safe) of its 32 raw bytes."""
    try:
        raw = base64.b64decode(text.strip().replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise SigningKeyError("is not base64") from None
    if len(raw) != 32:
        raise SigningKeyError(f"is {len(raw)} bytes; an Ed25519 private key is 32")
    return Ed25519PrivateKey.from_private_bytes(raw)


def encode_key(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode()


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def load_or_make(setting: str | None, data_dir: Path, production: bool) -> Ed25519PrivateKey:
    """The key of the setting, else the data folder's, else a new one kept there."""
    if setting:
        return decode_key(setting)
    path = data_dir / KEY_FILE
    if path.exists():
        try:
            return decode_key(path.read_text(encoding="ascii"))
        except (SigningKeyError, UnicodeDecodeError) as error:
            raise SigningKeyError(f"{path}: {error}") from None
    key = Ed25519PrivateKey.generate()
    if not keep(path, encode_key(key)):  # another process made one first: that one it is
        return decode_key(path.read_text(encoding="ascii"))
    level = logging.WARNING if production else logging.INFO
    log.log(level, "made a new checkpoint signing key", extra={"path": str(path)})
    return key


def keep(path: Path, text: str) -> bool:
    """Writes the key where it goes, whole or not at all (readable by its owner only);
    False when the file is there already."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(text + "\n")
    try:
        os.link(draft, path)
    except FileExistsError:
        return False
    finally:
        draft.unlink()
    return True


def message(position: int, head_hash: bytes, made_at: datetime) -> bytes:
    """What a checkpoint's signature covers (README "Checkpoints" rebuilds it)."""
    when = made_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"gcm-pledges checkpoint\n{position}\n{head_hash.hex()}\n{when}\n".encode()


@dataclass(frozen=True)
class Signer:
    key: Ed25519PrivateKey

    @property
    def public_key(self) -> bytes:
        return public_bytes(self.key)

    def sign(self, position: int, head_hash: bytes, made_at: datetime) -> bytes:
        return self.key.sign(message(position, head_hash, made_at))


def signed(public_key: bytes, signature: bytes, text: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, text)
    except (InvalidSignature, ValueError):
        return False
    return True
