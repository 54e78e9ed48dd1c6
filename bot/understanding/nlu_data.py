"""Training, calibration and evaluation examples for the intent classifier.

Two kinds of examples ship with the repository:
- the project's hand-written ones (`knowledge/nlu/*.yml`, Rasa's format), in English and Chinese;
- public sets under `data/` (see `data/README.md`): Bitext's 4.5K customer-support set, CLINC150
  and Banking77, their labels mapped to ours through `knowledge/nlu/maps/`.

Every source is split three ways: training, calibration (which sets the temperature and the
thresholds) and held-out (which is only ever reported). The split groups texts that are equal after
lower-casing and masking, and a calibration or held-out text equal to any training text is dropped,
so no figure is measured on text the model was trained on.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.errors import ConfigError
from bot.intents import ALL_INTENTS, OUT_OF_SCOPE
from bot.understanding.masking import mask_entities

BITEXT_FILE = Path("bitext/bitext_llm_cs_4514_with_responses.csv")
CLINC_FILE = Path("clinc150/train.csv")
BANKING_FILE = Path("banking77/train.csv")
CLINC_VALIDATION_START = 15100
"""CLINC150's file holds its train rows (150 x 100 + 100 oos), then its validation rows."""
MAX_PER_FOREIGN_OOS_LABEL = 12
"""Caps each foreign label that becomes out_of_scope, so off-topic negatives do not swamp the
shop's intents: too many taught the model that anything unlike a support request is off-topic."""


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    source: str
    """project, bitext, clinc150, banking77, or an extra file's name."""


@dataclass
class Splits:
    """One source's examples, split so that nothing calibrated on or reported was trained on."""

    train: list[Example] = field(default_factory=list)
    calibration: list[Example] = field(default_factory=list)
    heldout: list[Example] = field(default_factory=list)

    def __iadd__(self, other: Splits) -> Splits:
        self.train += other.train
        self.calibration += other.calibration
        self.heldout += other.heldout
        return self


def text_key(text: str) -> str:
    """What makes two texts the same example: equal after masking, lower-casing, and dropping
    punctuation and spacing."""
    return " ".join(re.findall(r"\w+", mask_entities(text).lower()))


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


def split_three(
    examples: Iterable[Example], *, heldout: float, calibration: float, seed: int
) -> Splits:
    """A split stratified by intent; texts with the same `text_key` stay in one part (even under
    two intents). Intents with fewer than three distinct texts are all trained on."""
    groups: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        groups[text_key(example.text)].append(example)
    by_intent: dict[str, list[str]] = defaultdict(list)
    for key, rows in groups.items():
        by_intent[rows[0].intent].append(key)
    rng = random.Random(seed)
    splits = Splits()
    for intent in sorted(by_intent):
        keys = sorted(by_intent[intent])
        rng.shuffle(keys)
        held = round(len(keys) * heldout) if len(keys) > 2 else 0
        calibrated = round(len(keys) * calibration) if len(keys) > 2 else 0
        for n, key in enumerate(keys):
            part = (
                splits.heldout
                if n < held
                else splits.calibration
                if n < held + calibrated
                else splits.train
            )
            part += groups[key]
    return splits


def unseen(examples: Iterable[Example], trained: Iterable[Example]) -> list[Example]:
    """The examples whose text is not among the trained ones (after `text_key`)."""
    keys = {text_key(e.text) for e in trained}
    return [e for e in examples if text_key(e.text) not in keys]


def _cap_foreign_negatives(
    examples: list[Example], foreign: dict[str, str], seed: int
) -> list[Example]:
    """At most MAX_PER_FOREIGN_OOS_LABEL out_of_scope examples per foreign label (`foreign`:
    text -> its label in the public set; CLINC's own `oos` rows are all kept)."""
    rng = random.Random(seed)
    by_label: dict[str, list[Example]] = defaultdict(list)
    kept = []
    for example in examples:
        label = foreign[example.text]
        if example.intent == OUT_OF_SCOPE and label != "oos":
            by_label[label].append(example)
        else:
            kept.append(example)
    for label in sorted(by_label):
        rows = by_label[label]
        kept += rng.sample(rows, min(len(rows), MAX_PER_FOREIGN_OOS_LABEL))
    return kept


def _mapped(
    rows: Iterable[tuple[str, str]], mapping: dict[str, str | None], source: str
) -> tuple[list[Example], dict[str, str]]:
    """Our examples, and each text's label in the public set."""
    examples, foreign = [], {}
    for text, label in rows:
        ours = map_label(label, mapping)
        if ours is not None and text.strip():
            examples.append(Example(text.strip(), ours, source))
            foreign[text.strip()] = label
    return examples, foreign


@dataclass
class PublicSets:
    """What `data/` adds: training and calibration examples, and the held-out sets reported."""

    train: list[Example] = field(default_factory=list)
    calibration: list[Example] = field(default_factory=list)
    heldout: dict[str, list[Example]] = field(default_factory=dict)


def public_examples(
    data_dir: Path, maps_dir: Path, *, seed: int, heldout: float, calibration: float
) -> PublicSets:
    """The public sets that are present under `data_dir` (a shop may remove any of them)."""
    sets = PublicSets()

    def add(name: str, splits: Splits) -> None:
        sets.train.extend(splits.train)
        sets.calibration.extend(splits.calibration)
        if splits.heldout:
            sets.heldout[name] = splits.heldout

    bitext = data_dir / BITEXT_FILE
    if bitext.is_file():
        examples, _ = _mapped(
            ((r["instruction"], r["intent"]) for r in _csv_rows(bitext)),
            load_label_map(maps_dir / "bitext_4514.csv"),
            "bitext",
        )
        add(
            "bitext_heldout",
            split_three(examples, heldout=heldout, calibration=calibration, seed=seed),
        )
    banking = data_dir / BANKING_FILE
    if banking.is_file():
        examples, foreign = _mapped(
            ((r["text"], r["category"]) for r in _csv_rows(banking)),
            load_label_map(maps_dir / "banking77.csv"),
            "banking77",
        )
        splits = split_three(examples, heldout=heldout, calibration=calibration, seed=seed)
        splits.train = _cap_foreign_negatives(splits.train, foreign, seed)
        add("banking77_heldout", splits)
    clinc = data_dir / CLINC_FILE
    if clinc.is_file():
        rows = [(r["text"], r["intent"]) for r in _csv_rows(clinc)]
        mapping = load_label_map(maps_dir / "clinc150.csv")
        examples, foreign = _mapped(rows[:CLINC_VALIDATION_START], mapping, "clinc150")
        examples = _cap_foreign_negatives(examples, foreign, seed)
        add("clinc150", split_three(examples, heldout=0.0, calibration=calibration, seed=seed))
        validation, _ = _mapped(rows[CLINC_VALIDATION_START:], mapping, "clinc150")
        sets.heldout["clinc150_validation"] = validation
    sets.calibration = unseen(sets.calibration, sets.train)
    sets.heldout = {name: unseen(rows, sets.train) for name, rows in sets.heldout.items()}
    return sets


def extra_examples(paths: Iterable[Path], maps_dir: Path) -> list[Example]:
    """Training examples from a shop's own CSV files (an `utterance` or `text` column, and an
    `intent` or `label` column), e.g. Bitext's 20K sample, which may not be redistributed."""
    mapping = load_label_map(maps_dir / "bitext_4514.csv")
    examples = []
    for path in paths:
        if not path.is_file():
            raise ConfigError(f"BOT_NLU_EXTRA_FILES: no file {path}")
        rows = _csv_rows(path)
        columns = set(rows[0]) if rows else set()
        text = next((c for c in ("utterance", "text", "instruction") if c in columns), None)
        label = next((c for c in ("intent", "label") if c in columns), None)
        if text is None or label is None:
            raise ConfigError(
                f"BOT_NLU_EXTRA_FILES: {path} needs a text and an intent column; "
                f"it has {sorted(columns)}"
            )
        unknown = {r[label] for r in rows if map_label(r[label], mapping) is None}
        if unknown:
            raise ConfigError(
                f"BOT_NLU_EXTRA_FILES: {path} has labels that are not ours: {sorted(unknown)[:5]}"
            )
        examples += _mapped(((r[text], r[label]) for r in rows), mapping, path.name)[0]
    return examples


def catalog_names(paths: Iterable[Path]) -> list[str]:
    """Product names from catalog files (a list or an object of products with a `name`), and
    each name's first two words, the way customers shorten them ("Aurora Halo")."""
    names: set[str] = set()
    for path in paths:
        if not path.is_file():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        products = data.values() if isinstance(data, dict) else data
        for product in products:
            name = str(product.get("name") or "").strip() if isinstance(product, dict) else ""
            if name:
                names.add(name)
                words = name.split()
                if len(words) > 2:
                    names.add(" ".join(words[:2]))
    return sorted(names)
