"""The passages stage: find what the shop's documents say about the customer's question."""

from __future__ import annotations

import logging
import re

from bot.intents import KNOWLEDGE_INTENTS, POLICY_INTENTS
from bot.retrieval.hybrid import Hit, HybridSearcher, SearchFilter
from bot.turn import (
    Evidence,
    NoPassages,
    Passages,
    PassagesResult,
    SearchDown,
    Understanding,
)

logger = logging.getLogger(__name__)

TOP_K = 3
_ABOUT_REVIEWS = re.compile(
    r"\b(reviews?|people say|customers say|other (buyers|customers)|do people (like|find))\b"
    r"|评价|评论|买家|大家觉得",
    re.IGNORECASE,
)
MIN_SIMILARITY = 0.35
"""Below this question-passage cosine similarity, a passage found by vector search alone is not
trusted to answer the question."""


class PassageGatherer:
    def __init__(self, searcher: HybridSearcher) -> None:
        self._searcher = searcher
        self._indexed: int | None = None

    def warm_up(self) -> None:
        self._searcher.warm_up()
        if self.indexed() == 0:
            logger.warning(
                "the search index is empty or unreachable: knowledge questions will be told that "
                "search is down. Run `bot setup` (or `bot ingest PATH`) to build it."
            )

    def indexed(self) -> int:
        """Passages in the index (0 when it is empty or cannot be reached), read once."""
        if self._indexed is None:
            try:
                self._indexed = self._searcher.index.count()
            except Exception:
                logger.error("the search index cannot be read", exc_info=True)
                return 0
        return self._indexed

    def run(self, understanding: Understanding, text: str) -> PassagesResult:
        if understanding.intent not in KNOWLEDGE_INTENTS or understanding.is_uncertain:
            return NoPassages()
        if self.indexed() == 0:
            return SearchDown("the search index is empty")
        entities = understanding.entities
        filters = SearchFilter(
            product_ids=tuple(p.id for p in entities.products),
            category_ids=entities.categories,
            doc_types=("policy", "faq", "page", "pdf")
            if understanding.intent in POLICY_INTENTS
            else (),
        )
        try:
            hits = self._searcher.search(text, k=TOP_K, filters=filters)
        except Exception as exc:  # the Chroma server is down, the folder is gone, ...
            logger.error("search failed", exc_info=True)
            return SearchDown(type(exc).__name__)
        if not hits:
            return NoPassages()
        return Passages(tuple(as_evidence(h) for h in hits), is_confident=_trusted(hits[0]))


def _trusted(hit: Hit) -> bool:
    """Both searches agree on it, or its meaning is close to the question."""
    both = "vector" in hit.ranks and "bm25" in hit.ranks and min(hit.ranks.values()) <= 5
    return both or (hit.similarity or 0.0) >= MIN_SIMILARITY


def as_evidence(hit: Hit) -> Evidence:
    return Evidence(
        passage_id=hit.passage.id,
        doc_id=hit.passage.doc_id,
        text=hit.passage.text,
        title=hit.citation_title,
        doc_type=str(hit.passage.metadata.get("doc_type")),
        score=hit.score,
    )
