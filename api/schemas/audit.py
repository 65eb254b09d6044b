"""The event log's signed checkpoints, as published."""

from __future__ import annotations

import base64
from datetime import datetime

from pydantic import BaseModel, Field

from infrastructure.audit import Checkpoint

MESSAGE = (
    "The signed text, UTF-8: `gcm-pledges checkpoint\\n{position}\\n{head_hash}\\n{made_at}\\n`"
    " (made_at as YYYY-MM-DDTHH:MM:SSZ)."
)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class CheckpointOut(BaseModel):
    position: int = Field(description="The last event's position in the log at the time")
    head_hash: str = Field(description="That event's chain hash (SHA-256, hex)")
    made_at: datetime = Field(description="When it was signed (UTC, whole seconds)")
    message: str = Field(description=MESSAGE)
    signature: str = Field(description="Ed25519 signature of `message` (base64)")
    public_key: str = Field(description="The Ed25519 public key that signed it (raw, base64)")

    @classmethod
    def of(cls, point: Checkpoint) -> CheckpointOut:
        return cls(
            position=point.position,
            head_hash=point.head_hash.hex(),
            made_at=point.made_at,
            message=point.message.decode(),
            signature=b64(point.signature),
            public_key=b64(point.public_key),
        )


class Checkpoints(BaseModel):
    algorithm: str = Field("Ed25519", description="The signature scheme")
    public_key: str | None = Field(
        description="The key of the newest checkpoint (raw, base64); None before the first"
    )
    items: list[CheckpointOut] = Field(description="Newest first")
