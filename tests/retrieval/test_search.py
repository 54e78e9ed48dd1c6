from __future__ import annotations

import pytest

from bot.retrieval.hybrid import HybridSearcher, SearchFilter


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what does a blinking orange light mean on the smart plug", "P-1021"),
        ("how do I descale the espresso machine", "P-1030"),
        ("how long until my refund shows up on my credit card", "refund"),
    ],
)
def test_hybrid_search_finds_the_right_document(
    demo_searcher: HybridSearcher, question: str, expected: str
) -> None:
    hits = demo_searcher.search(question, k=3)
    assert any(expected in h.passage.id or expected in h.citation_title.lower() for h in hits)


def test_chinese_questions_find_chinese_passages(demo_searcher: HybridSearcher) -> None:
    hits = demo_searcher.search("扫地机器人的尘盒怎么清理", k=3)
    assert hits[0].passage.metadata["language"] == "zh"
    assert "P-1040.zh.md" in hits[0].passage.doc_id


def test_keyword_search_alone_handles_chinese(demo_searcher: HybridSearcher) -> None:
    hits = demo_searcher.search("退货期限", k=5, mode="bm25")
    assert hits and all(h.passage.metadata["language"] == "zh" for h in hits[:3])


def test_a_product_narrows_the_search(demo_searcher: HybridSearcher) -> None:
    narrowed = demo_searcher.search(
        "how long does the battery last", k=10, filters=SearchFilter(product_ids=("P-1050",))
    )
    products = {h.passage.metadata.get("product") for h in narrowed}
    assert products <= {"P-1050", "none"}
    assert narrowed[0].passage.metadata.get("product") == "P-1050"


def test_hits_carry_citations(demo_searcher: HybridSearcher) -> None:
    hit = demo_searcher.search("how do I reset the pebble earbuds", k=1)[0]
    assert hit.citation_title and hit.passage.id.startswith(("faq/", "manuals/P-1002"))
    review = demo_searcher.search(
        "reviews of the Boom 2 battery", k=5, filters=SearchFilter(doc_types=("review",))
    )[0]
    assert review.citation_title.startswith("Review by ")
