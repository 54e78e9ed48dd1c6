"""The trained model itself (trained once per run by the `models_dir` fixture)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from bot.intents import ALL_INTENTS
from bot.understanding.evaluation import score
from bot.understanding.intent_model import IntentModel
from bot.understanding.training import current_model, gather, train
from bot.wiring import nlu_training_config
from tests.conftest import SHARED

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model(models_dir: Path) -> IntentModel:
    folder = current_model(models_dir)
    assert folder is not None
    return IntentModel(folder)


def heldout(model: IntentModel, name: str) -> tuple[list[str], list[str]]:
    with (model._dir / "heldout" / f"{name}.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def test_artifact_describes_itself(model: IntentModel) -> None:
    card = json.loads((model._dir / "nlu.json").read_text())
    assert tuple(card["labels"]) == ALL_INTENTS
    assert 0.2 <= card["threshold"] <= 0.9 and 0.2 <= card["zh_threshold"] <= 0.9
    assert card["counts"]["project"] > 3000


def test_english_held_out_accuracy(model: IntentModel) -> None:
    texts, labels = heldout(model, "validation")
    assert score(labels, model.classify_many(texts))["accuracy"] >= 0.9


def test_chinese_held_out_accuracy(model: IntentModel) -> None:
    texts, labels = heldout(model, "validation_zh")
    assert score(labels, model.classify_many(texts))["accuracy"] >= 0.6


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared not present")
def test_clinc_out_of_scope_queries_are_not_acted_on(model: IntentModel) -> None:
    texts, labels = heldout(model, "clinc150_validation_oos")
    assert score(labels, model.classify_many(texts))["oos_recall"] >= 0.9


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Where is my order ORD-10042?", "track_order"),
        ("I want to talk to a human", "contact_human_agent"),
        ("can I send back the kettle, it leaks", "return_item"),
        ("我想退货", "return_item"),
        ("转人工", "contact_human_agent"),
        ("what's the capital of Peru?", "out_of_scope"),
        ("'; DROP TABLE orders; --", "out_of_scope"),
    ],
)
def test_typical_messages(model: IntentModel, text: str, intent: str) -> None:
    guess = model.classify_many([text])[0]
    assert guess.intent == intent and not guess.is_uncertain


def test_training_again_reuses_the_artifact(models_dir: Path, tmp_path: Path) -> None:
    from bot.settings import Settings

    settings = Settings(
        _env_file=None,
        models_dir=models_dir,  # type: ignore[call-arg]
        knowledge_dir=Path(__file__).resolve().parents[2] / "knowledge",
        shared_data_dir=SHARED / "data",
    )
    config = nlu_training_config(settings)
    data = gather(settings.nlu_dir, settings.shared_data_dir, settings.nlu_dir / "maps", config)
    folder = current_model(models_dir)
    assert folder is not None
    written = (folder / "nlu.json").stat().st_mtime_ns
    assert train(data, config, models_dir) == folder
    assert (folder / "nlu.json").stat().st_mtime_ns == written  # reused, not retrained
