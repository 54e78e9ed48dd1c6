"""Server mode: the same index through `chromadb.HttpClient` against a real `chroma run`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.retrieval.embedder import Embedder
from bot.retrieval.hybrid import HybridSearcher
from bot.retrieval.index import PassageIndex
from bot.retrieval.ingest import ingest
from bot.store.repositories import DocumentRepository
from tests.pg import free_port, wait_for_http
from tests.retrieval.conftest import KNOWLEDGE

pytestmark = pytest.mark.slow


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    executable = Path(sys.executable).parent / "chroma"
    if not executable.exists():
        executable = Path(shutil.which("chroma") or "chroma")
    port = free_port()
    log = (tmp_path / "chroma.log").open("w")
    process = subprocess.Popen(
        [
            str(executable),
            "run",
            "--path",
            str(tmp_path / "server-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/api/v2/heartbeat", process, tmp_path / "chroma.log", timeout_s=30)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_ingest_and_search_through_a_chroma_server(
    chroma_server: str, sessions, embedder: Embedder
) -> None:
    index = PassageIndex(embedder, url=chroma_server)
    report = ingest(
        [KNOWLEDGE / "policies"], index=index, documents=DocumentRepository(sessions), products=[]
    )
    assert report.added >= 6 and index.count() == report.passages
    searcher = HybridSearcher(index)
    hits = searcher.search("how long do I have to return an item", k=3)
    assert hits[0].passage.doc_id.startswith("policies/returns")
    # A second client (another app process) sees the same collection.
    assert PassageIndex(embedder, url=chroma_server).count() == report.passages
