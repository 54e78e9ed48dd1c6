"""Hybrid retrieval latency over 10,000 passages (target, issue 4: under 50 ms p50 on 2 cores).

    .venv/bin/python bench/retrieval_latency.py [--passages 10000] [--keep DIR]

It cuts the demo shop's documents into passages, varies them into the requested number of distinct
passages (other product names and model numbers, sentences reordered), indexes them in a fresh
embedded Chroma collection, then times vector, BM25 and hybrid search for the questions in
knowledge/eval/retrieval.jsonl, one at a time. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.retrieval.documents import Passage, discover, read_document  # noqa: E402
from bot.retrieval.embedder import Embedder  # noqa: E402
from bot.retrieval.evaluation import load_questions  # noqa: E402
from bot.retrieval.hybrid import HybridSearcher  # noqa: E402
from bot.retrieval.index import PassageIndex  # noqa: E402

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


def synthetic(base: list[Passage], count: int, seed: int = 7) -> list[Passage]:
    rng = random.Random(seed)
    passages = list(base)
    while len(passages) < count:
        source = rng.choice(base)
        n = len(passages)
        sentences = re.split(r"(?<=[.!?。])\s+", source.text)
        rng.shuffle(sentences)
        text = re.sub(
            r"\b([A-Z][a-z]+) ([A-Z]?[A-Za-z]*\d[\w.-]*)\b",
            lambda m, n=n: f"{m.group(1)} X{n}",
            " ".join(sentences),
        )
        passages.append(
            replace(
                source,
                id=f"synthetic/{n}#0",
                doc_id=f"synthetic/{n}",
                text=text,
                metadata={
                    **source.metadata,
                    "source": f"synthetic/{n}",
                    "product": f"SYN-{n % 500}",
                },
            )
        )
    return passages[:count]


def timed(searcher: HybridSearcher, questions: list[str], mode: str) -> dict[str, float]:
    timings = []
    for question in questions:
        started = time.perf_counter()
        searcher.search(question, k=10, mode=mode)  # type: ignore[arg-type]
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="index folder to keep (default: temporary)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-retrieval-"))
    base = [
        p
        for d in ("manuals", "policies", "faq", "reviews")
        for f, root in discover([KNOWLEDGE / d])
        for p in read_document(f, root).passages
    ]
    passages = synthetic(base, args.passages)
    embedder = Embedder()
    embedder.warm_up()
    index = PassageIndex(embedder, path=folder / "chroma")
    started = time.perf_counter()
    if index.count() < len(passages):
        index.upsert(passages)
    indexing_s = time.perf_counter() - started
    searcher = HybridSearcher(index)
    started = time.perf_counter()
    searcher.warm_up()
    warm_up_s = time.perf_counter() - started
    questions = [q.text for q in load_questions(KNOWLEDGE / "eval" / "retrieval.jsonl")]
    timed(searcher, questions[:10], "hybrid")
    print(
        json.dumps(
            {
                "passages": index.count(),
                "indexing_s": round(indexing_s, 1),
                "passages_per_s": round(len(passages) / indexing_s, 1) if indexing_s > 1 else None,
                "keyword_index_build_s": round(warm_up_s, 2),
                "questions": len(questions),
                "vector": timed(searcher, questions, "vector"),
                "bm25": timed(searcher, questions, "bm25"),
                "hybrid": timed(searcher, questions, "hybrid"),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
