"""Hybrid passage search: vector (Chroma) and keyword (BM25) results fused by reciprocal rank,
then re-scored, with citations a reply can show."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.retrieval._bm25 import KeywordIndex, tokenize
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

    def is_empty(self) -> bool:
        return not (self.product_ids or self.category_ids or self.doc_types)

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


Reranker = Callable[[str, list[Hit]], list[Hit]]


class HybridSearcher:
    def __init__(self, index: PassageIndex, reranker: Reranker | None = None) -> None:
        self.index = index
        self.reranker = reranker
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
        for name, ranked in lists.items():
            for rank, (pid, _score) in enumerate(ranked, 1):
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank)
                ranks.setdefault(pid, {})[name] = rank
        ordered = sorted(fused, key=lambda pid: -fused[pid])
        hits = [
            Hit(self._by_id[pid], fused[pid], ranks[pid], similarity.get(pid)) for pid in ordered
        ]
        if rerank and self.reranker is not None and mode == "hybrid":
            hits = self.reranker(query, hits)
        return hits[:k]


class HeadingReranker:
    """Re-scores fused candidates with what fusion ignores: how much of the question the passage's
    own heading answers ("reset" in "Resetting the earbuds"), and exact product model numbers.

    No cross-encoder with weights is available offline; `bot eval retrieval` measures this one.
    """

    def __init__(self, heading_weight: float = 0.5) -> None:
        self.heading_weight = heading_weight

    def __call__(self, query: str, hits: list[Hit]) -> list[Hit]:
        if not hits:
            return hits
        wanted = set(tokenize(query))
        top = max(h.score for h in hits)
        rescored = []
        for hit in hits:
            meta = hit.passage.metadata
            heading = set(tokenize(f"{meta.get('title', '')} {meta.get('section', '')}"))
            overlap = len(wanted & heading) / len(wanted) if wanted else 0.0
            models = {w for w in wanted if re.search(r"\d", w)}
            model_bonus = 0.2 if models and models & set(tokenize(hit.passage.text)) else 0.0
            score = hit.score / top + self.heading_weight * overlap + model_bonus
            rescored.append(Hit(hit.passage, round(score, 5), hit.ranks, hit.similarity))
        return sorted(rescored, key=lambda h: -h.score)
