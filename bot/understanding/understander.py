"""The understanding stage: intent, entities and language of one message, in the conversation's context."""

from __future__ import annotations

import re

from bot.turn import DialogueState, Entities, Understanding
from bot.understanding.classifier import IntentClassifier
from bot.understanding.context import apply_context
from bot.understanding.entities import extract_entities
from bot.understanding.language import detect_language


def _without_entities(text: str, entities: Entities) -> str:
    """A message that only gives an email or an order id says nothing about its language."""
    for value in (*entities.emails, *entities.order_ids, *entities.zips, *entities.phones):
        text = re.sub(re.escape(value.lstrip("#")), " ", text, flags=re.IGNORECASE)
    return text


class Understander:
    def __init__(self, classifier: IntentClassifier) -> None:
        self._classifier = classifier

    def warm_up(self) -> None:
        self._classifier.warm_up()

    def run(self, text: str, state: DialogueState) -> Understanding:
        entities = extract_entities(text)
        guess = self._classifier.classify(text, entities)
        understanding = Understanding(
            intent=guess.intent,
            confidence=guess.confidence,
            is_uncertain=guess.is_uncertain,
            alternatives=guess.alternatives,
            entities=entities,
            language=detect_language(_without_entities(text, entities), default=state.language),
        )
        return apply_context(understanding, text, state)
