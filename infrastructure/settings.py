"""One Settings object, read from the environment (and an optional .env), checked at start-up."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from psycopg.conninfo import conninfo_to_dict
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from infrastructure.origins import embed_origins
from infrastructure.signing import SigningKeyError, decode_key

DEV_SECRET = "development-only-secret-change-me"  # noqa: S105
# An address as contacts have them (infrastructure/contacts.py), without a display name.
EMAIL = re.compile(r"[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:]+")
METRICS_TOKEN = re.compile(r"[\x21-\x7e]{24,200}")  # what an Authorization header can carry


class SettingsError(SystemExit):
    """A wrong setting: the message names the variable and says what is wrong."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    environment: Literal["development", "test", "production"] = Field(
        "development", description="development, test or production"
    )
    database_url: SecretStr | None = Field(
        None, description="PostgreSQL URL; unset starts an embedded PostgreSQL in PG_DATA_DIR"
    )
    data_dir: Path = Field(Path("var"), description="where local state lives")
    pg_data_dir: Path | None = Field(None, description="embedded PostgreSQL data folder")
    secret_key: SecretStr = Field(SecretStr(DEV_SECRET), description="signs sessions and links")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["auto", "json", "text"] = Field(
        "auto", description="auto: JSON in production, readable lines otherwise"
    )
    pool_size: int = Field(10, ge=1, le=200, description="database connections per process")
    read_position_ttl: float = Field(
        0.05, ge=0, le=5, description="seconds a read model's position is reused by reads"
    )
    aggregate_cache_size: int = Field(
        5000, ge=0, le=1_000_000, description="pledges kept in memory per process (0: none)"
    )
    lapse_grace_days: int = Field(
        90, ge=0, le=3650, description="days after a deadline before lapsing"
    )
    review_pledges: bool = Field(
        True,
        description="a new pledge waits for the Secretariat's review before it is public"
        " (true/false, on/off, 1/0)",
    )
    public_url: str = Field(
        "http://127.0.0.1:8000",
        description="the address people reach the service at (links); unset, `pledges serve`"
        " uses the host and port it serves (see served_at)",
    )
    # The deadline scan and its reminder rules.
    scan_time: str = Field(
        "06:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="daily deadline scan, HH:MM"
    )
    scan_timezone: str = Field("UTC", description="time zone of SCAN_TIME (IANA name)")
    reminder_days_before: str = Field(
        "30,7,1", pattern=r"^\d{1,4}(,\d{1,4})*$", description="reminders before a deadline"
    )
    overdue_every_days: int = Field(30, ge=1, le=3650, description="repeat overdue reminders")
    report_due_days: int = Field(
        365, ge=1, le=3650, description="remind when no progress report for this long"
    )
    # Mail: SMTP when SMTP_HOST is set, otherwise .eml files in MAIL_DIR.
    smtp_host: str | None = Field(None, description="SMTP server; unset writes .eml files")
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_security: Literal["none", "starttls", "tls"] = Field(
        "starttls", description="none, starttls or tls (implicit TLS)"
    )
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout: float = Field(10.0, gt=0, le=300)
    mail_from: str = Field(
        "GCM Pledges <no-reply@pledges.example.org>", description="From: of reminders"
    )
    mail_dir: Path | None = Field(None, description="where .eml files go; default DATA_DIR/mail")
    secretariat_email: str = Field(
        "secretariat@pledges.example.org",
        description="the Secretariat's address: Reply-To of every mail, so answers reach people",
    )
    reminder_link_days: int = Field(
        7, ge=1, le=30, description="days a reminder's sign-in link works (once)"
    )
    registrations_per_address: int = Field(
        10, ge=1, le=10_000, description="registration requests per client address and hour"
    )
    registrations_per_email: int = Field(
        3, ge=1, le=100, description="registration requests per focal point's email and hour"
    )
    metrics_token: SecretStr | None = Field(
        None, description="bearer token for /metrics; unset: open, or off in production"
    )
    audit_signing_key: SecretStr | None = Field(
        None,
        description="Ed25519 private key (32 bytes, base64) signing the event log's checkpoints;"
        " unset: DATA_DIR/audit_signing_key, made on first start",
    )
    embed_origins: str = Field(
        "",
        description="origins that may frame /embed/* and read the public API cross-site,"
        " comma-separated (https://www.example.org), or *; empty: none",
    )
    # The consolidated report's documents (GET /reports/consolidated.pdf, .docx).
    report_wait_seconds: float = Field(
        5.0, ge=0, le=120, description="a report taking longer is made in the background (202)"
    )
    report_cache_files: int = Field(
        20, ge=1, le=10_000, description="report documents kept in DATA_DIR/reports"
    )
    report_cache_mib: int = Field(
        500, ge=1, le=100_000, description="at most this much of them (MiB)"
    )

    @field_validator("database_url")
    @classmethod
    def check_database_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        url = value.get_secret_value()
        if not re.match(r"^postgres(ql)?://", url):
            raise ValueError("must be a postgresql:// URL")
        try:
            conninfo_to_dict(url)
        except Exception as error:  # psycopg raises ProgrammingError for bad URLs
            raise ValueError(f"is not a valid PostgreSQL URL ({type(error).__name__})") from None
        return value

    @field_validator("secretariat_email")
    @classmethod
    def check_secretariat_email(cls, value: str) -> str:
        value = value.strip()
        if len(value) > 254 or not EMAIL.fullmatch(value):
            raise ValueError(f"{value[:80]!r} is not an email address such as name@example.org")
        return value

    @field_validator("metrics_token")
    @classmethod
    def check_metrics_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not METRICS_TOKEN.fullmatch(value.get_secret_value()):
            raise ValueError("must be 24 to 200 printable characters without spaces")
        return value

    @field_validator("audit_signing_key")
    @classmethod
    def check_audit_signing_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        try:
            decode_key(value.get_secret_value())
        except SigningKeyError as error:
            raise ValueError(f"{error} (make one with `pledges audit new-key`)") from None
        return value

    @field_validator("embed_origins")
    @classmethod
    def check_embed_origins(cls, value: str) -> str:
        return ",".join(embed_origins(value))

    @model_validator(mode="after")
    def refuse_default_secret(self) -> Settings:
        if self.environment == "production" and self.secret_key.get_secret_value() == DEV_SECRET:
            raise ValueError("SECRET_KEY must be set to a long random value in production")
        if self.environment == "production" and len(self.secret_key.get_secret_value()) < 32:
            raise ValueError("SECRET_KEY must be at least 32 characters in production")
        return self

    @field_validator("scan_timezone")
    @classmethod
    def check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone such as Europe/Geneva") from None
        return value

    def served_at(self, host: str, port: int) -> Settings:
        """These settings for a server listening on host:port: unless PUBLIC_URL is set,
        emailed links point there. Never a request's own Host: a client chooses that one."""
        if "public_url" in self.model_fields_set:
            return self
        return self.model_copy(update={"public_url": served_url(host, port)})

    @property
    def embed_origin_list(self) -> tuple[str, ...]:
        """The origins of EMBED_ORIGINS, checked; ("*",) for any."""
        return embed_origins(self.embed_origins)

    @property
    def reminder_offsets(self) -> list[int]:
        return sorted({int(d) for d in self.reminder_days_before.split(",")}, reverse=True)

    @property
    def mail_folder(self) -> Path:
        return (self.mail_dir or self.data_dir / "mail").resolve()

    @property
    def reports_dir(self) -> Path:
        return (self.data_dir / "reports").resolve()

    @cached_property
    def embedded_data_dir(self) -> Path:
        return (self.pg_data_dir or self.data_dir / "pg").resolve()

    @property
    def is_development(self) -> bool:
        return self.environment == "development"


def served_url(host: str, port: int) -> str:
    """How a browser on this machine reaches a server listening on host:port."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - every interface: this machine's name
        host = "localhost"
    elif ":" in host:
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port}"


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, or a SettingsError that names the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = []
        for item in error.errors():
            name = "_".join(str(p) for p in item["loc"]).upper() or "settings"
            problems.append(f"{name}: {item['msg']}")
        raise SettingsError("Invalid settings:\n  " + "\n  ".join(problems)) from None
