"""Augmentation makes realistic variants, deterministically, and balancing bounds every intent."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from bot.understanding.augment import NameSwapper, augment, balance, typo
from bot.understanding.nlu_data import Example


def test_variants_follow_each_example_and_swap_product_names() -> None:
    examples = [Example("Is the Aurora Halo in stock?", "product_availability", "project")]
    made = augment(examples, names=["Aurora Halo", "Zephyr R5"], copies=2, seed=3)
    assert made[0] == examples[0] and len(made) == 3
    assert all(e.intent == "product_availability" for e in made)
    assert "zephyr r5" in made[1].text.lower() and "halo" not in made[1].text.lower()
    assert made == augment(examples, names=["Aurora Halo", "Zephyr R5"], copies=2, seed=3)


def test_a_name_is_found_whatever_its_case() -> None:
    swapper = NameSwapper(["Aurora Halo ANC Headphones", "Aurora Halo", "Water Bottle"])
    swapped = swapper.swap("my aurora halo anc headphones broke", random.Random(1))
    assert swapped is not None and "aurora halo anc" not in swapped.lower()
    assert swapper.swap("nothing named here", random.Random(1)) is None


@given(st.text(min_size=1, max_size=60), st.integers(0, 10_000))
def test_a_typo_changes_at_most_one_word(text: str, seed: int) -> None:
    before, after = text.split(" "), typo(text, random.Random(seed)).split(" ")
    assert len(before) == len(after)
    assert sum(a != b for a, b in zip(before, after, strict=True)) <= 1


def test_balance_bounds_each_intent_and_keeps_the_projects_own_first() -> None:
    rows = [Example(f"p{n}", "greet", "project") for n in range(5)]
    rows += [Example(f"b{n}", "greet", "bitext") for n in range(50)]
    rows += [Example("only", "thank", "project")]
    rows += [Example(f"o{n}", "out_of_scope", "clinc150") for n in range(50)]
    counts = Counter(e.intent for e in balance(rows, floor=4, ceiling=10, seed=1))
    assert counts == {"greet": 10, "thank": 4, "out_of_scope": 20}
    kept = [e for e in balance(rows, floor=4, ceiling=10, seed=1) if e.intent == "greet"]
    assert {f"p{n}" for n in range(5)} <= {e.text for e in kept}


def test_the_names_are_in_the_same_order_in_every_process() -> None:
    """Set order changes from one process to the next (PYTHONHASHSEED): ties in length must not
    follow it, or every process would train on other data and `bot setup` would retrain."""
    script = (
        "from bot.understanding.augment import NameSwapper;"
        "print(NameSwapper(['Orbit Watch S', 'Nova Lamp A1', 'Aurora Halo', 'Zephyr Pure',"
        " 'Keyforge K75', 'Halden Arc', 'Vireo 27 in'])._names)"
    )
    orders = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(4)
    }
    assert len(orders) == 1
