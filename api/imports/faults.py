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
        if not self.sheet:
            return self.message
        where = f"{self.sheet} row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


SHEET_ORDER = ("Pledgers", "Pledges", "Targets", "Partners", "Reports")


@dataclass
class Faults:
    items: list[Fault] = field(default_factory=list)

    def in_order(self) -> list[Fault]:
        """By sheet as the template orders them, then by row."""

        def rank(f: Fault) -> tuple[int, int, str]:
            known = f.sheet in SHEET_ORDER
            return (SHEET_ORDER.index(f.sheet) if known else len(SHEET_ORDER), f.row, f.column)

        return sorted(self.items, key=rank)

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

    def rule(
        self,
        row: Row,
        column: str,
        command: Callable[[], T],
        columns: dict[str, str] | None = None,
    ) -> T | None:
        """A domain rule's refusal, under its field's column if it names one (by `columns`
        where the names differ)."""
        try:
            return command()
        except InvalidPledgeError as error:
            name = error.field.split(".")[0].split("[")[0] or column
            self.add(row, (columns or {}).get(name, name), error.reason)
        except DomainError as error:
            self.add(row, column, error.message)
        return None
