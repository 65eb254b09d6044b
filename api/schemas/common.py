"""Field types and bodies that several resources share."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, TypeVar
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from api.schemas.words import plain_reason
from domain import bounds
from domain.errors import InvalidPledgeError
from domain.taxonomy import Status
from domain.values import Money, money


def refusing(check: Callable[[Any], Any]) -> AfterValidator:
    """A field checked by the domain's own rule (domain/bounds.py): its refusal is the
    field's 422, in the rule's words."""

    def validate(value: Any) -> Any:
        try:
            return check(value)
        except InvalidPledgeError as error:
            raise ValueError(error.reason) from None

    return AfterValidator(validate)


def text_rule(limit: int) -> AfterValidator:
    """What text may hold (domain/bounds.py). Whether a blank one will do is the domain's
    rule, checked with the command's others and in their order (a closed pledge first)."""
    return refusing(lambda value: bounds.text("", value, limit=limit, required=False))


def iso_text(value: object) -> object:
    """Dates arrive as ISO strings: pydantic alone would also take a number as a timestamp."""
    if not isinstance(value, str | date):
        raise ValueError("must be a date as a string, YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(iso_text), refusing(lambda v: bounds.day("", v))]
# Any text the database stores: no NUL, no other control character but newline and tab.
Printable = text_rule(limit=10_000)
# Free-text fields of bounded length that the database can always store.
ShortText = Annotated[str, Field(min_length=1, max_length=200), text_rule(200)]
LongText = Annotated[str, Field(min_length=1, max_length=5000), text_rule(5000)]
OptionalText = Annotated[str, Field(max_length=200), text_rule(200)]
Quantity = Annotated[
    Decimal,
    refusing(lambda v: bounds.quantity("", v)),
    Field(
        description=f"A decimal number: at most {bounds.INTEGER_DIGITS} digits before the "
        f"point and {bounds.QUANTITY_DECIMALS} after it"
    ),
]


CountryCode = Annotated[
    str,
    Field(
        pattern=r"^[A-Z]{3}$",
        description="ISO 3166-1 alpha-3 country code",
        examples=["PRT"],
    ),
]
CurrencyCode = Annotated[
    str,
    Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 currency code", examples=["EUR"]),
    refusing(lambda v: bounds.currency("", v)),
]


class StrictModel(BaseModel):
    """Request bodies refuse unknown fields, so a misspelt field is a 422, not silently lost."""

    model_config = ConfigDict(extra="forbid")


class MoneyIn(StrictModel):
    # The currency comes first: the amount's check needs it (its minor unit).
    currency: CurrencyCode
    amount: Decimal = Field(
        gt=0,
        description=f"A positive decimal amount: at most {bounds.INTEGER_DIGITS} digits before "
        "the point and as many after it as the currency has (ISO 4217: JPY none, EUR 2, KWD "
        "3); send it as a string to keep every digit.",
        examples=["250000.00"],
    )

    @field_validator("amount")
    @classmethod
    def within_bounds(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        currency = info.data.get("currency")
        if currency is None:  # the currency's own error says what is wrong
            return value
        try:
            return bounds.amount("", value, currency)
        except InvalidPledgeError as error:
            raise ValueError(error.reason) from None

    def to_money(self, field: str) -> Money:
        """The domain's Money; its errors name `field`."""
        return money(field, self.amount, self.currency)


Model = TypeVar("Model", bound=BaseModel)


def field_path(location: Sequence[int | str]) -> str:
    """('targets', 0, 'unit') -> 'targets[0].unit': how every refusal names a field."""
    name = ""
    for part in location:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def validated(
    model: type[Model], data: Mapping[str, Any], names: Mapping[str, str] | None = None
) -> Model:
    """A body that did not come over the API (a form, a file) checked by the API's own schema:
    its first fault as the InvalidPledgeError the domain would raise, with the field named as
    the API's 422 names it, or as `names` renames it (a form's input called otherwise).
    Forms that show every fault at once use api/portal/forms.py."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = field_path(first["loc"]) or "body"
        raise InvalidPledgeError((names or {}).get(field, field), plain_reason(first)) from None


class MoneyOut(BaseModel):
    amount: str = Field(description="Decimal amount, as a string", examples=["250000.00"])
    currency: str = Field(description="ISO 4217 currency code", examples=["EUR"])


class CommandAccepted(BaseModel):
    """What every command answers: where the pledge stands now."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "5f0c6a8e-2f43-4a8e-9a57-3e1f0c3b8d21",
                    "reference": "GCM-2026-0042",
                    "version": 2,
                    "status": "in_progress",
                    "position": 1234,
                }
            ]
        }
    )

    id: UUID = Field(description="The pledge's id")
    reference: str = Field(description="The pledge's human reference", examples=["GCM-2026-0042"])
    version: int = Field(description="The pledge's version after the command (its new ETag)")
    status: Status = Field(description="The pledge's status after the command")
    position: int | None = Field(
        description="Position of the last recorded event in the event log: a read model "
        "that has reached it reflects this command."
    )


class FieldError(BaseModel):
    field: str = Field(description="The field, header or query parameter at fault")
    reason: str = Field(description="What is wrong with it")
    location: str | None = Field(None, description="body, header, query or path")


class Problem(BaseModel):
    """An RFC 9457 problem detail (application/problem+json)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="A URI naming the kind of problem")
    title: str = Field(description="A short summary of the kind of problem")
    status: int = Field(description="The HTTP status code")
    detail: str = Field(description="What went wrong this time, in words a person understands")
    instance: str = Field(description="The path of the request")
    code: str = Field(description="A stable code: e.g. pledge_closed, own_pledge, invalid_input")
    request_id: str = Field(description="The id under which the server logged this request")
    errors: list[FieldError] | None = Field(None, description="For 422: each field at fault")
    current_version: int | None = Field(None, description="For 412: the pledge's version now")
    expected_version: int | None = Field(None, description="For 412: the version in If-Match")
