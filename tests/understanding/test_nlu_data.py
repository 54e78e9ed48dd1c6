from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.intents import ALL_INTENTS
from bot.understanding.nlu_data import (
    load_label_map,
    load_rasa_yaml,
    map_label,
    project_examples,
    shared_examples,
)
from tests.conftest import SHARED

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


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared not present")
def test_public_sets_keep_evaluation_data_out_of_training(knowledge: Path) -> None:
    sets = shared_examples(SHARED / "data", knowledge / "nlu" / "maps", seed=42)
    assert sets is not None
    trained = {e.text for e in sets.train}
    assert not trained & {e.text for e in sets.bitext_test}
    assert not trained & {e.text for e in sets.clinc_validation_oos}
    assert len(sets.clinc_validation_oos) == 100
    assert {e.intent for e in sets.train} <= set(ALL_INTENTS)
