"""Alembic environment: runs migrations on the connection we pass in, or on the configured URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from bot.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    url = os.environ.get("BOT_DATABASE_URL") or config.get_main_option("sqlalchemy.url") or ""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            _run_on(conn)
    finally:
        engine.dispose()


def _run_on(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
