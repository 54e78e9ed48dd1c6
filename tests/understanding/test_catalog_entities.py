from __future__ import annotations

from datetime import date

import pytest

from bot.turn import DialogueState
from bot.understanding.catalog_matcher import CatalogMatcher
from bot.understanding.entities import extract_entities
from bot.understanding.intent_rules import RuleIntentClassifier
from bot.understanding.understander import Understander


@pytest.mark.parametrize(
    ("text", "first_product"),
    [
        ("do the aurora halo headphnes have ANC?", "P-1001"),
        ("is the Keyforge K75 hot-swappable", "P-1010"),
        ("K60 keyboard in brown?", "P-1013"),
        ("my zephir r5 robot vaccum keeps beeping", "P-1040"),
        ("how loud is the Nordwave Boom 2", "P-1003"),
        ("pebble earbuds battery", "P-1002"),
    ],
)
def test_products_are_found_despite_typos(
    catalog: CatalogMatcher, text: str, first_product: str
) -> None:
    products = extract_entities(text, catalog).products
    assert products and products[0].id == first_product


def test_model_numbers_must_match_exactly(catalog: CatalogMatcher) -> None:
    ids = [p.id for p in extract_entities("the Zephyr R9 robot vacuum", catalog).products]
    assert ids[0] == "P-1042" and "P-1040" not in ids


def test_a_category_word_alone_is_not_a_product(catalog: CatalogMatcher) -> None:
    found = extract_entities("do you sell headphones?", catalog)
    assert found.products == ()
    assert found.categories == ("headphones",)


def test_brands_categories_options_and_money(catalog: CatalogMatcher) -> None:
    found = extract_entities("any Lumina smart plugs in a 4-pack under $40?", catalog)
    assert found.brands == ("lumina",)
    assert "smart-plugs" in found.categories
    assert ("size", "4-pack") in found.options
    assert found.amounts_cents == (4000,)
    assert ("color", "midnight blue") in extract_entities("the midnight blue one", catalog).options
    assert extract_entities("黑色的那个", catalog).options == (("color", "black"),)


@pytest.mark.parametrize(
    ("text", "quantities"),
    [
        ("I need 2 kettles and 3 bulbs", (2, 3)),
        ("x2 please", (2,)),
        ("two of them", (2,)),
        ("我要两个", (2,)),
        ("it took 3 days", ()),
        ("my zip is 94110", ()),
    ],
)
def test_quantities(text: str, quantities: tuple[int, ...]) -> None:
    assert extract_entities(text).quantities == quantities


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("delivered on 2026-11-20", date(2026, 11, 20)),
        ("it came Nov 20th", date(2026, 11, 20)),
        ("on 11/20", date(2026, 11, 20)),
        ("11月20日到的", date(2026, 11, 20)),
        ("it arrived yesterday", date(2026, 11, 27)),
    ],
)
def test_dates(text: str, day: date) -> None:
    assert extract_entities(text, today=date(2026, 11, 28)).dates == (day,)


def understander(catalog_terms) -> Understander:  # type: ignore[no-untyped-def]
    return Understander(RuleIntentClassifier(), lambda: catalog_terms)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what about the blue one?", "P-1001"),
        ("the second one", "P-1002"),
        ("and the last one?", "P-1003"),
        ("第二个呢", "P-1002"),
    ],
)
def test_references_to_products_shown_before(demo_terms, text: str, expected: str) -> None:
    state = DialogueState(last_products=("P-1001", "P-1002", "P-1003"))
    understood = understander(demo_terms).run(text, state, date(2026, 11, 28))
    assert [p.id for p in understood.entities.products] == [expected]


def test_it_refers_back_only_when_unambiguous(demo_terms) -> None:
    stage = understander(demo_terms)
    one = stage.run(
        "how long does it last?", DialogueState(last_products=("P-1050",)), date(2026, 11, 28)
    )
    assert [p.id for p in one.entities.products] == ["P-1050"]
    two = stage.run(
        "how long does it last?",
        DialogueState(last_products=("P-1050", "P-1001")),
        date(2026, 11, 28),
    )
    assert two.entities.products == ()
