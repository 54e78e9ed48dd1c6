from __future__ import annotations

import pytest

from bot.understanding.entities import extract_entities
from bot.understanding.intent_rules import RuleIntentClassifier


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Where is my order?", "track_order"),
        ("has ORD-10042 shipped yet", "track_order"),
        ("what about ORD-10042", "track_order"),
        ("我的快递到哪了", "track_order"),
        ("I want to cancel my order", "cancel_order"),
        ("can I speak to a real person", "contact_human_agent"),
        ("转人工", "contact_human_agent"),
        ("hello", "greet"),
        ("thanks a lot", "thank"),
        ("ann.lee@example.com", "provide_info"),
        ("what's the weather on Mars", "out_of_scope"),
    ],
)
def test_rules(text: str, intent: str) -> None:
    guess = RuleIntentClassifier().classify(text, extract_entities(text))
    assert guess.intent == intent
    assert (guess.confidence < 0.5) == (intent == "out_of_scope")
