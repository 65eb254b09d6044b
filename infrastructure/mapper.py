"""How events are stored: plain JSON whose types come from each event class's annotations.

The library's JSON transcoder wraps every date, UUID and decimal in `{"_type_", "_data_"}` and
restores them through a Python hook per object, which made decoding most of the cost of a
rebuild (bench/README.md). Here msgspec writes and reads each event class's fields by their
declared types in C. Snapshots (free-form aggregate state) and events stored before this
format keep the library's transcoder, so every event ever written still reads back the same.

An event class whose shape changed says so as the library has it (README "Changing an
event's shape"): `class_version = 2` and a static `upcast_v1_v2(state)` that brings a
stored state of version 1 to version 2. Events of a class at version 2 or more are stored
with their version; older ones are upcast, as plain JSON (dates, ids and amounts still
strings), before they are read by the class's types.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, cast
from uuid import UUID

import msgspec
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    find_id_convertor,
)
from eventsourcing.utils import get_topic, resolve_topic

from infrastructure.schemas import EventSchema, schema_for
from infrastructure.transcodings import DomainTranscoder

IDENTITY = ("originator_id", "originator_version")
# How every event the library's transcoder stored begins: its first field, the time it was
# recorded, wrapped. In this format the same field is a bare string.
LEGACY_START = b'{"timestamp":{"_type_":'


MISSING: Any = object()


class EventMapper(Mapper[Any]):
    """Typed JSON for the domain's event classes; the library's format for anything else."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.encoder = msgspec.json.Encoder()
        self._schemas: dict[type, EventSchema | None] = {}
        self.sealed = bool(self.cipher or self.compressor)

    def schema(self, cls: type) -> EventSchema | None:
        try:
            return self._schemas[cls]
        except KeyError:
            schema = self._schemas[cls] = schema_for(cls)
            return schema

    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        cls = type(domain_event)
        if self.schema(cls) is None:
            return super().to_stored_event(domain_event)
        state = vars(domain_event)
        fields = {k: v for k, v in state.items() if k not in IDENTITY}
        version = getattr(cls, "class_version", 1)
        if version > 1:
            fields["class_version"] = version
        data = self.encoder.encode(fields)
        return StoredEvent(
            originator_id=state["originator_id"],
            originator_version=state["originator_version"],
            topic=get_topic(cls),
            state=self._seal(data),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[Any]:
        event: DomainEventProtocol[Any] = self.decode(
            stored_event.topic,
            stored_event.originator_id,
            stored_event.originator_version,
            stored_event.state,
        )
        return event

    def decode(self, topic: str, originator_id: Any, originator_version: int, stored: bytes) -> Any:
        """The domain event of a stored row's columns (a rebuild reads rows, not objects)."""
        cls = resolve_topic(topic)
        schema = self._schemas.get(cls, MISSING)
        if schema is MISSING:
            schema = self.schema(cls)
        data = self._open(stored) if self.sealed else stored
        if schema is None or data.startswith(LEGACY_START):
            return super().to_domain_event(
                StoredEvent(originator_id, originator_version, topic, stored)
            )
        if schema.version > 1:
            data = self.upcast(cls, data, schema.version)
        try:
            state = schema.decode(data)
        except msgspec.ValidationError as error:
            raise MapperDeserialisationError(
                f"Stored event {topic} of {originator_id} v{originator_version} does not "
                f"match its class: {error}"
            ) from error
        if type(originator_id) is not UUID:
            originator_id = find_id_convertor(cls, cast(Hashable, type(originator_id)))(
                originator_id
            )
        state["originator_id"] = originator_id
        state["originator_version"] = originator_version
        domain_event = object.__new__(cls)
        object.__setattr__(domain_event, "__dict__", state)
        return domain_event

    def upcast(self, cls: type, data: bytes, version: int) -> bytes:
        """A stored state of an older version, brought to the class's by its upcasters."""
        state = msgspec.json.decode(data)
        stored = state.pop("class_version", 1)
        for step in range(stored, version):
            getattr(cls, f"upcast_v{step}_v{step + 1}")(state)
        return self.encoder.encode(state)

    def _seal(self, data: bytes) -> bytes:
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return data

    def _open(self, data: bytes) -> bytes:
        if self.cipher:
            data = self.cipher.decrypt(data)
        if self.compressor:
            data = self.compressor.decompress(data)
        return data


# How an application built from this environment stores its events: the library reads these
# two settings (its InfrastructureFactory), so the domain's application names neither class.
CODEC_ENV = {
    "MAPPER_TOPIC": get_topic(EventMapper),
    "TRANSCODER_TOPIC": get_topic(DomainTranscoder),
}
