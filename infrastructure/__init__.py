"""The infrastructure floor: the database and its pool, the event recorder and mapper,
migrations, the stores outside the event store, mail transport, settings and logging."""
