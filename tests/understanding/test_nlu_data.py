from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.intents import ALL_INTENTS
from bot.settings import Settings
from bot.understanding import intent_zh
from bot.understanding.evaluation import read_labelled_csv
from bot.understanding.nlu_data import (
    Example,
    extra_examples,
    load_label_map,
    load_rasa_yaml,
    map_label,
    project_examples,
    public_examples,
    split_three,
    text_key,
)
from bot.wiring import nlu_training_data
from tests.conftest import REPO

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_projects_own_examples_cover_every_intent_in_both_languages(knowledge: Path) -> None:
    examples = project_examples(knowledge / "nlu")
    english = {e.intent for e in examples if not CJK.search(e.text)}
    chinese = {e.intent for e in examples if CJK.search(e.text)}
    assert english == set(ALL_INTENTS) and chinese == set(ALL_INTENTS)


def test_unknown_intent_or_broken_yaml_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("nlu:\n- intent: fly_to_mars\n  examples: |\n    - take me\n")
    with pytest.raises(ConfigError, match=r"bad\.yml: block 1: unknown intent 'fly_to_mars'"):
        load_rasa_yaml(bad)
    bad.write_text("nlu: [unclosed")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_rasa_yaml(bad)


def test_label_maps(knowledge: Path, tmp_path: Path) -> None:
    clinc = load_label_map(knowledge / "nlu" / "maps" / "clinc150.csv")
    assert map_label("greeting", clinc) == "greet"
    assert map_label("book_flight", clinc) == "out_of_scope"
    assert map_label("cancel", clinc) is None
    broken = tmp_path / "map.csv"
    broken.write_text("foreign,ours\nfoo,not_an_intent\n")
    with pytest.raises(ConfigError, match="line 2: 'not_an_intent' is not one of our intents"):
        load_label_map(broken)


def test_public_sets_keep_evaluation_data_out_of_training(knowledge: Path) -> None:
    sets = public_examples(
        REPO / "data", knowledge / "nlu" / "maps", seed=42, heldout=0.15, calibration=0.1
    )
    trained = {text_key(e.text) for e in sets.train}
    assert set(sets.heldout) == {"bitext_heldout", "banking77_heldout", "clinc150_validation"}
    for rows in sets.heldout.values():
        assert len(rows) > 500
    assert not trained & {text_key(e.text) for e in sets.heldout["bitext_heldout"]}
    assert not trained & {text_key(e.text) for e in sets.heldout["banking77_heldout"]}
    assert not trained & {text_key(e.text) for e in sets.calibration}
    assert sum(e.intent == "out_of_scope" for e in sets.heldout["clinc150_validation"]) > 2500
    assert {e.intent for e in sets.train} <= set(ALL_INTENTS)


def test_no_reported_or_calibration_text_was_trained_on(settings: Settings) -> None:
    data = nlu_training_data(settings)
    trained = {text_key(e.text) for e in (*data.train, *data.zh_train)}
    for name, rows in {**data.heldout, "calibration": data.calibration}.items():
        assert rows, name
        assert not trained & {text_key(e.text) for e in rows}, name
    assert not trained & {text_key(e.text) for e in data.zh_calibration}
    # "Where is ORD-10042?" and "where is ord-10117" are one example
    assert text_key("Where is ORD-10042?") == text_key("where is  ord-10117")


def test_the_report_only_sets_share_no_text_with_training(settings: Settings) -> None:
    """knowledge/eval/nlu/ is only ever reported: none of its rows may be a training example,
    also once Chinese is simplified (the Chinese model reads 訂單 as 订单)."""
    data = nlu_training_data(settings)
    trained = [e.text for e in (*project_examples(settings.nlu_dir), *data.train, *data.zh_train)]
    keys = {text_key(t) for t in intent_zh.simplified(trained)}
    for path in sorted((REPO / "knowledge" / "eval" / "nlu").glob("*.csv")):
        rows = read_labelled_csv(path)
        repeated = [t for t in rows.texts if text_key(intent_zh.simplified([t])[0]) in keys]
        assert not repeated, f"{path.name}: {repeated[:5]}"


def test_split_keeps_equal_texts_together_and_every_intent_in_training() -> None:
    examples = [Example(f"text {n % 40}", "greet", "t") for n in range(120)]
    examples += [Example("only one", "thank", "t")]
    splits = split_three(examples, heldout=0.2, calibration=0.1, seed=1)
    train = {e.text for e in splits.train}
    assert not train & {e.text for e in splits.heldout + splits.calibration}
    assert (
        len({e.text for e in splits.heldout}) == 8
        and len({e.text for e in splits.calibration}) == 4
    )
    assert "only one" in train


def test_an_extra_file_of_a_shops_own_examples(knowledge: Path, tmp_path: Path) -> None:
    good = tmp_path / "mine.csv"
    good.write_text(
        "utterance,intent\nwhere's my parcel,track_order\nI need an invoice,check_invoice\n"
    )
    examples = extra_examples([good], knowledge / "nlu" / "maps")
    assert [(e.text, e.intent) for e in examples] == [
        ("where's my parcel", "track_order"),
        ("I need an invoice", "check_invoices"),
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("utterance,intent\nfly me to mars,book_rocket\n")
    with pytest.raises(ConfigError, match="labels that are not ours: \\['book_rocket'\\]"):
        extra_examples([bad], knowledge / "nlu" / "maps")
    with pytest.raises(ConfigError, match="needs a text and an intent column"):
        (tmp_path / "cols.csv").write_text("a,b\n1,2\n")
        extra_examples([tmp_path / "cols.csv"], knowledge / "nlu" / "maps")
