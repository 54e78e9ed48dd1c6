"""Score an intent classifier on a labelled CSV: accuracy, macro-F1, per-intent figures,
out-of-scope recall, confusions and latency, optionally beside a TF-IDF + logistic-regression
baseline trained on the same data."""

from __future__ import annotations

import csv
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import ConfigError
from bot.intents import ALL_INTENTS, OUT_OF_SCOPE
from bot.understanding import intent_words
from bot.understanding.classifier import IntentGuess
from bot.understanding.entities import extract_entities
from bot.understanding.nlu_data import Example, map_label

LATENCY_SAMPLE = 200


@dataclass(frozen=True)
class LabelledSet:
    texts: list[str]
    labels: list[str]
    skipped: int
    """Rows whose label has no counterpart among ours."""


def read_labelled_csv(
    path: Path,
    text_column: str = "text",
    label_column: str = "label",
    mapping: dict[str, str | None] | None = None,
    *,
    variant: str | None = None,
) -> LabelledSet:
    """A CSV's rows with one of our labels; with `variant`, only rows whose `variant` column
    has that value."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {text_column, label_column} - set(reader.fieldnames or [])
        if missing:
            raise ConfigError(
                f"{path}: no column(s) {sorted(missing)}; columns are {reader.fieldnames}"
            )
        texts, labels, skipped = [], [], 0
        for row in reader:
            if variant is not None and row.get("variant") != variant:
                continue
            label = map_label(row[label_column].strip(), mapping or {})
            if label is None or label not in ALL_INTENTS:
                skipped += 1
                continue
            texts.append(row[text_column])
            labels.append(label)
    if not texts:
        raise ConfigError(f"{path}: no rows with one of our intents (use --map?)")
    return LabelledSet(texts, labels, skipped)


def score(gold: Sequence[str], guesses: Sequence[IntentGuess]) -> dict[str, Any]:
    """Metrics where an uncertain guess counts as not acting (like out_of_scope)."""
    predicted = [g.intent for g in guesses]
    acted = [OUT_OF_SCOPE if g.is_uncertain else g.intent for g in guesses]
    labels = sorted(set(gold) | set(predicted))
    per_intent: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label != g)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label != p)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_intent[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": tp + fn,
        }
    in_gold = [label for label in labels if per_intent[label]["support"]]
    oos = [a for g, a in zip(gold, acted, strict=True) if g == OUT_OF_SCOPE]
    confusions = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return {
        "examples": len(gold),
        "accuracy": round(sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold), 4),
        "accuracy_acting": round(
            sum(g == a for g, a in zip(gold, acted, strict=True)) / len(gold), 4
        ),
        "macro_f1": round(statistics.fmean(per_intent[label]["f1"] for label in in_gold), 4),
        "oos_recall": round(sum(a == OUT_OF_SCOPE for a in oos) / len(oos), 4) if oos else None,
        "in_scope_rejected": round(
            sum(
                p == OUT_OF_SCOPE for g, p in zip(gold, predicted, strict=True) if g != OUT_OF_SCOPE
            )
            / max(1, sum(g != OUT_OF_SCOPE for g in gold)),
            4,
        ),
        "uncertain_share": round(sum(g.is_uncertain for g in guesses) / len(guesses), 4),
        "per_intent": per_intent,
        "confusions": [
            {"gold": g, "predicted": p, "count": n} for (g, p), n in confusions.most_common(15)
        ],
    }


def latency_ms(classify: Callable[[str], IntentGuess], texts: Sequence[str]) -> dict[str, float]:
    """Per-turn latency of entity extraction plus classification, one message at a time."""
    sample = list(texts[:LATENCY_SAMPLE])
    for text in sample[:5]:
        classify(text)  # warm caches
    timings = []
    for text in sample:
        started = time.perf_counter()
        extract_entities(text)
        classify(text)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50": round(timings[len(timings) // 2], 2),
        "p95": round(timings[min(len(timings) - 1, int(len(timings) * 0.95))], 2),
    }


class TfidfBaseline:
    """TF-IDF (word and character n-grams) + logistic regression: the classic strong baseline."""

    def __init__(self, seed: int = 42) -> None:
        self._pipeline = intent_words.build(seed)

    def fit(self, examples: Sequence[Example]) -> TfidfBaseline:
        self._pipeline.fit([e.text for e in examples], [e.intent for e in examples])
        return self

    def classify_many(self, texts: Sequence[str]) -> list[IntentGuess]:
        probabilities = self._pipeline.predict_proba(list(texts))
        classes = self._pipeline.classes_
        return [
            IntentGuess(str(classes[row.argmax()]), round(float(row.max()), 4))
            for row in probabilities
        ]

    def classify(self, text: str) -> IntentGuess:
        return self.classify_many([text])[0]


def report_sets(heldout_dir: Path, eval_dir: Path) -> dict[str, LabelledSet]:
    """Every set that is only ever reported: the held-out parts training wrote beside the model,
    and the project's report-only sets (`knowledge/eval/nlu/*.csv`). A set with a `variant`
    column is also reported per variant."""
    sets: dict[str, LabelledSet] = {}
    for path in sorted(heldout_dir.glob("*.csv")) + sorted(eval_dir.glob("*.csv")):
        sets[path.stem] = read_labelled_csv(path)
        with path.open(encoding="utf-8", newline="") as handle:
            variants = sorted({row.get("variant") or "" for row in csv.DictReader(handle)} - {""})
        for name in variants if len(variants) > 1 else []:
            sets[f"{path.stem}[{name}]"] = read_labelled_csv(path, variant=name)
    return sets
