"""Errors by sheet, row and column, collected rather than raised: a file's every fault at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from api.imports.sheets import Row
from api.schemas.common import field_path
from api.schemas.words import plain_reason
from domain.errors import DomainError, InvalidPledgeError

Model = TypeVar("Model", bound=BaseModel)
T = TypeVar("T")


@dataclass(frozen=True)
class Fault:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet} row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Faults:
    items: list[Fault] = field(default_factory=list)

    def add(self, row: Row, column: str, message: str) -> None:
        self.items.append(Fault(row.sheet, row.number, column, message))

    def schema(
        self, row: Row, model: type[Model], data: dict[str, Any], columns: dict[str, str]
    ) -> Model | None:
        """`data` checked by the API's own schema: each fault under the column it came from
        (`columns` maps a schema field to its column where the names differ)."""
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for e in error.errors():
                name = field_path(e["loc"][:1]) or ""
                self.add(row, columns.get(name, name), plain_reason(e))
            return None

    def rule(self, row: Row, column: str, command: Callable[[], T]) -> T | None:
        """A domain rule's refusal, under its field's column if it names one."""
        try:
            return command()
        except InvalidPledgeError as error:
            self.add(row, error.field.split(".")[0].split("[")[0] or column, error.reason)
        except DomainError as error:
            self.add(row, column, error.message)
        return None
