"""The trained model itself (trained once per run by the `models_dir` fixture)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.intents import ALL_INTENTS
from bot.understanding.evaluation import read_labelled_csv, score
from bot.understanding.intent_model import IntentModel
from bot.understanding.training import current_model, train
from bot.wiring import nlu_training_config, nlu_training_data
from tests.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model(models_dir: Path) -> IntentModel:
    folder = current_model(models_dir)
    assert folder is not None
    return IntentModel(folder)


def test_artifact_describes_itself(model: IntentModel) -> None:
    card = json.loads((model._dir / "nlu.json").read_text())
    assert tuple(card["labels"]) == ALL_INTENTS
    for thresholds in (card["thresholds"], card["zh_thresholds"]):
        assert 0.05 <= thresholds["oos"] <= 0.95 and 0.1 <= thresholds["unsure"] <= 0.9
    assert card["counts"]["train"] > 10_000 and card["counts"]["zh_train"] > 2_000
    assert card["schedule"]["epochs"] >= 1


def reported(model: IntentModel, name: str) -> dict[str, Any]:
    """The model's figures on a set training and calibration never saw."""
    folder = REPO / "knowledge" / "eval" / "nlu"
    path = folder / f"{name}.csv" if (folder / f"{name}.csv").is_file() else None
    rows = read_labelled_csv(path or model._dir / "heldout" / f"{name}.csv")
    return score(rows.labels, model.classify_many(rows.texts))


# Floors a little under what the shipped settings reach (the issue note has the figures, beside
# the TF-IDF baseline): a change that makes the model worse on unseen wording fails here.
def test_support_requests_in_unseen_wording(model: IntentModel) -> None:
    assert reported(model, "bitext_heldout")["accuracy"] >= 0.95
    assert reported(model, "project_validation")["accuracy"] >= 0.88


def test_real_users_wording(model: IntentModel) -> None:
    figures = reported(model, "en_users_heldout")
    assert figures["macro_f1"] >= 0.85
    assert figures["in_scope_rejected"] <= 0.10
    assert figures["oos_recall"] >= 0.85


def test_off_topic_questions_are_out_of_scope(model: IntentModel) -> None:
    assert reported(model, "clinc150_validation")["oos_recall"] >= 0.93


def test_chinese_in_unseen_wording_traditional_characters_and_typos(model: IntentModel) -> None:
    assert reported(model, "zh_heldout")["accuracy"] >= 0.85
    # The held-out slice of zh.yml is the harder set (short, context-bound replies): measured
    # 0.81-0.82, beside 0.73 for TF-IDF on words.
    assert reported(model, "project_validation_zh")["accuracy"] >= 0.78


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
        knowledge_dir=REPO / "knowledge",
        public_data_dir=REPO / "data",
    )
    config = nlu_training_config(settings)
    data = nlu_training_data(settings)
    folder = current_model(models_dir)
    assert folder is not None
    written = (folder / "nlu.json").stat().st_mtime_ns
    assert train(data, config, models_dir) == folder
    assert (folder / "nlu.json").stat().st_mtime_ns == written  # reused, not retrained
