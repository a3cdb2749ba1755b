"""Alembic environment: runs on the connection Waypost hands it, or on WAYPOST_DATABASE_URL."""

import os

from alembic import context
from sqlalchemy import create_engine

from bot.storage.database import DEFAULT_DATABASE_URL
from bot.storage.models import Base

target_metadata = Base.metadata


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    url = os.environ.get("WAYPOST_DATABASE_URL") or DEFAULT_DATABASE_URL
    with create_engine(url).begin() as own_connection:
        _migrate(own_connection)


def _migrate(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only alter tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
