from __future__ import annotations

import json
from pathlib import Path

from bot.retrieval.embedder import Embedder
from bot.retrieval.index import PassageIndex
from bot.retrieval.ingest import ingest
from bot.store.repositories import DocumentRepository


def test_ingest_is_incremental(tmp_path: Path, sessions, embedder: Embedder) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "returns.md").write_text(
        "---\ntitle: Returns\npolicy: returns\n---\n"
        "# Returns\n## Window\nReturn within 30 days.\n"
        "## Costs\nReturns of defective items are free.\n"
    )
    (folder / "faq.jsonl").write_text(
        json.dumps({"id": "F1", "question": "Do you ship abroad?", "answer": "No."}) + "\n"
    )
    index = PassageIndex(embedder, path=tmp_path / "chroma")
    documents = DocumentRepository(sessions)

    first = ingest([folder], index=index, documents=documents, products=[])
    assert (first.added, first.passages, index.count()) == (2, 3, 3)

    again = ingest([folder], index=index, documents=documents, products=[])
    assert (again.added, again.updated, again.unchanged, again.passages) == (0, 0, 2, 0)

    (folder / "returns.md").write_text(
        "---\ntitle: Returns\n---\n# Returns\n## Window\nReturn within 45 days.\n"
    )
    changed = ingest([folder], index=index, documents=documents, products=[])
    assert (changed.updated, changed.unchanged) == (1, 1)
    texts = {p.text for p in index.all()}
    assert "Return within 45 days." in texts and "Return within 30 days." not in texts
    assert index.count() == 2

    (folder / "faq.jsonl").unlink()
    gone = ingest([folder], index=index, documents=documents, products=[])
    assert gone.removed == 1 and index.count() == 1
    assert set(documents.indexed()) == {"docs/returns.md"}


def test_passages_get_the_products_brand_and_category(demo_index: PassageIndex) -> None:
    passage = next(p for p in demo_index.all() if p.id == "manuals/P-1002.md#0")
    assert passage.metadata["product"] == "P-1002"
    assert passage.metadata["brand"] == "aurora-audio"
    assert passage.metadata["category"] == "earbuds"
    review = next(p for p in demo_index.all() if p.metadata.get("doc_type") == "review")
    assert review.metadata["product"].startswith("P-") and "category" in review.metadata
