from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain import CatalogTerms
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.importer import import_shop
from bot.store.repositories import CatalogRepository
from bot.understanding.catalog_matcher import CatalogMatcher
from tests.conftest import REPO, database_url


@pytest.fixture(scope="session")
def demo_terms(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> CatalogTerms:
    """The demo shop's catalog, read back from a real database."""
    engine = make_engine(database_url(request, tmp_path_factory.mktemp("catalog")))
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    import_shop(sessions, REPO / "knowledge" / "shop")
    terms = CatalogRepository(sessions).terms()
    engine.dispose()
    return terms


@pytest.fixture(scope="session")
def catalog(demo_terms: CatalogTerms) -> CatalogMatcher:
    return CatalogMatcher(demo_terms)


@pytest.fixture
def knowledge() -> Path:
    return REPO / "knowledge"
