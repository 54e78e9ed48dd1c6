"""Shared fixtures: fixed seeds, settings pointing at temporary places, a shop on a real database."""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.importer import import_shop
from bot.wiring import Assistant, build_assistant
from tests.shopdata import write_shop

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _fixed_seeds() -> None:
    random.seed(1234)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(1234)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(1234)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        var_dir=tmp_path / "var",
        database_url=f"sqlite:///{tmp_path / 'var' / 'shop.db'}",
        chroma_path=tmp_path / "var" / "chroma",
        knowledge_dir=REPO / "knowledge",
    )


@pytest.fixture
def shop_dir(tmp_path: Path) -> Path:
    return write_shop(tmp_path / "export")


@pytest.fixture
def assistant(settings: Settings, shop_dir: Path) -> Iterator[Assistant]:
    built = build_assistant(settings)
    import_shop(built.sessions, shop_dir)
    yield built
    built.engine.dispose()


@pytest.fixture
def sessions(settings: Settings):  # type: ignore[no-untyped-def]
    engine = make_engine(settings.database_url)
    upgrade(engine)
    yield make_sessionmaker(engine)
    engine.dispose()
