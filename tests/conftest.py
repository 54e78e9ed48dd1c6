"""Shared fixtures: fixed seeds, settings pointing at temporary places, a shop on a real database."""

from __future__ import annotations

import itertools
import os
import random
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.settings import Settings
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.importer import import_shop
from bot.testing.runner import ConversationRunner
from bot.understanding.training import train
from bot.wiring import Assistant, build_assistant, nlu_training_config, nlu_training_data
from tests.pg import find_binary, postgres_cluster
from tests.shopdata import write_shop

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parent.parent
TEST_DATABASE = os.environ.get("BOT_TEST_DATABASE", "sqlite")
if TEST_DATABASE not in ("sqlite", "postgres"):
    raise SystemExit("BOT_TEST_DATABASE: must be sqlite or postgres")


@pytest.fixture(autouse=True)
def _fixed_seeds() -> None:
    random.seed(1234)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(1234)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(1234)


@pytest.fixture(scope="session")
def models_dir(request: pytest.FixtureRequest) -> Path:
    """The intent model trained with the shipped settings, once per cache (pytest's cache folder,
    so a clean checkout, like CI, trains it once per run, and a developer's reruns reuse it)."""
    root = Path(request.config.cache.mkdir("models"))
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        models_dir=root,
        knowledge_dir=REPO / "knowledge",
        public_data_dir=REPO / "data",
    )
    train(nlu_training_data(settings), nlu_training_config(settings), root)
    return root


@pytest.fixture
def settings(request: pytest.FixtureRequest, tmp_path: Path, models_dir: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        var_dir=tmp_path / "var",
        models_dir=models_dir,
        public_data_dir=REPO / "data",
        database_url=database_url(request, tmp_path / "var"),
        chroma_path=tmp_path / "var" / "chroma",
        knowledge_dir=REPO / "knowledge",
        llm_backend="template",  # deterministic replies; the model has tests of its own
        # Changes after email or name plus zip: the one-time code that the demo shop asks for on
        # top has its own tests (tests/actions/test_one_time_codes.py, the conversation suite).
        identity_for_changes="knowledge",
    )


@pytest.fixture
def shop_dir(tmp_path: Path) -> Path:
    return write_shop(tmp_path / "export")


NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
"""The tests' clock: after the test shop's orders, before ORD-20001's estimated delivery."""


@pytest.fixture
def assistant(settings: Settings, shop_dir: Path) -> Iterator[Assistant]:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    import_shop(make_sessionmaker(engine), shop_dir)
    engine.dispose()
    built = build_assistant(settings, clock=lambda: NOW)
    yield built
    built.engine.dispose()


_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    if not find_binary("initdb") or not find_binary("pg_ctl"):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed on this machine")
    with postgres_cluster() as url:
        yield url


def _postgres_database(request: pytest.FixtureRequest) -> str:
    """A new, empty database on the session's throwaway PostgreSQL cluster."""
    server: str = request.getfixturevalue("pg_server")
    name = f"test_{next(_counter)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server.rsplit("/", 1)[0] + f"/{name}"


def database_url(request: pytest.FixtureRequest, folder: Path, name: str = "shop") -> str:
    """A new database for a test: an SQLite file in `folder`, or with `BOT_TEST_DATABASE=postgres`
    (how CI runs the suite a second time) a database on a throwaway PostgreSQL cluster."""
    if TEST_DATABASE == "postgres":
        return _postgres_database(request)
    return f"sqlite:///{folder / f'{name}.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return _postgres_database(request)


@pytest.fixture(scope="session")
def conversation_runner(
    models_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ConversationRunner]:
    """One runner for the session: each shop is prepared (imported, indexed) once."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        var_dir=tmp_path_factory.mktemp("conversations"),
        models_dir=models_dir,
        knowledge_dir=REPO / "knowledge",
        public_data_dir=REPO / "data",
        llm_backend="template",
    )
    runner = ConversationRunner(settings, workers=2)
    yield runner
    runner.close()
