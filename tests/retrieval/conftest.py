from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.retrieval.embedder import Embedder
from bot.retrieval.hybrid import HybridSearcher
from bot.retrieval.index import PassageIndex
from bot.retrieval.ingest import ingest
from bot.store.db import make_engine, make_sessionmaker, upgrade
from bot.store.importer import import_shop
from bot.store.repositories import CatalogRepository, DocumentRepository
from tests.conftest import REPO, database_url

KNOWLEDGE = REPO / "knowledge"
DEMO_DIRS = [KNOWLEDGE / d for d in ("manuals", "policies", "faq", "reviews")]


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    model = Embedder()
    model.warm_up()
    return model


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Holds the demo shop's database (`shop.db`) and search index (`chroma/`)."""
    return tmp_path_factory.mktemp("demo-index")


@pytest.fixture(scope="session")
def demo_database(request: pytest.FixtureRequest, demo_folder: Path) -> str:
    """The URL of the demo shop's database, which `demo_index` fills."""
    return database_url(request, demo_folder)


@pytest.fixture(scope="session")
def demo_index(demo_database: str, demo_folder: Path, embedder: Embedder) -> Iterator[PassageIndex]:
    """The demo shop's documents, ingested once into a real Chroma collection."""
    folder = demo_folder
    engine = make_engine(demo_database)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    import_shop(sessions, KNOWLEDGE / "shop")
    index = PassageIndex(embedder, path=folder / "chroma")
    ingest(
        DEMO_DIRS,
        index=index,
        documents=DocumentRepository(sessions),
        products=list(CatalogRepository(sessions).terms().products),
    )
    yield index
    engine.dispose()


@pytest.fixture(scope="session")
def demo_searcher(demo_index: PassageIndex) -> HybridSearcher:
    searcher = HybridSearcher(demo_index)
    searcher.warm_up()
    return searcher


@pytest.fixture
def sessions(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(database_url(request, tmp_path, "docs"))
    upgrade(engine)
    yield make_sessionmaker(engine)
    engine.dispose()
