"""Training and evaluation examples for the intent classifier.

The project's own hand-written examples (`knowledge/nlu/*.yml`, Rasa's format) are enough to train a
working model. Where `../shared/data/` is present, public sets add to them: Bitext's 27 intents,
CLINC150 and Banking77 mapped through `knowledge/nlu/maps/` (mostly as out-of-scope negatives).
"""

from __future__ import annotations

import csv
import random
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.errors import ConfigError
from bot.intents import ALL_INTENTS, OUT_OF_SCOPE

CLINC_VALIDATION_START = 15100
"""CLINC150's file holds train rows (150 x 100 + 100 oos) and then validation rows."""
MAX_PER_BITEXT_INTENT = 500
"""Bitext's sample is lopsided (4,366 payment_issue, 36 cancel_order); capping keeps one intent
from dominating, and training shorter."""
MAX_PER_FOREIGN_OOS_LABEL = 25
"""Caps each foreign label that becomes out_of_scope, so negatives do not swamp the shop intents."""


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    source: str
    """project, bitext, clinc150, banking77 ..."""


def load_rasa_yaml(path: Path) -> list[Example]:
    """Read `nlu: - intent: X / examples: | - text` files; unknown intents are an error."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    examples = []
    for n, block in enumerate(data.get("nlu") or [], 1):
        intent = block.get("intent") if isinstance(block, dict) else None
        if intent not in ALL_INTENTS:
            raise ConfigError(f"{path}: block {n}: unknown intent {intent!r}")
        for line in str(block.get("examples") or "").splitlines():
            text = re.sub(r"^\s*-\s?", "", line).strip()
            if text:
                examples.append(Example(text, intent, "project"))
    return examples


def project_examples(nlu_dir: Path) -> list[Example]:
    files = sorted(nlu_dir.glob("*.yml"))
    if not files:
        raise ConfigError(f"no NLU examples (*.yml) in {nlu_dir}")
    return [example for file in files for example in load_rasa_yaml(file)]


def load_label_map(path: Path) -> dict[str, str | None]:
    """foreign label -> our label, None to drop it; the key `*` is the default."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    mapping: dict[str, str | None] = {}
    for n, row in enumerate(rows, 2):
        ours = (row.get("ours") or "").strip() or None
        if ours is not None and ours not in ALL_INTENTS:
            raise ConfigError(f"{path}, line {n}: {ours!r} is not one of our intents")
        mapping[(row.get("foreign") or "").strip()] = ours
    return mapping


def map_label(label: str, mapping: dict[str, str | None]) -> str | None:
    if label in mapping:
        return mapping[label]
    if label in ALL_INTENTS:
        return label
    return mapping.get("*")


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _mapped(
    rows: Iterable[tuple[str, str]], mapping: dict[str, str | None], source: str, seed: int
) -> list[Example]:
    by_foreign: dict[str, list[str]] = defaultdict(list)
    for text, label in rows:
        by_foreign[label].append(text)
    rng = random.Random(seed)
    examples = []
    for label in sorted(by_foreign):
        ours = map_label(label, mapping)
        if ours is None:
            continue
        texts = by_foreign[label]
        if ours == OUT_OF_SCOPE and label != "oos":
            texts = rng.sample(texts, min(len(texts), MAX_PER_FOREIGN_OOS_LABEL))
        examples += [Example(t, ours, source) for t in texts]
    return examples


@dataclass(frozen=True)
class SharedSets:
    """What `../shared/data/` adds, split so that nothing evaluated on was trained on."""

    train: list[Example]
    bitext_test: list[Example]
    clinc_validation_oos: list[Example]


def shared_examples(
    data_dir: Path, maps_dir: Path, *, seed: int, test_share: float = 0.1
) -> SharedSets | None:
    """Examples derived from the public sets, or None when they are not on this machine."""
    bitext = data_dir / "bitext" / "bitext_cs_20k_utterances.csv"
    if not bitext.is_file():
        return None
    rng = random.Random(seed)
    by_intent: dict[str, list[Example]] = defaultdict(list)
    seen: set[str] = set()
    for row in _csv_rows(bitext):
        text = row["utterance"].strip()
        if text not in seen:  # the sample repeats some utterances; keep test and train apart
            seen.add(text)
            by_intent[row["intent"]].append(Example(text, row["intent"], "bitext"))
    train: list[Example] = []
    test: list[Example] = []
    for intent in sorted(by_intent):
        rows = by_intent[intent]
        rng.shuffle(rows)
        cut = max(1, int(len(rows) * test_share))
        test += rows[:cut]
        train += rows[cut:][:MAX_PER_BITEXT_INTENT]

    clinc = data_dir / "clinc150" / "train.csv"
    validation_oos: list[Example] = []
    if clinc.is_file():
        clinc_rows = [(r["text"], r["intent"]) for r in _csv_rows(clinc)]
        train += _mapped(
            clinc_rows[:CLINC_VALIDATION_START],
            load_label_map(maps_dir / "clinc150.csv"),
            "clinc150",
            seed,
        )
        validation_oos = [
            Example(t, OUT_OF_SCOPE, "clinc150")
            for t, label in clinc_rows[CLINC_VALIDATION_START:]
            if label == "oos"
        ]
    banking = data_dir / "banking77" / "train.csv"
    if banking.is_file():
        banking_rows = [(r["text"], r["category"]) for r in _csv_rows(banking)]
        train += _mapped(
            banking_rows, load_label_map(maps_dir / "banking77.csv"), "banking77", seed
        )
    return SharedSets(train=train, bitext_test=test, clinc_validation_oos=validation_oos)


def split_holdout(
    examples: list[Example], *, share: float, seed: int
) -> tuple[list[Example], list[Example]]:
    """A stratified (train, held-out) split, at least one held-out example per intent."""
    rng = random.Random(seed)
    by_intent: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_intent[example.intent].append(example)
    train: list[Example] = []
    held: list[Example] = []
    for intent in sorted(by_intent):
        rows = list(by_intent[intent])
        rng.shuffle(rows)
        cut = max(1, round(len(rows) * share)) if len(rows) > 2 else 0
        held += rows[:cut]
        train += rows[cut:]
    return train, held
