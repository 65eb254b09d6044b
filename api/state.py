"""What the API holds per process: the container and the API's own stores."""

from __future__ import annotations

from dataclasses import dataclass

from api.authentication import Authenticator
from api.cache import RecentPositions
from api.waiting import PositionWatch
from infrastructure.idempotency import IdempotencyStore
from infrastructure.tokens import TokenStore
from service.bootstrap import Container


@dataclass
class Services:
    container: Container
    tokens: TokenStore
    auth: Authenticator
    idempotency: IdempotencyStore
    positions: RecentPositions
    watch: PositionWatch

    @classmethod
    def build(cls, container: Container) -> Services:
        settings = container.settings
        pool = container.database.pool(settings.pool_size)
        tokens, idempotency = TokenStore(pool), IdempotencyStore(pool)
        database = container.database
        auth = Authenticator(tokens, database.conninfo, settings.pool_size, database.availability)
        positions = RecentPositions(container, settings.read_position_ttl)
        watch = PositionWatch(container.queries.position)
        return cls(container, tokens, auth, idempotency, positions, watch)
