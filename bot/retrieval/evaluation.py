"""`bot eval retrieval`: recall@1/5/10, MRR and latency for vector, BM25 and hybrid search."""

from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import ConfigError
from bot.retrieval.hybrid import Hit, HybridSearcher, Mode

CUTOFFS = (1, 5, 10)


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    language: str
    doc: str | None
    """A document id or a passage id (`faq/faq.jsonl#FAQ-012`)."""
    span: str | None
    """Text the right passage contains."""


def load_questions(path: Path) -> list[Question]:
    questions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            gold = row["gold"]
            doc, span = (
                (gold.get("doc"), gold.get("span")) if isinstance(gold, dict) else (gold, None)
            )
            questions.append(
                Question(
                    str(row.get("id", n)),
                    str(row["question"]),
                    str(row.get("language", "")),
                    doc,
                    span,
                )
            )
        except (json.JSONDecodeError, KeyError, AttributeError) as exc:
            raise ConfigError(f"{path}, line {n}: expected {{question, gold}}: {exc}") from exc
    if not questions:
        raise ConfigError(f"{path}: no questions")
    return questions


def _normal(text: str) -> str:
    return re.sub(r"[\s*_`]+", " ", text).strip().lower()


def is_relevant(hit: Hit, question: Question) -> bool:
    passage = hit.passage
    if question.doc is not None:
        same = (
            question.doc in (passage.id, passage.doc_id)
            or passage.doc_id.endswith("/" + question.doc)
            or passage.id.endswith("/" + question.doc)
        )
        if not same:
            return False
    if question.span is not None:
        # A bare string gold that is no document id is a text span.
        return _normal(question.span) in _normal(passage.text)
    return True


def evaluate(searcher: HybridSearcher, questions: list[Question], mode: Mode) -> dict[str, Any]:
    found_at: list[int | None] = []
    timings: list[float] = []
    for question in questions:
        started = time.perf_counter()
        hits = searcher.search(question.text, k=max(CUTOFFS), mode=mode)
        timings.append((time.perf_counter() - started) * 1000)
        found_at.append(next((i for i, h in enumerate(hits, 1) if is_relevant(h, question)), None))
    timings.sort()
    n = len(questions)
    return {
        **{f"recall@{k}": round(sum(1 for r in found_at if r and r <= k) / n, 4) for k in CUTOFFS},
        "mrr": round(sum(1 / r for r in found_at if r) / n, 4),
        "latency_ms": {
            "p50": round(statistics.median(timings), 2),
            "p95": round(timings[min(n - 1, int(n * 0.95))], 2),
        },
        "missed": [q.id for q, r in zip(questions, found_at, strict=True) if r is None],
    }
