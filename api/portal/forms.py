"""Forms that help: every fault at once, each beside its input, in plain words.

A form is read with a FormReader: its numbers as people write them in the form's language
(domain/written.py), then the API's own schema (every fault, not the first), then the
domain's checks that can run before the command (dates against the pledge's); `done` raises
one FormInvalidError carrying them all, which the page shows beside each input while it
keeps everything typed (api/portal/render.py `refused`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from api.portal.auth import Visitor
from api.portal.render import input_of
from api.schemas.common import field_path
from api.schemas.words import plain_reason
from domain import written
from domain.errors import DomainError, InvalidPledgeError

LANGUAGES = ("en", "fr", "es")
Model = TypeVar("Model", bound=BaseModel)


class FormInvalidError(InvalidPledgeError):
    """Every fault of a form, by input (a 422 like any invalid input)."""

    def __init__(self, errors: dict[str, str], what: str) -> None:
        field, reason = next(iter(errors.items()))
        super().__init__(field, reason)
        self.errors = errors
        count = "1 field needs" if len(errors) == 1 else f"{len(errors)} fields need"
        where = "beside it" if len(errors) == 1 else "beside each"
        self.message = f"{what}: {count} attention (see {where}). Nothing was lost."


def language_of(request: Request, visitor: Visitor) -> str:
    """The form's language: the one it was shown in (its `lang` input), else `?lang=`, else
    the browser's first of English, French and Spanish (Accept-Language), else English."""
    for chosen in (visitor.value("lang"), request.query_params.get("lang", "")):
        if chosen in LANGUAGES:
            return chosen
    asked = []
    for part in request.headers.get("accept-language", "").split(",")[:20]:
        code, _, weight = part.strip().partition(";q=")
        try:
            asked.append((-float(weight or 1), code[:2].lower()))
        except ValueError:
            continue
    return next((code for _, code in sorted(asked) if code in LANGUAGES), "en")


def number_words(language: str) -> dict[str, str]:
    """What a form says of the numbers it takes, and the language they are read in."""
    language = language if language in LANGUAGES else "en"
    return {
        "form_lang": language,
        "number_language": written.LANGUAGE_NAMES[language],
        "number_example": written.EXAMPLES[language],
    }


def sentence(reason: str) -> str:
    return reason[:1].upper() + reason[1:]


class FormReader:
    def __init__(
        self, visitor: Visitor, language: str, needs: Mapping[str, str] | None = None
    ) -> None:
        self.visitor, self.language = visitor, language
        self.needs = needs or {}  # what an empty required input says, by input
        self.errors: dict[str, str] = {}

    def add(self, key: str, reason: str, append: bool = False) -> None:
        """The fault shown beside `key`; a second one for the same input is kept only when
        `append` (several rows of one fieldset), else the first tells enough."""
        if key not in self.errors:
            self.errors[key] = sentence(reason)
        elif append:
            self.errors[key] += f"; {reason}"

    def value(self, name: str) -> str:
        return self.visitor.value(name)

    def number(self, name: str, key: str | None = None, label: str = "") -> Decimal | None:
        """The input's number, or None when it is empty or no number (its fault is kept)."""
        text = self.value(name)
        if not text:
            return None
        try:
            return written.number(name, text, self.language)
        except InvalidPledgeError as error:
            self.add(key or name, f"{label}{error.reason}", append=key is not None)
            return None

    def whole(self, name: str, reason: str) -> int | None:
        number = self.number(name)
        if number is not None and number != number.to_integral_value():
            self.add(name, reason)
            return None
        return None if number is None else int(number)

    def check(
        self,
        model: type[Model],
        data: Mapping[str, Any],
        key_of: Callable[[str], str] = input_of,
    ) -> Model | None:
        """The data checked by the API's schema; every fault kept by its input."""
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for fault in error.errors():
                key = key_of(field_path(fault["loc"]) or "body")
                missing = fault["type"] == "missing" or not self.value(key)
                need = self.needs.get(key) if missing else None
                self.add(key, need or plain_reason(fault))
            return None

    def rule(self, key: str, check: Callable[[], object]) -> None:
        """A domain check that can run before the command: its refusal kept beside `key`."""
        try:
            check()
        except InvalidPledgeError as error:
            self.add(input_of(error.field) if key == "*" else key, error.reason)
        except DomainError as error:
            self.add(key, error.message)

    def done(self, what: str) -> None:
        if self.errors:
            raise FormInvalidError(self.errors, what)


def present(data: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs that were filled in: an empty one is missing, and says what it needs."""
    return {k: v for k, v in data.items() if v not in ("", None)}
