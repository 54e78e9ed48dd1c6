from __future__ import annotations

from datetime import date

import pytest

from bot.turn import DialogueState
from bot.understanding.catalog_matcher import CatalogMatcher
from bot.understanding.classifier import IntentGuess
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


class _SaysOutOfScope:
    """A classifier that finds nothing about shopping, with runners-up of each kind."""

    def warm_up(self) -> None:
        """Nothing to load."""

    def classify(self, text: str, entities: object) -> IntentGuess:
        return IntentGuess(
            "out_of_scope", 0.7, alternatives=(("product_search", 0.1), ("cancel_order", 0.05))
        )


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("my Vireo monitor says No Signal, what now", "product_search"),
        ("where is ORD-10001'; DROP TABLE orders; --", "cancel_order"),
        ("what is the meaning of life", "out_of_scope"),
    ],
)
def test_a_message_naming_our_product_or_order_is_about_shopping(
    demo_terms, text: str, intent: str
) -> None:
    stage = Understander(_SaysOutOfScope(), lambda: demo_terms)
    understood = stage.run(text, DialogueState(), date(2026, 11, 28))
    assert understood.intent == intent


@pytest.mark.parametrize(
    ("text", "intent"), [("yes", "affirm"), ("no thanks", "deny"), ("yes?", "out_of_scope")]
)
def test_a_plain_yes_or_no_is_read_not_classified(demo_terms, text: str, intent: str) -> None:
    stage = Understander(_SaysOutOfScope(), lambda: demo_terms)
    assert stage.run(text, DialogueState(), date(2026, 11, 28)).intent == intent


class _Unsure:
    def __init__(self, intent: str) -> None:
        self._intent = intent

    def warm_up(self) -> None:
        """Nothing to load."""

    def classify(self, text: str, entities: object) -> IntentGuess:
        return IntentGuess(
            self._intent,
            0.4,
            alternatives=(("product_question", 0.3), ("track_order", 0.1)),
            is_uncertain=True,
        )


@pytest.mark.parametrize(
    ("unsure_of", "intent", "still_unsure"),
    [("review", "product_question", False), ("return_item", "return_item", True)],
)
def test_unsure_between_a_product_question_and_what_changes_nothing(
    demo_terms, unsure_of: str, intent: str, still_unsure: bool
) -> None:
    stage = Understander(_Unsure(unsure_of), lambda: demo_terms)
    understood = stage.run("Pulsefit Run water rating", DialogueState(), date(2026, 11, 28))
    assert (understood.intent, understood.is_uncertain) == (intent, still_unsure)
