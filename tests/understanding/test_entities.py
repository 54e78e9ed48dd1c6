from __future__ import annotations

import pytest

from bot.language import detect_language
from bot.understanding.entities import extract_entities


@pytest.mark.parametrize(
    ("text", "order_ids"),
    [
        ("where is ORD-10042?", ("ORD-10042",)),
        ("order 10042 please", ("ORD-10042",)),
        ("order #10042", ("ORD-10042",)),
        ("my order number is ord10042", ("ORD-10042",)),
        ("status of #W2611340 and W7678072", ("#W2611340", "#W7678072")),
        ("订单 10042 到哪了", ("ORD-10042",)),
        ("I live at 94110", ()),
    ],
)
def test_order_ids(text: str, order_ids: tuple[str, ...]) -> None:
    assert extract_entities(text).order_ids == order_ids


def test_email_zip_and_phone_are_told_apart() -> None:
    found = extract_entities("Ann.Lee@Example.com, zip 94110, call +1 415-555-0134, ORD-20001")
    assert found.emails == ("ann.lee@example.com",)
    assert found.zips == ("94110",)
    assert found.phones == ("+1 415-555-0134",)
    assert found.order_ids == ("ORD-20001",)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("My name is Ann Lee", ("Ann", "Lee")),
        ("i'm noah brown and my zip is 80279", ("Noah", "Brown")),
        ("Ann Lee, 94110", ("Ann", "Lee")),
        ("Hello there", None),
        ("Where is my order", None),
    ],
)
def test_person_name(text: str, name: tuple[str, str] | None) -> None:
    assert extract_entities(text).person_name == name


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("where is my order", "en"),
        ("我的订单到哪了", "zh"),
        ("订单 ORD-10042 的物流", "zh"),
        ("12345", "en"),
        ("🙂🙂", "en"),
    ],
)
def test_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_language_without_words_keeps_the_conversation_language() -> None:
    assert detect_language("12345", default="zh") == "zh"
