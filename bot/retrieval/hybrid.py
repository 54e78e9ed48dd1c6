"""Hybrid passage search: vector (Chroma) and keyword (BM25) results fused by reciprocal rank,
with citations a reply can show.

A reranking stage (heading overlap and model numbers; no cross-encoder with weights is available
offline) was measured with `bot eval retrieval` and lowered recall@1 from 0.48 to 0.40, so it was
dropped. Fusion instead weighs the vector list by whether the embedding model knows the
question's language: the default model is English-only (Chinese recall@10 0.23 by vector, 0.61 by
BM25), so for Chinese the keyword list leads."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.language import detect_language
from bot.retrieval._bm25 import KeywordIndex
from bot.retrieval.documents import Passage
from bot.retrieval.index import PassageIndex

logger = logging.getLogger(__name__)

Mode = Literal["vector", "bm25", "hybrid"]
RRF_K = 60
CANDIDATES = 30
NO_PRODUCT = "none"
"""The `product` of passages about the shop as a whole, which stay searchable when a product
narrows the search (Chroma cannot filter on a missing key)."""


@dataclass(frozen=True)
class SearchFilter:
    """What the conversation says the question is about."""

    product_ids: tuple[str, ...] = ()
    category_ids: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()

    def chroma_where(self) -> dict[str, Any] | None:
        about: list[dict[str, Any]] = []
        if self.product_ids:
            about.append({"product": {"$in": [*self.product_ids, NO_PRODUCT]}})
        if self.category_ids:
            about.append({"category": {"$in": list(self.category_ids)}})
            about.append({"product": NO_PRODUCT})
        clauses: list[dict[str, Any]] = []
        if about:
            clauses.append(about[0] if len(about) == 1 else {"$or": about})
        if self.doc_types:
            clauses.append({"doc_type": {"$in": list(self.doc_types)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def keeps(self, passage: Passage) -> bool:
        meta = passage.metadata
        if self.doc_types and meta.get("doc_type") not in self.doc_types:
            return False
        if not (self.product_ids or self.category_ids):
            return True
        return (
            meta.get("product") in self.product_ids
            or meta.get("category") in self.category_ids
            or meta.get("product") in (NO_PRODUCT, None)
        )


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    ranks: dict[str, int] = field(default_factory=dict)
    """Rank of the passage in each list it came from (vector, bm25), 1-based."""
    similarity: float | None = None
    """Cosine similarity of question and passage, when vector search found it."""

    @property
    def citation_title(self) -> str:
        meta = self.passage.metadata
        if meta.get("doc_type") == "review":
            who = meta.get("author") or "a customer"
            when = f", {meta['date']}" if meta.get("date") else ""
            return f"Review by {who}{when}"
        section = meta.get("section")
        return f"{meta.get('title', self.passage.doc_id)}" + (f" — {section}" if section else "")


class HybridSearcher:
    def __init__(
        self,
        index: PassageIndex,
        *,
        vector_languages: tuple[str, ...] = ("en",),
        foreign_vector_weight: float = 0.2,
    ) -> None:
        self.index = index
        self._vector_languages = vector_languages
        self._foreign_vector_weight = foreign_vector_weight
        self._keywords: KeywordIndex | None = None
        self._by_id: dict[str, Passage] = {}

    def warm_up(self) -> None:
        if self._keywords is None:
            self.refresh()

    def refresh(self) -> None:
        """Re-read the passages (after an ingest) for the keyword index."""
        self.index.embedder.warm_up()
        passages = self.index.all()
        self._by_id = {p.id: p for p in passages}
        self._keywords = KeywordIndex(passages)
        logger.info("keyword index over %d passages", len(passages))

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        filters: SearchFilter | None = None,
        mode: Mode = "hybrid",
        rerank: bool = True,
    ) -> list[Hit]:
        self.warm_up()
        assert self._keywords is not None
        filters = filters or SearchFilter()
        lists: dict[str, list[tuple[str, float]]] = {}
        if mode in ("vector", "hybrid"):
            lists["vector"] = [
                (pid, s)
                for pid, s in self.index.query(query, CANDIDATES, filters.chroma_where())
                if pid in self._by_id
            ]
        if mode in ("bm25", "hybrid"):
            lists["bm25"] = self._keywords.search(query, CANDIDATES, filters.keeps)
        fused: dict[str, float] = {}
        ranks: dict[str, dict[str, int]] = {}
        similarity = dict(lists.get("vector", []))
        weights = {"vector": 1.0, "bm25": 1.0}
        if detect_language(query) not in self._vector_languages:
            weights["vector"] = self._foreign_vector_weight
        for name, ranked in lists.items():
            for rank, (pid, _score) in enumerate(ranked, 1):
                fused[pid] = fused.get(pid, 0.0) + weights[name] / (RRF_K + rank)
                ranks.setdefault(pid, {})[name] = rank
        ordered = sorted(fused, key=lambda pid: -fused[pid])
        hits = [
            Hit(self._by_id[pid], fused[pid], ranks[pid], similarity.get(pid)) for pid in ordered
        ]
        return hits[:k]
