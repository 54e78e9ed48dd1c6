"""Store tests run twice: on SQLite and on a throwaway PostgreSQL cluster."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot.store.db import make_engine, make_sessionmaker, upgrade
from tests.pg import find_binary, postgres_cluster

_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    if not find_binary("initdb") or not find_binary("pg_ctl"):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed on this machine")
    with postgres_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    server: str = request.getfixturevalue("pg_server")
    name = f"test_{next(_counter)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    built = make_engine(db_url)
    upgrade(built)
    yield built
    built.dispose()


@pytest.fixture
def store_sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)
