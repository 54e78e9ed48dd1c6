"""`bot ingest`: bring documents into the search index, incrementally.

An unchanged document (same content hash) is skipped, a changed one has its passages replaced, and
a document that disappeared from an ingested folder has its passages removed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from bot.domain import ProductTerm
from bot.errors import IngestError
from bot.retrieval.documents import Passage, discover, read_document
from bot.retrieval.hybrid import NO_PRODUCT
from bot.retrieval.index import PassageIndex
from bot.store.repositories import DocumentRepository

logger = logging.getLogger(__name__)

IngestProgress = Callable[[str, int, int, int], None]
"""Called with (document id, documents done, documents in all, passages written so far)."""


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    passages: int = 0
    seconds: float = 0.0

    @property
    def passages_per_second(self) -> float:
        return round(self.passages / self.seconds, 1) if self.seconds else 0.0


def ingest(
    paths: list[Path],
    *,
    index: PassageIndex,
    documents: DocumentRepository,
    products: list[ProductTerm],
    progress: IngestProgress | None = None,
) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    files = list(discover(paths))
    known = documents.indexed()
    by_name = {p.name.lower(): p for p in products}
    by_id = {p.id: p for p in products}
    seen: set[str] = set()
    for n, (file, root) in enumerate(files, 1):
        doc = read_document(file, root)
        if doc.id in seen:
            raise IngestError(f"{file}: two documents would share the id {doc.id!r}")
        seen.add(doc.id)
        previous = known.get(doc.id)
        if previous is not None and previous[0] == doc.content_hash:
            report.unchanged += 1
        else:
            passages = [_with_catalog(p, by_id, by_name) for p in doc.passages]
            if previous is not None:
                index.delete([pid for pid in previous[1] if pid not in {p.id for p in passages}])
            index.upsert(passages)
            documents.save(
                doc.id,
                str(file.resolve()),
                doc.doc_type,
                doc.content_hash,
                [p.id for p in passages],
            )
            report.passages += len(passages)
            if previous is None:
                report.added += 1
            else:
                report.updated += 1
        if progress is not None:
            progress(doc.id, n, len(files), report.passages)
    roots = [p.resolve() for p in paths if p.is_dir()]
    for doc_id, (_hash, passage_ids) in known.items():
        if doc_id in seen:
            continue
        source = documents.source(doc_id)
        if source is not None and any(Path(source).is_relative_to(r) for r in roots):
            index.delete(passage_ids)
            documents.forget(doc_id)
            report.removed += 1
    report.seconds = round(time.perf_counter() - started, 2)
    logger.info("ingest: %s", report)
    return report


def _named_in(text: str, products: list[ProductTerm]) -> ProductTerm | None:
    """The product an FAQ entry is about, by its brand and model words ("Aurora Pebble")."""
    lowered = text.lower()
    found = [p for p in products if " ".join(p.name.lower().split()[:2]) in lowered]
    if not found:
        return None
    return min(
        found, key=lambda p: (-sum(w in lowered for w in p.name.lower().split()), len(p.name))
    )


def _with_catalog(
    passage: Passage, by_id: dict[str, ProductTerm], by_name: dict[str, ProductTerm]
) -> Passage:
    """Add the product's brand and category, so searches can be narrowed to them."""
    named = str(passage.metadata.get("product", ""))
    product = by_id.get(named) or by_name.get(named.lower())
    if product is None and passage.metadata.get("doc_type") == "faq":
        product = _named_in(passage.text, list(by_id.values()))
    if product is None:
        return replace(passage, metadata={**passage.metadata, "product": NO_PRODUCT})
    extra = {"product": product.id, "product_name": product.name}
    if product.brand_id:
        extra["brand"] = product.brand_id
    if product.category_id:
        extra["category"] = product.category_id
    return replace(passage, metadata={**passage.metadata, **extra})
